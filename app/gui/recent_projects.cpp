#include "recent_projects.h"

#include "app_settings.h"

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
