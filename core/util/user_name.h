#pragma once

#include <string>

// Who is saving a version when nobody said: one rule for the CLI and the window.
namespace ps::util {

// PROMPTSMITH_AUTHOR when set, else this user's login name (the password database, then LOGNAME
// and USER), else "unknown".
std::string defaultAuthor();

} // namespace ps::util
