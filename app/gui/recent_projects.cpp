#include "recent_projects.h"

#include <QSettings>

namespace ps::app {

namespace {

const QString kKey = QStringLiteral("recentProjects");

} // namespace

QStringList RecentProjects::list()
{
    return QSettings().value(kKey).toStringList();
}

void RecentProjects::remember(const QString &path)
{
    QStringList recent = list();
    recent.removeAll(path);
    recent.prepend(path);
    QSettings().setValue(kKey, recent.mid(0, kMax));
}

} // namespace ps::app
