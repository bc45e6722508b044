// Share ▸ Connect…, Push and Pull in the window: the demo project pushes its versions to a bare
// repository the test makes, another project (through the CLI) adds a version and pushes it, and
// Pull brings it into the window — the status bar says what is under way and then what came in,
// and the tree shows the new version. A repository that is not there is said, not a hang.

#include "cli_test_helpers.h"
#include "main_window.h"
#include "project_sharing.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/project.h"

#include <QAction>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace ps;
using ps::test::argList;
using nlohmann::json;

class TestProjectSharing : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_remote;

    static QString lastOf(const QSignalSpy &spy) { return spy.isEmpty() ? QString() : spy.last().at(0).toString(); }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = test::demoProjectIn(m_dir->path());
        m_remote = m_dir->filePath(QStringLiteral("team.git"));
        QProcess git;
        git.start(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("--bare"), QStringLiteral("-q"), m_remote});
        QVERIFY(git.waitForFinished(30000));
        if (git.exitCode() != 0)
            QSKIP("git is not installed: the test's bare repository could not be made");
    }

    void cleanup() { m_dir.reset(); }

    void pushAndPullFromTheShareMenu()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        app::ProjectSharing *sharing = window.sharing();
        QSignalSpy finished(sharing, &app::ProjectSharing::finished);
        QSignalSpy notes(sharing, &app::ProjectSharing::statusMessage);

        sharing->connectTo(m_remote, QStringLiteral("prompts"));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(lastOf(finished).contains(QStringLiteral("5 versions to push")), qPrintable(lastOf(finished)));
        QCOMPARE(notes.first().at(0).toString(), QStringLiteral("Connecting to %1…").arg(m_remote));

        sharing->pushAction()->trigger();
        QVERIFY(!sharing->pullAction()->isEnabled()); // one at a time
        QTRY_COMPARE(finished.count(), 2);
        QCOMPARE(lastOf(finished), QStringLiteral("Pushed 5 versions"));
        QVERIFY(sharing->pullAction()->isEnabled());

        // Elsewhere: another project pulls, adds a version and pushes it.
        const QString other = m_dir->filePath(QStringLiteral("other.promptsmith"));
        QCOMPARE(test::cli({"init", other}).exitCode, 0);
        const test::ProjectCli elsewhere(other);
        QCOMPARE(elsewhere.in(argList({"share", "init", m_remote})).exitCode, 0);
        QCOMPARE(elsewhere.in(argList({"share", "pull"})).exitCode, 0);
        json content = elsewhere.inJson(argList({"version", "show", "ticket-triage"}))["content"];
        content["messages"][0]["content"] = content["messages"][0]["content"].get<std::string>() + "\nBe brief.";
        const QString file = m_dir->filePath(QStringLiteral("v4.json"));
        QVERIFY(test::writeFile(file, QByteArray::fromStdString(content.dump())));
        QCOMPARE(elsewhere.in(argList({"version", "save", "ticket-triage", "--from", file, "-m", "be brief",
                     "--author", "Dee Park"})).exitCode, 0);
        QCOMPARE(elsewhere.in(argList({"share", "push"})).exitCode, 0);

        // Pull in the window: the summary says what came in, the tree has it.
        sharing->pullAction()->trigger();
        QTRY_COMPARE(finished.count(), 3);
        QCOMPARE(lastOf(finished), QStringLiteral("Pulled 1 version of ticket-triage"));
        QTRY_COMPARE(window.snapshot().versions.at("ticket-triage").size(), std::size_t(4));
        QCOMPARE(window.snapshot().versions.at("ticket-triage").back().author, std::string("Dee Park"));
        sharing->pullAction()->trigger();
        QTRY_COMPARE(finished.count(), 4);
        QCOMPARE(lastOf(finished), QStringLiteral("Up to date: nothing new in the repository"));
    }

    void aMissingRepositoryIsSaid()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        QSignalSpy finished(window.sharing(), &app::ProjectSharing::finished);
        window.sharing()->connectTo(m_dir->filePath(QStringLiteral("nowhere.git")), QStringLiteral("prompts"));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(lastOf(finished).startsWith(QStringLiteral("Sharing failed: ")), qPrintable(lastOf(finished)));
        QVERIFY(lastOf(finished).contains(QStringLiteral("nowhere.git")));
        // Push without a connection says how to make one.
        window.sharing()->pushAction()->trigger();
        QTRY_COMPARE(finished.count(), 2);
        QVERIFY2(lastOf(finished).contains(QStringLiteral("not shared yet")), qPrintable(lastOf(finished)));
    }
};

QTEST_MAIN(TestProjectSharing)
#include "test_project_sharing.moc"
