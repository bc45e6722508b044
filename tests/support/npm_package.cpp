#include "npm_package.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QProcess>
#include <QStandardPaths>

namespace ps::test {

NpmPackage npmPackage(const QString &spec, const QString &folder)
{
    const QString root = QStringLiteral(PS_NPM_TOOLS_DIR "/") + folder;
    const QString done = root + QStringLiteral("/.installed");
    QDir().mkpath(root);
    QLockFile lock(root + QStringLiteral("/.lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(10 * 60 * 1000))
        return {{}, QStringLiteral("another test holds %1's install lock").arg(spec)};
    if (QFile::exists(done))
        return {root, {}};
    const QString npm = QStandardPaths::findExecutable(QStringLiteral("npm"));
    if (npm.isEmpty())
        return {{}, QStringLiteral("npm is not installed, so %1 could not be installed to check the file with it").arg(spec)};
    QProcess install;
    install.setProcessChannelMode(QProcess::MergedChannels);
    install.start(npm, {QStringLiteral("install"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
                           QStringLiteral("--no-save"), QStringLiteral("--prefix"), root, spec});
    if (!install.waitForFinished(5 * 60 * 1000)) {
        install.kill();
        install.waitForFinished();
        return {{}, QStringLiteral("npm install %1 did not finish in 5 minutes").arg(spec)};
    }
    if (install.exitStatus() != QProcess::NormalExit || install.exitCode() != 0)
        return {{}, QStringLiteral("npm install %1 failed: %2").arg(spec, QString::fromUtf8(install.readAll().right(400)))};
    QFile marker(done);
    if (!marker.open(QIODevice::WriteOnly))
        return {{}, QStringLiteral("cannot write %1").arg(done)};
    return {root, {}};
}

QString nodeProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("node"));
}

} // namespace ps::test
