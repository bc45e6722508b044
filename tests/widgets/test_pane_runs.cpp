// The window stores what its panes run, as the CLI stores `run`: a Run all is one run under the
// editor's version, each answer is committed as it arrives, and the tree shows the run at once.

#include "conversation_editor.h"
#include "fake_provider_server.h"
#include "main_window.h"
#include "message_card.h"
#include "project_tree_model.h"
#include "prompt_editor.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "examples_panel.h"
#include "variables_panel.h"
#include "window_fixture.h"

#include "store/project.h"
#include "store/run_store.h"

#include <QComboBox>
#include <QInputDialog>
#include <QPlainTextEdit>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

#include <memory>

using namespace ps;
using widgets::ResponsePane;

class TestPaneRuns : public QObject
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
        test::keepSettingsIn(m_dir->filePath(QStringLiteral("settings")));
        m_path = m_dir->filePath(QStringLiteral("runs.promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        test::saveTriageVersion(project);

        test::addFakeTargets(project, m_server->baseUrl(),
            {{"mini", "gpt-4o-mini"}, {"too-long", "fault:context-length"},
                {"drip200", "fault:drip:200"}});
    }

    void cleanup() { m_dir.reset(); }

    void runAllIsOneStoredRunShownInTheTree()
    {
        std::vector<model::RunRecord> runs;
        {
            app::MainWindow window;
            openAndWait(window);
            widgets::ResponseArea *area = window.responseArea();
            ResponsePane *priced = area->pane(0);
            ResponsePane *failing = area->addPane();
            priced->setTargetId(QStringLiteral("mini"));
            failing->setTargetId(QStringLiteral("too-long"));

            QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
            QTRY_COMPARE(priced->state(), ResponsePane::State::Done);
            QTRY_COMPARE(failing->state(), ResponsePane::State::Failed);

            // The run is in the tree as soon as it is stored, and ends complete with both answers.
            const QModelIndex runsSection = treeModel(window)->index(2, 0);
            QTRY_COMPARE(runRow(window, 0).data(widgets::ProjectTreeModel::DetailRole).toString(),
                QStringLiteral("mini, too-long · complete · 2/2"));
            QCOMPARE(treeModel(window)->rowCount(runsSection), 1);
            // The row says what ran and when (today: the time alone).
            QVERIFY2(QRegularExpression(QStringLiteral("^ticket-triage@1 · \\d\\d:\\d\\d$"))
                         .match(runRow(window, 0).data().toString())
                         .hasMatch(),
                qPrintable(runRow(window, 0).data().toString()));

            const store::Project project = store::Project::open(m_path.toStdString());
            runs = store::RunStore(project).listRuns();
            QCOMPARE(runs.size(), std::size_t(1));
            QCOMPARE(runRow(window, 0).data(widgets::ProjectTreeModel::RunIdRole).toString(),
                QString::fromStdString(runs[0].id));
            const std::vector<store::ResponseRecord> responses
                = store::RunStore(project).responses(runs[0].id);
            QCOMPARE(responses.size(), std::size_t(2));
            const store::ResponseRecord *answer = nullptr;
            const store::ResponseRecord *error = nullptr;
            for (const store::ResponseRecord &response : responses)
                (response.error ? error : answer) = &response;
            QVERIFY(answer && error);
            // What the pane shows is what is stored, with its metrics and cost.
            QCOMPARE(QString::fromStdString(answer->text), priced->answerText());
            QCOMPARE(answer->targetId, std::string("mini"));
            QCOMPARE(answer->model, std::string("gpt-4o-mini"));
            QCOMPARE(answer->inputTokens.value_or(-1), 14);
            QVERIFY(answer->ttftMs.has_value());
            QVERIFY(answer->costUsd.value_or(0) > 0);
            QCOMPARE(answer->renderedRequest.at("messages").size(), std::size_t(2));
            QCOMPARE(error->targetId, std::string("too-long"));
            QCOMPARE(error->error->category, std::string("context_length"));
        }
        const store::Project project = store::Project::open(m_path.toStdString());
        const model::RunRecord run = *store::RunStore(project).findRun(runs[0].id);
        QCOMPARE(run.kind, std::string("run"));
        QCOMPARE(run.version, std::string("ticket-triage@1"));
        QCOMPARE(run.targets, (std::vector<std::string> {"mini", "too-long"}));
        QCOMPARE(run.status, model::RunStatus::Complete);
        QVERIFY(run.finished.has_value());
        QCOMPARE(run.options.value("source", ""), std::string("window"));
        QCOMPARE(run.options.value("draft", true), false);
    }

    void paneRunAloneIsItsOwnRunAndStoppingCancelsIt()
    {
        app::MainWindow window;
        openAndWait(window);
        widgets::ResponseArea *area = window.responseArea();
        ResponsePane *quick = area->pane(0);
        ResponsePane *slow = area->addPane();
        quick->setTargetId(QStringLiteral("mini"));
        slow->setTargetId(QStringLiteral("drip200"));

        // An unsaved edit: the run is stored under its base version and marked a draft.
        typeAtEnd(window, QStringLiteral(" Be brief."));
        QTRY_VERIFY(window.currentPrompt().isDraft);

        quick->runButton()->click();
        QTRY_COMPARE(quick->state(), ResponsePane::State::Done);
        QTRY_COMPARE(runRow(window, 0).data(widgets::ProjectTreeModel::DetailRole).toString(),
            QStringLiteral("mini · complete · 1/1"));
        QVERIFY(runRow(window, 0).data().toString().startsWith(QStringLiteral("ticket-triage@1 (draft) · ")));

        slow->runButton()->click();
        QTRY_VERIFY(!slow->answerText().isEmpty());
        QTRY_COMPARE(runRow(window, 0).data(widgets::ProjectTreeModel::DetailRole).toString(),
            QStringLiteral("drip200 · running · 0/1"));
        QTest::keyClick(&window, Qt::Key_Escape);
        QTRY_COMPARE(slow->state(), ResponsePane::State::Stopped);
        QTRY_COMPARE(runRow(window, 0).data(widgets::ProjectTreeModel::DetailRole).toString(),
            QStringLiteral("drip200 · cancelled · 1/1"));
        QCOMPARE(treeModel(window)->rowCount(treeModel(window)->index(2, 0)), 2);

        const store::Project project = store::Project::open(m_path.toStdString());
        const store::RunStore store(project);
        const std::vector<model::RunRecord> runs = store.listRuns(); // newest first
        QCOMPARE(runs.size(), std::size_t(2));
        QCOMPARE(runs[0].targets, std::vector<std::string> {"drip200"});
        QCOMPARE(runs[0].status, model::RunStatus::Cancelled);
        QCOMPARE(runs[1].targets, std::vector<std::string> {"mini"});
        QCOMPARE(runs[1].options.value("draft", false), true);
        // The stopped answer is kept as far as it came, marked cancelled.
        const std::vector<store::ResponseRecord> stopped = store.responses(runs[0].id);
        QCOMPARE(stopped.size(), std::size_t(1));
        QCOMPARE(stopped[0].error->category, std::string("cancelled"));
        QCOMPARE(QString::fromStdString(stopped[0].text), slow->answerText());
        // What was sent is the edited prompt, not v1.
        const std::string sent = store.responses(runs[1].id)[0].renderedRequest.dump();
        QVERIFY(sent.find("Be brief.") != std::string::npos);
    }

    void closingTheWindowMidRunLeavesItCancelledNotRunning()
    {
        {
            app::MainWindow window;
            openAndWait(window);
            ResponsePane *slow = window.responseArea()->pane(0);
            slow->setTargetId(QStringLiteral("drip200"));
            slow->runButton()->click();
            QTRY_COMPARE(runRow(window, 0).data(widgets::ProjectTreeModel::DetailRole).toString(),
                QStringLiteral("drip200 · running · 0/1"));
        }
        const store::Project project = store::Project::open(m_path.toStdString());
        const std::vector<model::RunRecord> runs = store::RunStore(project).listRuns();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].status, model::RunStatus::Cancelled);
        QVERIFY(runs[0].finished.has_value());
    }

    // Six panes at 1280×800: the window stays within the screen, Run all and + Pane stay in
    // view (the panes scroll sideways), and the panes with their targets come back next time.
    void sixPanesFitAndComeBack()
    {
        {
            app::MainWindow window;
            window.resize(1280, 800);
            openAndWait(window);
            widgets::ResponseArea *area = window.responseArea();
            area->setPaneCount(6);
            // A new pane never picks a fault-injection target while a real one is free.
            QCOMPARE(area->pane(0)->targetId(), QStringLiteral("mini"));
            QVERIFY(!area->pane(1)->targetId().isEmpty());
            area->pane(2)->setTargetId(QStringLiteral("drip200"));
            QTest::qWait(0);
            QCoreApplication::processEvents();
            QVERIFY2(window.width() <= 1280, QByteArray::number(window.width()));
            QVERIFY2(window.minimumSizeHint().width() <= 1280,
                QByteArray::number(window.minimumSizeHint().width()));
            for (QAction *action : {area->runAllAction(), area->addPaneAction()}) {
                QWidget *button = nullptr;
                for (QToolButton *candidate : area->findChildren<QToolButton *>())
                    if (candidate->defaultAction() == action)
                        button = candidate;
                QVERIFY(button);
                QVERIFY(button->isVisible());
                const QRect inWindow(button->mapTo(&window, QPoint(0, 0)), button->size());
                QVERIFY2(window.rect().contains(inWindow), qPrintable(action->text()));
            }
            area->removePane(area->pane(5)->id());
        }
        app::MainWindow again;
        openAndWait(again);
        widgets::ResponseArea *area = again.responseArea();
        QCOMPARE(area->paneCount(), 5);
        QCOMPARE(area->pane(0)->targetId(), QStringLiteral("mini"));
        QCOMPARE(area->pane(2)->targetId(), QStringLiteral("drip200"));
    }

    // Esc stops the runs wherever the focus is, also inside a message editor; in the find bar
    // it first closes the bar.
    void escapeStopsFromTheEditorAndClosesTheFindBarFirst()
    {
        app::MainWindow window;
        openAndWait(window);
        widgets::ResponseArea *area = window.responseArea();
        ResponsePane *slow = area->pane(0);
        slow->setTargetId(QStringLiteral("drip200"));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        widgets::PromptEditor *editor = bench->conversation()->cards().at(0)->editor();

        slow->runButton()->click();
        QTRY_VERIFY(!slow->answerText().isEmpty());
        bench->conversation()->openFind(false);
        auto *find = bench->findChild<QLineEdit *>(QStringLiteral("findField"));
        QVERIFY(find);
        QTRY_VERIFY(find->hasFocus());
        QTest::keyClick(find, Qt::Key_Escape);
        QTRY_VERIFY(!find->isVisible());
        QCOMPARE(slow->state(), ResponsePane::State::Running);

        editor->setFocus();
        QTRY_VERIFY(editor->hasFocus());
        QTest::keyClick(editor, Qt::Key_Escape);
        QTRY_COMPARE(slow->state(), ResponsePane::State::Stopped);
    }

    // An answer to an earlier edit, or to another prompt, stays visible but is marked stale;
    // undoing back to what was asked, or running again, clears the mark.
    void answersToAnotherPromptOrEditAreMarkedStale()
    {
        {
            store::Project project = store::Project::open(m_path.toStdString());
            store::SaveRequest other;
            other.promptName = "other";
            other.content.messages = {{"user", "Say hi", {}, nlohmann::json::array(), {}}};
            other.message = "first";
            other.author = "tester";
            project.saveVersion(other);
        }
        app::MainWindow window;
        openAndWait(window);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        const auto promptRow = [tree](const char *name) {
            return qobject_cast<widgets::ProjectTreeModel *>(tree->model())
                ->indexOf(QString::fromLatin1(name), std::nullopt);
        };
        tree->setCurrentIndex(promptRow("ticket-triage"));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QTRY_COMPARE(bench->promptName(), QStringLiteral("ticket-triage"));
        ResponsePane *pane = window.responseArea()->pane(0);
        pane->setTargetId(QStringLiteral("mini"));
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QCOMPARE(pane->staleText(), QString());

        typeAtEnd(window, QStringLiteral(" Be brief."));
        QTRY_COMPARE(pane->staleText(), QStringLiteral("Stale: the answer to ticket-triage v1"));
        QVERIFY(!pane->answerText().isEmpty()); // still there to compare with
        bench->document()->history()->undo();
        QTRY_COMPARE(pane->staleText(), QString());

        tree->setCurrentIndex(promptRow("other"));
        QTRY_COMPARE(pane->staleText(), QStringLiteral("Stale: the answer to ticket-triage"));
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QCOMPARE(pane->staleText(), QString());
    }

    // A pane's answer, edited first, becomes an example with the values it answered.
    void anAnswerBecomesAnExample()
    {
        {
            store::Project project = store::Project::open(m_path.toStdString());
            store::SaveRequest request;
            request.promptName = "ticket-triage";
            request.content.messages = {{"system", "Label the ticket.", {}, nlohmann::json::array(), {}},
                {"user", "Ticket: {{ticket}}", {}, nlohmann::json::array(), {}}};
            request.message = "with a variable";
            request.author = "tester";
            project.saveVersion(request);
        }
        app::MainWindow window;
        openAndWait(window);
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QPlainTextEdit *ticket = nullptr;
        QTRY_VERIFY((ticket = bench->variables()->valueEditor(QStringLiteral("ticket"))) != nullptr);
        ticket->setPlainText(QStringLiteral("charged twice"));
        ResponsePane *pane = window.responseArea()->pane(0);
        pane->setTargetId(QStringLiteral("mini"));
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);

        QAction *add = nullptr;
        for (QAction *action : pane->findChildren<QAction *>())
            if (action->text() == QStringLiteral("Add as &example…"))
                add = action;
        QVERIFY(add && add->isEnabled());
        add->trigger();
        QInputDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<QInputDialog *>(QStringLiteral("exampleFromAnswerDialog")))
                != nullptr
            && dialog->isVisible());
        QCOMPARE(dialog->textValue(), pane->answerText());
        dialog->setTextValue(QStringLiteral("billing"));
        dialog->accept();

        const std::vector<model::Example> &examples = bench->content().examples;
        QCOMPARE(examples.size(), std::size_t(1));
        QCOMPARE(examples[0].output, std::string("billing"));
        QCOMPARE(examples[0].input.dump(), std::string(R"({"ticket":"charged twice"})"));
        QCOMPARE(bench->tabs()->currentWidget(), static_cast<QWidget *>(bench->examples()));
        bench->document()->history()->undo();
        QVERIFY(bench->content().examples.empty());
    }

    // A pane added after the user picked a target elsewhere shows that target.
    void aNewPaneTakesTheTargetChosenLast()
    {
        app::MainWindow window;
        openAndWait(window);
        widgets::ResponseArea *area = window.responseArea();
        area->setPaneCount(1);
        auto *picker = area->pane(0)->findChild<QComboBox *>();
        QVERIFY(picker);
        const int drip = picker->findData(QStringLiteral("drip200"));
        QVERIFY(drip >= 0);
        picker->setCurrentIndex(drip);
        emit picker->activated(drip); // as a click in the list does
        picker->setCurrentIndex(picker->findData(QStringLiteral("mini")));
        QCOMPARE(area->addPane()->targetId(), QStringLiteral("drip200"));
    }

private:
    void openAndWait(app::MainWindow &window)
    {
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        window.openProject(m_path);
        QTRY_COMPARE(loaded.count(), 1);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
    }

    static QAbstractItemModel *treeModel(app::MainWindow &window)
    {
        return window.findChild<QTreeView *>(QStringLiteral("projectTree"))->model();
    }

    static QModelIndex runRow(app::MainWindow &window, int row)
    {
        QAbstractItemModel *model = treeModel(window);
        return model->index(row, 0, model->index(2, 0));
    }

    static void typeAtEnd(app::MainWindow &window, const QString &text)
    {
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        widgets::PromptEditor *editor = bench->conversation()->cards().last()->editor();
        editor->setFocus();
        const int line = editor->lines() - 1;
        editor->setCursorPosition(line, int(editor->text(line).size()));
        QTest::keyClicks(editor, text);
    }

    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_MAIN(TestPaneRuns)
#include "test_pane_runs.moc"
