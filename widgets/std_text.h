#pragma once

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

// Core keeps text as UTF-8 std::string; the views and the app show it as QString, converted here.
namespace ps::widgets {

inline QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

inline QStringList qs(const std::vector<std::string> &items)
{
    QStringList list;
    list.reserve(qsizetype(items.size()));
    for (const std::string &item : items)
        list << qs(item);
    return list;
}

} // namespace ps::widgets
