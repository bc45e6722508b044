#include "recent_projects.h"

#include "app_settings.h"

#include <QMenu>

namespace ps::app {

QStringList RecentProjects::list()
{
    return settings::recentProjects();
}

void RecentProjects::remember(const QString &path)
{
    QStringList recent = list();
    recent.removeAll(path);
    recent.prepend(path);
    settings::setRecentProjects(recent.mid(0, kMax));
}

} // namespace ps::app

namespace ps::app {

void RecentProjects::attachTo(QMenu *menu, std::function<void(const QString &path)> open)
{
    QObject::connect(menu, &QMenu::aboutToShow, menu, [menu, open = std::move(open)] {
        menu->clear();
        const QStringList recent = list();
        for (const QString &path : recent)
            menu->addAction(path, menu, [open, path] { open(path); });
        if (recent.isEmpty())
            menu->addAction(QObject::tr("No recent projects"))->setEnabled(false);
    });
}

} // namespace ps::app
