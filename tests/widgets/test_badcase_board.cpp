// The Bad Cases tab: counts per tag equal the stored marks, largest first; a bar (clicked, or
// chosen by keyboard) and the status filter narrow the cases; a case shows its request and
// answer; the chosen cases become a regression dataset and take a status.

#include "answer_view.h"
#include "badcase_board.h"
#include "badcase_mark_dialog.h"
#include "badcase_tab.h"
#include "cli_test_helpers.h"
#include "main_status_bar.h"
#include "main_window.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "taxonomy_dialog.h"
#include "variables_panel.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/badcase_store.h"
#include "store/dataset_store.h"
#include "store/project.h"

#include <QComboBox>
#include <QInputDialog>
#include <QListWidget>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QMenu>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolButton>
#include <QTimer>
#include <QtTest>

#include <map>
#include <memory>

using namespace ps;
using nlohmann::json;

class TestBadcaseBoard : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_run;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = test::demoProjectIn(m_dir->path());
        const test::CliResult evaluated = test::cli({"--project", m_path, "--json", "eval", "ticket-triage@3",
            "--dataset", "tickets", "--target", "echo"});
        m_run = QString::fromStdString(test::jsonOut(evaluated)["run_id"].get<std::string>());
        // Cases 0-3 have the wrong label (3 is also too long), case 4 a broken format.
        for (int i = 0; i < 5; ++i) {
            QStringList args = test::argList({"--project", m_path, "badcase", "add",
                QStringLiteral("%1:%2:echo").arg(m_run).arg(i), "--corrected", "billing", "--tag",
                i < 4 ? "wrong label" : "format broken"});
            if (i == 3)
                args << QStringLiteral("--tag") << QStringLiteral("too long");
            const test::CliResult marked = test::runCli(args);
            QVERIFY2(marked.exitCode == 0, test::describe(marked));
        }
    }

    void cleanup() { m_dir.reset(); }

    void boardCountsFiltersAndActs()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::BadcaseBoard *board = window.badcaseTab()->board();
        window.show();
        QVERIFY(board->table()->rowCount() == 0); // read only once the tab is shown
        window.findChild<QTabWidget *>()->setCurrentWidget(board);
        QTRY_COMPARE_WITH_TIMEOUT(board->table()->rowCount(), 5, 10000);

        // The counts are the stored marks', largest first (ties by name).
        const json listed = test::jsonOut(test::cli({"--project", m_path, "--json", "badcase", "list"}));
        const QList<widgets::TagCount> &counts = board->chart()->counts();
        QCOMPARE(counts.size(), qsizetype(listed["by_tag"].size()));
        QCOMPARE(counts[0].tag, QStringLiteral("wrong label"));
        QCOMPARE(counts[1].tag, QStringLiteral("format broken"));
        QCOMPARE(counts[2].tag, QStringLiteral("too long"));
        for (const widgets::TagCount &count : counts)
            QCOMPARE(count.count, listed["by_tag"][count.tag.toStdString()].get<int>());
        QVERIFY(!counts[0].description.isEmpty()); // the taxonomy's definition, as a tooltip

        // A click on a bar shows only its cases; a second click shows all again.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::mouseClick(board->chart(), Qt::LeftButton, {}, board->chart()->barRect(1).center());
        QCOMPARE(board->chart()->chosenTag(), QStringLiteral("format broken"));
        QCOMPARE(board->shownIds(), QList<qint64>({5}));
        QTest::mouseClick(board->chart(), Qt::LeftButton, {}, board->chart()->barRect(1).center());
        QCOMPARE(board->shownIds().size(), 5);
        // By keyboard: Down to the second bar, then the third, Enter chooses it.
        board->chart()->setFocus();
        QTest::keyClick(board->chart(), Qt::Key_Down);
        QTest::keyClick(board->chart(), Qt::Key_Down);
        QTest::keyClick(board->chart(), Qt::Key_Return);
        QCOMPARE(board->chart()->chosenTag(), QStringLiteral("too long"));
        QCOMPARE(board->shownIds(), QList<qint64>({4}));
        QTest::keyClick(board->chart(), Qt::Key_Escape);
        QCOMPARE(board->shownIds().size(), 5);

        // A case shows what reproduces it.
        board->table()->selectRow(0);
        const QString detail = board->detail()->toPlainText();
        QVERIFY2(detail.contains(QStringLiteral("Request as sent")) && detail.contains(QStringLiteral("ticket: "))
                && detail.contains(QStringLiteral("Corrected answer")),
            qPrintable(detail));

        // Won't fix for the selected case; the board follows the stored status.
        QPushButton *status = nullptr;
        for (QPushButton *button : board->findChildren<QPushButton *>())
            if (button->text() == QStringLiteral("Set &Status"))
                status = button;
        QVERIFY(status && status->menu());
        status->menu()->actions().at(1)->trigger();
        const store::Project project = store::Project::open(m_path.toStdString());
        QTRY_COMPARE_WITH_TIMEOUT(store::BadcaseStore(project).find(1).status, std::string("wontfix"), 10000);
        board->statusFilter()->setCurrentIndex(board->statusFilter()->findData(QStringLiteral("wontfix")));
        QTRY_COMPARE_WITH_TIMEOUT(board->shownIds(), QList<qint64>({1}), 10000);
        board->statusFilter()->setCurrentIndex(0);

        // The wrong-label cases become a regression dataset.
        board->chart()->choose(QStringLiteral("wrong label"));
        board->table()->clearSelection();
        QCOMPARE(board->shownIds().size(), 4);
        QTimer::singleShot(0, [] {
            auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->setTextValue(QStringLiteral("label-regressions"));
            dialog->accept();
        });
        QPushButton *regression = nullptr;
        for (QPushButton *button : board->findChildren<QPushButton *>())
            if (button->text() == QStringLiteral("Make Re&gression Dataset…"))
                regression = button;
        QVERIFY(regression && regression->isEnabled());
        regression->click();
        QTRY_VERIFY_WITH_TIMEOUT(store::DatasetStore(project).findLatest("label-regressions").has_value(), 10000);
        const auto made = *store::DatasetStore(project).findLatest("label-regressions");
        QCOMPARE(made.caseCount, 4);
        for (const eval::DatasetCase &datasetCase : store::DatasetStore(project).cases(made.id))
            QCOMPARE(datasetCase.expected.value_or(""), std::string("billing"));
    }

    // A pane's answer marked from the keyboard: Ctrl+Shift+B asks what is wrong (digits tick
    // tags, Ctrl+Enter stores it), Ctrl+Shift+G marks one good. Each keeps the variable values
    // it answered, the version and the target, and the board counts it.
    void paneAnswersAreMarkedByKeyboard()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QPlainTextEdit *ticket = nullptr;
        QTRY_VERIFY((ticket = bench->variables()->valueEditor(QStringLiteral("ticket"))) != nullptr);
        const QString typed = QStringLiteral("Where do I change my invoice address?");
        ticket->setPlainText(typed);
        widgets::ResponsePane *pane = window.responseArea()->pane(0);
        QVERIFY(!pane->markBadAction()->isEnabled()); // nothing answered yet
        pane->setTargetId(QStringLiteral("echo"));
        pane->runButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(pane->state(), widgets::ResponsePane::State::Done, 10000);
        QVERIFY(pane->markBadAction()->isEnabled());

        widgets::BadcaseMarkDialog *dialog = nullptr;
        pane->answerView()->setFocus();
        QTest::keyClick(pane->answerView(), Qt::Key_B, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY2((dialog = window.findChild<widgets::BadcaseMarkDialog *>()) != nullptr,
            qPrintable(window.findChild<app::MainStatusBar *>()->note()));
        dialog->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        // The taxonomy's order: "format broken" is 1, "hallucination" 2 (by name).
        QCOMPARE(dialog->tagList()->item(0)->data(Qt::UserRole).toString(), QStringLiteral("format broken"));
        QTRY_VERIFY2(dialog->tagList()->hasFocus(), QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className() : "none");
        QTest::keyClick(dialog->tagList(), Qt::Key_2);
        QTest::keyClick(dialog->tagList(), Qt::Key_1);
        QTest::keyClick(dialog->tagList(), Qt::Key_1); // ticked twice: off again
        QCOMPARE(dialog->tags(), QStringList({QStringLiteral("hallucination")}));
        dialog->noteEdit()->setText(QStringLiteral("repeats the ticket"));
        dialog->correctedEdit()->setFocus();
        QTest::keyClicks(dialog->correctedEdit(), QStringLiteral("other"));
        QTest::keyClick(dialog->correctedEdit(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(pane->markText(), QStringLiteral("Marked bad: hallucination"), 10000);

        const store::Project project = store::Project::open(m_path.toStdString());
        std::vector<model::BadcaseRecord> marks = store::BadcaseStore(project).list();
        QCOMPARE(marks.size(), std::size_t(6)); // the five of init(), then this one
        const model::BadcaseRecord &bad = marks.back();
        QCOMPARE(bad.verdict, std::string("bad"));
        QCOMPARE(bad.tags, std::vector<std::string>({"hallucination"}));
        QCOMPARE(bad.note, std::string("repeats the ticket"));
        QCOMPARE(bad.corrected, std::optional<std::string>("other"));
        QCOMPARE(bad.target, std::string("echo"));
        QCOMPARE(bad.prompt, std::string("ticket-triage"));
        QCOMPARE(QString::fromStdString(bad.vars.value("ticket", std::string())), typed);
        QVERIFY(QString::fromStdString(bad.text).contains(typed));
        QVERIFY(bad.answer.find(":echo") != std::string::npos);

        // Good, in one key; a new answer clears what the pane says of the old one.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        pane->answerView()->setFocus();
        QTest::keyClick(pane->answerView(), Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(pane->markText(), QStringLiteral("Marked good"), 10000);
        marks = store::BadcaseStore(project).list();
        QCOMPARE(marks.size(), std::size_t(7));
        QCOMPARE(marks.back().verdict, std::string("good"));
        pane->runButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(pane->state(), widgets::ResponsePane::State::Done, 10000);
        QCOMPARE(pane->markText(), QString());

        // The board counts the new mark beside the CLI's.
        widgets::BadcaseBoard *board = window.badcaseTab()->board();
        window.findChild<QTabWidget *>()->setCurrentWidget(board);
        QTRY_COMPARE_WITH_TIMEOUT(board->table()->rowCount(), 7, 10000);
        bool counted = false;
        for (const widgets::TagCount &count : board->chart()->counts())
            counted = counted || (count.tag == QStringLiteral("hallucination") && count.count == 1);
        QVERIFY(counted);
    }

    // The pattern by another dimension (version, target, the dataset's tags, the week), several
    // cases side by side with what they share, and the taxonomy edited in the window.
    void countsByDimensionComparesAndEditsTheTaxonomy()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::BadcaseBoard *board = window.badcaseTab()->board();
        window.findChild<QTabWidget *>()->setCurrentWidget(board);
        QTRY_COMPARE_WITH_TIMEOUT(board->table()->rowCount(), 5, 10000);
        const auto countsBy = [board](const QString &dimension) {
            board->countBy()->setCurrentIndex(board->countBy()->findText(dimension));
            std::map<QString, int> counts;
            for (const widgets::TagCount &count : board->chart()->counts())
                counts[count.tag] = count.count;
            return counts;
        };
        QCOMPARE(countsBy(QStringLiteral("Version")), (std::map<QString, int> {{QStringLiteral("ticket-triage@3"), 5}}));
        QCOMPARE(countsBy(QStringLiteral("Target")), (std::map<QString, int> {{QStringLiteral("echo"), 5}}));
        QCOMPARE(countsBy(QStringLiteral("Week")).size(), std::size_t(1));
        // Cases 0-4 of the demo's tickets: billing refund, bug pdf, other how-to, billing
        // payment-method, bug dashboard.
        const std::map<QString, int> byDatasetTag = countsBy(QStringLiteral("Dataset tag"));
        QCOMPARE(byDatasetTag.at(QStringLiteral("billing")), 2);
        QCOMPARE(byDatasetTag.at(QStringLiteral("bug")), 2);
        QCOMPARE(byDatasetTag.at(QStringLiteral("pdf")), 1);
        board->chart()->choose(QStringLiteral("bug"));
        QCOMPARE(board->shownIds(), QList<qint64>({2, 5}));
        board->chart()->choose({});

        // Two cases side by side: what they share is said first.
        countsBy(QStringLiteral("Tag"));
        QCOMPARE(board->shownIds().size(), 5);
        // Through the selection model: selectRow() reads the keyboard's modifiers, which an
        // earlier test's key clicks can leave pressed.
        board->table()->selectionModel()->select(board->table()->model()->index(0, 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        board->table()->selectionModel()->select(board->table()->model()->index(1, 0),
            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QTRY_VERIFY2(board->detail()->toPlainText().contains(QStringLiteral("2 cases side by side")),
            qPrintable(board->detail()->toPlainText()));
        const QString compared = board->detail()->toPlainText();
        QVERIFY2(compared.contains(QStringLiteral("tags: wrong label")), qPrintable(compared));
        QVERIFY(compared.contains(QStringLiteral("target: echo")));

        // The taxonomy: a tag renamed (its cases follow), one added, one removed.
        QPushButton *editTags = nullptr;
        for (QPushButton *button : board->findChildren<QPushButton *>())
            if (button->text() == QStringLiteral("Edit &Tags…"))
                editTags = button;
        QVERIFY(editTags);
        editTags->click();
        widgets::TaxonomyDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<widgets::TaxonomyDialog *>()) != nullptr);
        QTableWidget *tags = dialog->table();
        for (int row = 0; row < tags->rowCount(); ++row) {
            if (tags->item(row, 0)->text() == QStringLiteral("wrong label")) {
                tags->item(row, 0)->setText(QStringLiteral("mislabel"));
                tags->item(row, 2)->setText(QStringLiteral("#112233"));
            }
        }
        for (int row = 0; row < tags->rowCount(); ++row)
            if (tags->item(row, 0)->text() == QStringLiteral("unsafe"))
                tags->setCurrentCell(row, 0);
        dialog->removeCurrent();
        dialog->addTag();
        tags->item(tags->rowCount() - 1, 0)->setText(QStringLiteral("pricing"));
        tags->item(tags->rowCount() - 1, 1)->setText(QStringLiteral("Quotes a wrong price."));
        QCOMPARE(dialog->edits().size(), 2); // the renamed one and the new one
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(board->chart()->counts().size() > 0
                && board->chart()->counts().front().tag == QStringLiteral("mislabel"),
            10000);
        QCOMPARE(board->chart()->counts().front().count, 4);
        const store::Project project = store::Project::open(m_path.toStdString());
        std::map<std::string, model::BadcaseTag> byName;
        for (const model::BadcaseTag &tag : store::BadcaseStore(project).tags())
            byName[tag.name] = tag;
        QVERIFY(!byName.count("wrong label") && !byName.count("unsafe"));
        QCOMPARE(byName.at("mislabel").colour, std::string("#112233"));
        QCOMPARE(byName.at("pricing").description, std::string("Quotes a wrong price."));
        store::BadcaseFilter mislabelled;
        mislabelled.tags = {"mislabel"};
        QCOMPARE(store::BadcaseStore(project).list(mislabelled).size(), std::size_t(4));
    }

    // Check a Fix: the evaluation of the regression dataset read case by case on the board, the
    // sentence `badcase reeval` says, and Apply Statuses marking the fixed cases fixed.
    void aFixIsCheckedAndStatusesFollow()
    {
        const auto cli = [this](QStringList args) {
            const test::CliResult result = test::runCli(QStringList {QStringLiteral("--project"), m_path} + args);
            if (result.exitCode != 0 && result.exitCode != 1)
                qWarning("%s", test::describe(result).constData());
            return result;
        };
        QVERIFY(cli(test::argList({"dataset", "from-badcases", "regressions"})).exitCode == 0);
        // A fix that always says "billing" (each mark's correction): echo repeats it.
        const QString file = m_dir->filePath(QStringLiteral("billing.json"));
        QVERIFY(test::writeFile(file, QByteArray("{\"messages\": [{\"role\": \"user\", \"content\": \"{{#ticket}}billing{{/ticket}}\"}]}")));
        QVERIFY(cli(test::argList({"version", "save", "ticket-triage", "--from", file, "-m", "billing"})).exitCode == 0);
        const test::CliResult ran = cli(test::argList({"--json", "eval", "ticket-triage@3", "ticket-triage@4",
            "--dataset", "regressions", "--target", "echo"}));
        const QString run = QString::fromStdString(test::jsonOut(ran)["run_id"].get<std::string>());
        const json expected = test::jsonOut(cli(test::argList({"--json", "badcase", "reeval", run})));
        QCOMPARE(expected["fixed"].get<int>(), 5);

        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::BadcaseBoard *board = window.badcaseTab()->board();
        window.findChild<QTabWidget *>()->setCurrentWidget(board);
        QTRY_COMPARE_WITH_TIMEOUT(board->table()->rowCount(), 5, 10000);
        window.badcaseTab()->checkFix(run);
        QTRY_VERIFY_WITH_TIMEOUT(board->applyFixButton()->isVisible(), 10000);
        const QString shown = board->detail()->toPlainText();
        QVERIFY2(shown.contains(QString::fromStdString(expected["sentence"].get<std::string>())), qPrintable(shown));
        const widgets::FixCheckShown &check = board->fixCheck();
        QCOMPARE(check.cases.size(), qsizetype(expected["cases"].size()));
        for (qsizetype i = 0; i < check.cases.size(); ++i) {
            QCOMPARE(check.cases[i].caseIndex, expected["cases"][std::size_t(i)]["case"].get<int>());
            QCOMPARE(check.cases[i].outcome.toStdString(), expected["cases"][std::size_t(i)]["outcome"].get<std::string>());
            QCOMPARE(check.cases[i].badcase, expected["cases"][std::size_t(i)]["badcase"].get<qint64>());
        }
        QCOMPARE(check.changes, 5);

        board->applyFixButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(test::jsonOut(cli(test::argList({"--json", "badcase", "list", "--status", "fixed"})))["badcases"].size() == 5,
            10000);
        for (const json &badcase : test::jsonOut(cli(test::argList({"--json", "badcase", "list"})))["badcases"])
            QCOMPARE(badcase["fixed_in"].get<std::string>(), std::string("ticket-triage@4"));
        QVERIFY(!board->applyFixButton()->isVisible());
    }
};

QTEST_MAIN(TestBadcaseBoard)
#include "test_badcase_board.moc"
