#pragma once

#include <QStringList>

#include <functional>

class QMenu;

// The projects opened last, newest first, kept in the user's settings (File ▸ Open Recent).
namespace ps::app {

class RecentProjects
{
public:
    static constexpr int kMax = 8;

    static QStringList list();
    // Moves `path` to the front, keeping at most kMax.
    static void remember(const QString &path);
    // File ▸ Open Recent: `menu` lists them each time it opens; a choice calls `open`.
    static void attachTo(QMenu *menu, std::function<void(const QString &path)> open);
};

} // namespace ps::app
