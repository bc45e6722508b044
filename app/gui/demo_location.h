#pragma once

#include <QString>

// Where the demo project lives (the user's data folder), created on first start.
namespace ps::app {

// Returns the demo project's path, creating it first if it does not exist yet.
// On failure returns an empty string and sets `error`.
QString ensureDemoProject(QString *error);

} // namespace ps::app
