// Crash safety: a writer killed with SIGKILL loses no committed version and leaves a sound file.
#include "store/project.h"
#include "store_test_util.h"

#include <QCoreApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstdlib>

using namespace ps;
using namespace ps::test;

namespace {

// When set, this binary is the writer child: the value is the project to write to.
constexpr const char *kWriterVariable = "PS_STORE_CRASH_WRITER";

// Saves versions forever, printing each number only after its transaction committed.
int runWriter(const char *path)
{
    try {
        auto project = store::Project::open(path);
        for (int seed = 1;; ++seed) {
            const auto saved = project.saveVersion(saveRequest("triage", sampleContent(seed)));
            std::printf("%d\n", saved.version.number);
            std::fflush(stdout);
        }
    } catch (const std::exception &error) {
        std::fprintf(stderr, "writer failed: %s\n", error.what());
        return 1;
    }
}

} // namespace

class TestStoreCrash : public QObject
{
    Q_OBJECT

private slots:
    void killedWriterLosesNothingCommitted()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("crash.promptsmith"));
        store::Project::create(path.toStdString()); // closed again at once

        QProcess writer;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kWriterVariable), path);
        writer.setProcessEnvironment(env);
        writer.setProcessChannelMode(QProcess::SeparateChannels);
        writer.start(QStringLiteral("/proc/self/exe"), {});
        QVERIFY(writer.waitForStarted(10000));

        QByteArray output;
        const auto printedLines = [&] {
            return output.count('\n');
        };
        while (printedLines() < 200) {
            if (!writer.waitForReadyRead(30000))
                QFAIL(qPrintable(QStringLiteral("writer stopped early: ")
                    + QString::fromUtf8(writer.readAllStandardError())));
            output += writer.readAllStandardOutput();
        }
        writer.kill(); // SIGKILL: no destructor, no checkpoint, no goodbye
        QVERIFY(writer.waitForFinished(10000));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        output += writer.readAllStandardOutput();

        // Every complete line is a version whose commit returned before it was printed.
        QList<QByteArray> lines = output.split('\n');
        lines.removeLast(); // the part after the last newline (maybe a half-written number)
        QVERIFY(lines.size() >= 200);

        auto project = store::Project::open(path.toStdString());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const int number = lines[i].toInt();
            QCOMPARE(number, int(i) + 1);
            const auto version = project.version("triage", number);
            QVERIFY(version.content == sampleContent(number));
        }
        QVERIFY(project.findPrompt("triage")->latestNumber >= int(lines.size()));
        QCOMPARE(rawQuery(path.toStdString(), "PRAGMA integrity_check"), std::string("ok"));
    }
};

int main(int argc, char **argv)
{
    if (const char *path = std::getenv(kWriterVariable))
        return runWriter(path);
    QCoreApplication app(argc, argv);
    TestStoreCrash test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_store_crash.moc"
