#pragma once

#include <QStringList>

// The projects opened last, newest first, kept in the user's settings (File ▸ Open Recent).
namespace ps::app {

class RecentProjects
{
public:
    static constexpr int kMax = 8;

    static QStringList list();
    // Moves `path` to the front, keeping at most kMax.
    static void remember(const QString &path);
};

} // namespace ps::app
