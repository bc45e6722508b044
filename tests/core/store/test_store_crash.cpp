// Crash safety: a writer killed with SIGKILL, or stopped by a full disk, loses no committed
// version and leaves a sound file.
#include "store/project.h"
#include "store_test_util.h"

#include <QCoreApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <sys/resource.h>

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

// When set, this binary is a writer on a "full disk": the value is the project to write to.
constexpr const char *kFullDiskVariable = "PS_STORE_FULL_DISK_WRITER";
constexpr int kFullDiskExit = 7;

// Saves versions until the disk "fills": RLIMIT_FSIZE makes every write past 1 MiB fail,
// as a full disk does. Prints each committed number, then the refusal on stderr.
int runFullDiskWriter(const char *path)
{
    std::signal(SIGXFSZ, SIG_IGN); // get an error from write() instead of being killed
    const rlimit limit {1024 * 1024, 1024 * 1024};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
        return 2;
    try {
        auto project = store::Project::open(path);
        const std::string padding(2000, 'x');
        for (int seed = 1; seed < 100000; ++seed) {
            auto content = sampleContent(seed);
            content.messages[0].content += padding;
            const auto saved = project.saveVersion(saveRequest("triage", content));
            std::printf("%d\n", saved.version.number);
            std::fflush(stdout);
        }
    } catch (const store::StoreError &error) {
        std::fprintf(stderr, "%d|%s\n", static_cast<int>(error.kind()), error.what());
        return kFullDiskExit;
    }
    return 3; // the limit never bit
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

    void fullDiskIsRefusedAndLosesNothing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("full.promptsmith"));
        store::Project::create(path.toStdString());

        QProcess writer;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kFullDiskVariable), path);
        writer.setProcessEnvironment(env);
        writer.start(QStringLiteral("/proc/self/exe"), {});
        QVERIFY(writer.waitForFinished(60000));
        const QByteArray err = writer.readAllStandardError();
        QCOMPARE(writer.exitCode(), kFullDiskExit);
        // An I/O refusal that names the file, in one line.
        QVERIFY2(err.startsWith(QByteArray::number(int(store::StoreError::Kind::Io)) + "|"),
            err.constData());
        QVERIFY2(err.contains(path.toUtf8()), err.constData());

        QList<QByteArray> lines = writer.readAllStandardOutput().split('\n');
        lines.removeLast();
        QVERIFY2(lines.size() >= 10, "the limit bit before anything was saved");

        // Reopened with room to spare: every version that was confirmed is there, intact.
        auto project = store::Project::open(path.toStdString());
        for (qsizetype i = 0; i < lines.size(); ++i)
            QCOMPARE(project.version("triage", lines[i].toInt()).number, int(i) + 1);
        QCOMPARE(project.findPrompt("triage")->latestNumber, int(lines.size()));
        QCOMPARE(rawQuery(path.toStdString(), "PRAGMA integrity_check"), std::string("ok"));
        // And the project still takes new work.
        QVERIFY(project.saveVersion(saveRequest("triage", sampleContent(-1))).created);
    }
};

int main(int argc, char **argv)
{
    if (const char *path = std::getenv(kWriterVariable))
        return runWriter(path);
    if (const char *path = std::getenv(kFullDiskVariable))
        return runFullDiskWriter(path);
    QCoreApplication app(argc, argv);
    TestStoreCrash test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_store_crash.moc"
