#pragma once

#include <QString>

#include <string>

namespace ps::app {
class MainWindow;
}
namespace ps::widgets {
class PromptWorkbench;
}

// What the window's suites do alike, as a user does it.
namespace ps::test {

// Opens the project at `path` in `window`, shows it, and waits until the project is in it and
// the window is active; false (with the reason logged) when that does not happen.
bool openAndWait(app::MainWindow &window, const QString &path);

// Types `text` at the end of the last message card, key by key.
void typeAtEnd(widgets::PromptWorkbench *bench, const QString &text);

// Selects a run's row in the project tree once the window lists it (a run made elsewhere arrives
// when the window reads the project again), as a user clicks it; false if it never shows.
bool selectRunInTree(app::MainWindow &window, const std::string &runId);

} // namespace ps::test
