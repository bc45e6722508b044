#include "test_support.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

namespace ps::test {

QString dataPath(const QString &relative)
{
    return QStringLiteral(PS_SOURCE_DIR "/tests/data/") + relative;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString configHome()
{
    // One per test process: its CLI runs share approvals, and never touch the user's own.
    static const QTemporaryDir dir;
    return dir.path();
}

QProcessEnvironment cliEnvironment(const QStringList &extraEnv)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("PROMPTSMITH_PROJECT"));
    env.remove(QStringLiteral("PROMPTSMITH_TRUSTED_HOSTS"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome());
    env.insert(QStringLiteral("PROMPTSMITH_AUTHOR"), QStringLiteral("tester"));
    for (const QString &entry : extraEnv) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        env.insert(entry.left(eq), entry.mid(eq + 1));
    }
    return env;
}

CliResult runCli(const QStringList &args, const QByteArray &input, const QStringList &extraEnv)
{
    QProcess process;
    process.setProcessEnvironment(cliEnvironment(extraEnv));
    process.start(QStringLiteral(PS_CLI_PATH), args);
    CliResult result;
    if (!process.waitForStarted(10000))
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace ps::test
