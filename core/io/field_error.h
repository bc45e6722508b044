#pragma once

#include <stdexcept>
#include <string>

// How the readers of other tools' files refuse one: the field or line, then why
// ("messages[1].role: must be system, user or assistant").
namespace ps::io {

[[noreturn]] inline void badField(const std::string &path, const std::string &reason)
{
    throw std::invalid_argument(path + ": " + reason);
}

} // namespace ps::io
