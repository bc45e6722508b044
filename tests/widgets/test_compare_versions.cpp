// Compare versions: the tool bar's switch gives each pane a version of the open prompt (the
// draft, a number, a label) sent to one target; Run all sends each its own rendering with the
// same values, as one stored run whose answers each name the version they came from.

#include "cli_test_helpers.h"
#include "fake_provider_server.h"
#include "main_tool_bar.h"
#include "main_window.h"
#include "project_tree_model.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "save_version_dialog.h"
#include "variables_panel.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "run/target_calls.h"
#include "store/project.h"
#include "store/run_store.h"
#include "template/prompt_renderer.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <memory>
#include <set>

using namespace ps;
using widgets::ResponsePane;

namespace {

using Messages = std::vector<std::pair<std::string, std::string>>; // role, content

Messages messagesOf(const std::string &requestBody)
{
    Messages messages;
    const auto body = nlohmann::json::parse(requestBody, nullptr, false);
    if (body.is_object())
        for (const auto &message : body.value("messages", nlohmann::json::array()))
            messages.emplace_back(message.value("role", std::string()),
                message.value("content", std::string()));
    return messages;
}

} // namespace

class TestCompareVersions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<fakeprovider::FakeProviderServer>();
        QVERIFY(m_server->start());
    }

    void cleanupTestCase() { m_server.reset(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = test::demoProjectIn(m_dir->path());
    }

    void cleanup() { m_dir.reset(); }

    void eachPaneRunsItsOwnVersion()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        widgets::ResponseArea *area = window.responseArea();
        auto *toolBar = window.findChild<app::MainToolBar *>();
        QVERIFY(toolBar->compareModels()->isChecked());
        area->setPaneCount(2);
        const QStringList modelTargets = area->paneTargets();

        toolBar->compareVersions()->trigger();
        QCOMPARE(area->compareMode(), widgets::CompareMode::Versions);
        QVERIFY(area->sharedTarget()->isVisible());
        area->sharedTarget()->setCurrentIndex(area->sharedTarget()->findData(QStringLiteral("echo")));
        // The panes spread over the versions, newest first, each named with its labels.
        QCOMPARE(area->pane(0)->versionLabel(), QStringLiteral("v3 · production"));
        QCOMPARE(area->pane(1)->versionLabel(), QStringLiteral("v2 · staging"));
        for (int i = 0; i < 2; ++i)
            QCOMPARE(area->pane(i)->targetId(), QStringLiteral("echo"));

        // An edit makes a draft; a third pane takes it, as the version no pane holds yet.
        test::typeAtEnd(bench, QStringLiteral(" Be brief."));
        ResponsePane *draft = area->addPane();
        QTRY_COMPARE(draft->versionKey(), QStringLiteral("draft"));
        QCOMPARE(draft->versionLabel(), QStringLiteral("Draft (from v3)"));
        QCOMPARE(draft->targetId(), QStringLiteral("echo"));

        const std::size_t runsBefore = runs().size();
        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
        for (int i = 0; i < 3; ++i)
            QTRY_COMPARE(area->pane(i)->state(), ResponsePane::State::Done);
        // echo answers with the last user message as rendered: each version's own words.
        const QString v3 = area->pane(0)->answerText();
        const QString v2 = area->pane(1)->answerText();
        const QString edited = draft->answerText();
        QVERIFY(!v3.isEmpty() && !v2.isEmpty());
        QVERIFY2(v3 != v2, qPrintable(v3));
        QVERIFY2(edited.endsWith(QStringLiteral(" Be brief.")), qPrintable(edited));
        QCOMPARE(edited.chopped(10), v3);

        // One stored run holds the three answers, each naming the version it came from.
        std::vector<model::RunRecord> stored;
        QTRY_VERIFY((stored = runs()).size() == runsBefore + 1
            && stored.front().status == model::RunStatus::Complete);
        const model::RunRecord &run = stored.front();
        QCOMPARE(run.done, 3);
        QMap<QString, QString> answerOf; // "ticket-triage@3" or "ticket-triage@3 draft"
        for (const store::ResponseRecord &response :
            store::RunStore(store::Project::open(m_path.toStdString())).responses(run.id))
            answerOf[QString::fromStdString(store::versionLabel(response.version, response.draft))]
                = QString::fromStdString(response.text);
        QCOMPARE(answerOf.size(), 3);
        QCOMPARE(answerOf.value(QStringLiteral("ticket-triage@3")), v3);
        QCOMPARE(answerOf.value(QStringLiteral("ticket-triage@2")), v2);
        QCOMPARE(answerOf.value(QStringLiteral("ticket-triage@3 draft")), edited);
        QCOMPARE(run.versions.size(), std::size_t(3));

        // Editing again makes only the draft's answer stale: the others answer saved versions.
        test::typeAtEnd(bench, QStringLiteral(" Really."));
        QTRY_VERIFY(!draft->staleText().isEmpty());
        QCOMPARE(area->pane(0)->staleText(), QString());
        QCOMPARE(area->pane(1)->staleText(), QString());

        // Back to comparing models: the panes have the targets they had before.
        toolBar->compareModels()->trigger();
        QCOMPARE(area->compareMode(), widgets::CompareMode::Models);
        QVERIFY(!area->sharedTarget()->isVisible());
        QCOMPARE(area->paneTargets().mid(0, 2), modelTargets);
        QCOMPARE(area->pane(0)->versionKey(), QString());
    }

    // v1 and v3 against the fake provider: each request is that version's own rendering with
    // the editor's values, and `runs` lists one run whose answers name their versions.
    void versionsOneAndThreeGoOutAsOneRun()
    {
        {
            const store::Project project = store::Project::open(m_path.toStdString());
            test::addFakeTargets(project, m_server->baseUrl(), {{"fake", "fake-small"}});
        }
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        widgets::ResponseArea *area = window.responseArea();
        area->setPaneCount(2);
        area->setCompareMode(widgets::CompareMode::Versions);
        QTRY_VERIFY(area->sharedTarget()->findData(QStringLiteral("fake")) >= 0);
        area->sharedTarget()->setCurrentIndex(area->sharedTarget()->findData(QStringLiteral("fake")));
        area->pane(0)->setVersionKey(QStringLiteral("1"));
        area->pane(1)->setVersionKey(QStringLiteral("3"));
        QCOMPARE(area->pane(0)->versionLabel(), QStringLiteral("v1"));
        QCOMPARE(area->pane(1)->versionLabel(), QStringLiteral("v3 · production"));

        // The value typed once goes to both versions.
        QPlainTextEdit *ticket = nullptr;
        QTRY_VERIFY((ticket = bench->variables()->valueEditor(QStringLiteral("ticket"))) != nullptr);
        ticket->selectAll();
        QTest::keyClicks(ticket, QStringLiteral("The export button does nothing on Safari."));

        const int requestsBefore = m_server->requestCount();
        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
        for (int i = 0; i < 2; ++i)
            QTRY_COMPARE(area->pane(i)->state(), ResponsePane::State::Done);
        QCOMPARE(m_server->requestCount(), requestsBefore + 2);

        // What each version renders to with the values in the editor, rendered here by core.
        const nlohmann::json values = bench->values();
        QCOMPARE(values.value("ticket", std::string()),
            std::string("The export button does nothing on Safari."));
        const auto rendering = [&](int number) {
            const store::Project project = store::Project::open(m_path.toStdString());
            Messages messages;
            for (const providers::ChatMessage &message : run::chatMessages(tmpl::renderPrompt(
                     project.version("ticket-triage", number).content, values)))
                messages.emplace_back(message.role, message.content);
            return messages;
        };
        const Messages v1 = rendering(1);
        const Messages v3 = rendering(3);
        QVERIFY(v1 != v3);
        std::vector<std::string> bodies = m_server->recentRequestBodies();
        QVERIFY(bodies.size() >= 2);
        bodies.erase(bodies.begin(), bodies.end() - 2);
        std::vector<Messages> sent = {messagesOf(bodies[0]), messagesOf(bodies[1])};
        if (sent[0] != v1)
            std::swap(sent[0], sent[1]); // the two go out at once, in either order
        QVERIFY2(sent[0] == v1, bodies[0].c_str());
        QVERIFY2(sent[1] == v3, bodies[1].c_str());
        // `runs` lists one run of both versions, and its answers name theirs.
        std::vector<model::RunRecord> stored;
        QTRY_VERIFY(!(stored = runs()).empty() && stored.front().done == 2
            && stored.front().status == model::RunStatus::Complete);
        const test::CliResult listed = test::cli({"--project", m_path, "--json", "runs"});
        QCOMPARE(listed.exitCode, 0);
        const auto list = nlohmann::json::parse(listed.out.toStdString());
        QCOMPARE(list["runs"].size(), std::size_t(1));
        const nlohmann::json &listedRun = list["runs"][0];
        QCOMPARE(listedRun["targets"], nlohmann::json::array({"fake"}));
        QCOMPARE(listedRun["done"], nlohmann::json(2));
        const auto versions = listedRun["versions"].get<std::vector<std::string>>();
        QCOMPARE(std::set<std::string>(versions.begin(), versions.end()),
            (std::set<std::string> {"ticket-triage@1", "ticket-triage@3"}));

        const test::CliResult shown = test::cli(
            {"--project", m_path, "--json", "runs", QString::fromStdString(stored.front().id)});
        QCOMPARE(shown.exitCode, 0);
        const auto answers = nlohmann::json::parse(shown.out.toStdString())["answers"];
        QCOMPARE(answers.size(), std::size_t(2));
        QMap<QString, QString> textOf;
        for (const auto &answer : answers) {
            QCOMPARE(answer["draft"], nlohmann::json(false));
            textOf[QString::fromStdString(answer["version"].get<std::string>())]
                = QString::fromStdString(answer["text"].get<std::string>());
        }
        // Each pane shows the answer stored under its own version.
        QCOMPARE(textOf.value(QStringLiteral("ticket-triage@1")), area->pane(0)->answerText());
        QCOMPARE(textOf.value(QStringLiteral("ticket-triage@3")), area->pane(1)->answerText());
        // The project tree's row names both versions.
        QString rowText;
        const QString runId = QString::fromStdString(stored.front().id);
        QTRY_VERIFY(!(rowText = treeRowOfRun(window, runId)).isEmpty());
        QVERIFY2(rowText.startsWith(QStringLiteral("ticket-triage@1 vs @3 · "))
                || rowText.startsWith(QStringLiteral("ticket-triage@3 vs @1 · ")),
            qPrintable(rowText));

        // And in words, for a person reading the terminal.
        const test::CliResult table = test::cli(
            {"--project", m_path, "runs", QString::fromStdString(stored.front().id)});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains("of ticket-triage@1, ticket-triage@3")
                || table.out.contains("of ticket-triage@3, ticket-triage@1"),
            table.out.constData());
    }

    // A version chosen in a pane stays when the list changes (a save adds v4), and a pane whose
    // version is gone (the draft, saved) takes one no pane holds.
    void choicesFollowSaves()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        widgets::ResponseArea *area = window.responseArea();
        area->setPaneCount(2);
        area->setCompareMode(widgets::CompareMode::Versions);
        test::typeAtEnd(bench, QStringLiteral(" Be brief."));
        area->pane(1)->setVersionKey(QStringLiteral("draft"));
        QCOMPARE(area->pane(0)->versionKey(), QStringLiteral("3"));

        QSignalSpy saved(&window, &app::MainWindow::versionSaved);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_S, Qt::ControlModifier);
        widgets::SaveVersionDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<widgets::SaveVersionDialog *>()) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->messageEdit(), QStringLiteral("brief"));
        QTest::keyClick(dialog->messageEdit(), Qt::Key_Return);
        QTRY_COMPARE(saved.count(), 1);
        QTRY_VERIFY(area->pane(1)->versionKey() != QStringLiteral("draft"));
        // v4 is the draft saved; the pane that held the draft holds a version no pane held.
        QCOMPARE(area->pane(0)->versionKey(), QStringLiteral("3"));
        QCOMPARE(area->pane(1)->versionKey(), QStringLiteral("4"));
    }

private:
    // The project tree's text for run `runId`, or "" while it has no row.
    static QString treeRowOfRun(app::MainWindow &window, const QString &runId)
    {
        const QAbstractItemModel *model
            = window.findChild<QTreeView *>(QStringLiteral("projectTree"))->model();
        for (int section = 0; section < model->rowCount(); ++section) {
            const QModelIndex parent = model->index(section, 0);
            for (int row = 0; row < model->rowCount(parent); ++row) {
                const QModelIndex index = model->index(row, 0, parent);
                if (index.data(widgets::ProjectTreeModel::RunIdRole).toString() == runId)
                    return index.data().toString();
            }
        }
        return {};
    }

    std::vector<model::RunRecord> runs() const
    {
        return store::RunStore(store::Project::open(m_path.toStdString())).listRuns();
    }

    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_MAIN(TestCompareVersions)
#include "test_compare_versions.moc"
