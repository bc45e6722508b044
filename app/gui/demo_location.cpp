#include "demo_location.h"

#include "demo/demo_project.h"
#include "store/project.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace ps::app {

QString ensureDemoProject(QString *error)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString path = folder + QStringLiteral("/demo.promptsmith");
    if (QFileInfo::exists(path))
        return path;
    if (!QDir().mkpath(folder)) {
        *error = QObject::tr("Cannot create the folder %1.").arg(folder);
        return {};
    }
    try {
        store::Project project = store::Project::create(path.toStdString());
        demo::populateDemoProject(project);
    } catch (const std::exception &e) {
        *error = QString::fromStdString(e.what());
        QFile::remove(path);
        return {};
    }
    return path;
}

} // namespace ps::app
