#pragma once

#include <QString>

#include <string>

// Core keeps text as UTF-8 std::string; the views and the app show it as QString, converted here.
namespace ps::widgets {

inline QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace ps::widgets
