// The Evaluate tab: an evaluation started from the tab against the fake provider, cancelled
// midway and resumed, answers every cell once and shows exactly what `report --json` says; a
// run made with the CLI opens in it, and one started in it resumes in the CLI; the matrix
// filters to failures, sorts and opens a cell.

#include "badcase_mark_dialog.h"
#include "cli_test_helpers.h"
#include "eval_charts_view.h"
#include "eval_classification_view.h"
#include "eval_matrix_model.h"
#include "eval_results_view.h"
#include "evaluation_tab.h"
#include "evaluation_view.h"
#include "fake_provider_server.h"
#include "main_window.h"
#include "project_tree_model.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "run/eval_report.h"
#include "store/badcase_store.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/run_store.h"
#include "util/number_text.h"

#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTreeView>
#include <QtTest>

#include <functional>
#include <memory>
#include <set>

using namespace ps;
using nlohmann::json;

class TestEvaluateTab : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;

    // The demo project with targets a and b on a fake provider answering after `latency`.
    bool setUp(std::chrono::milliseconds latency)
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = test::demoProjectIn(m_dir->path());
        fakeprovider::FakeProviderOptions options;
        options.latency = latency;
        m_server = std::make_unique<fakeprovider::FakeProviderServer>(options);
        if (!m_server->start())
            return false;
        const store::Project project = store::Project::open(m_path.toStdString());
        test::addFakeTargets(project, m_server->baseUrl(), {{"a", "model-a"}, {"b", "model-b"}});
        return true;
    }

    // Dataset "charges": one case per ticket (with its tag, when given), each passing when the
    // answer says "charged".
    void importCharges(const std::vector<std::pair<std::string, std::string>> &tickets) const
    {
        store::Project project = store::Project::open(m_path.toStdString());
        std::vector<eval::DatasetCase> cases;
        for (const auto &[ticket, tag] : tickets) {
            eval::DatasetCase item;
            item.vars = {{"ticket", ticket}};
            if (!tag.empty())
                item.tags = {tag};
            item.assertions = json::array({{{"type", "icontains"}, {"value", "charged"}}});
            cases.push_back(item);
        }
        store::DatasetStore(project).importCases("charges", "charges.jsonl", cases);
    }

    // Opens the Evaluate tab, chooses `version` over "charges" for `targets`, lets `prepare` set
    // the rest (repeats, gates), clicks Evaluate and waits for that new run to complete; null if
    // it did not.
    static widgets::EvaluationView *evaluateCharges(app::MainWindow &window,
        const QString &version, const QStringList &targets,
        const std::function<void(widgets::EvaluationView *)> &prepare = {})
    {
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        if (!QTest::qWaitFor([view] { return view->runButton()->isEnabled(); }, 10000))
            return nullptr;
        view->choose({version}, QStringLiteral("charges"), targets);
        if (prepare)
            prepare(view);
        const QString before = view->resultsView()->results().runId; // a run shown already
        QTest::mouseClick(view->runButton(), Qt::LeftButton);
        const bool complete = QTest::qWaitFor(
            [view, before] {
                const widgets::EvalResults &shown = view->resultsView()->results();
                return shown.runId != before && shown.status == QStringLiteral("complete");
            },
            20000);
        return complete ? view : nullptr;
    }

    json reportOf(const std::string &runId) const
    {
        const store::Project project = store::Project::open(m_path.toStdString());
        return run::toJson(run::buildEvalReport(project, runId, {}));
    }

    std::vector<store::ResponseRecord> cellsOf(const std::string &runId) const
    {
        const store::Project project = store::Project::open(m_path.toStdString());
        return store::RunStore(project).responses(runId);
    }

    // What the tab shows — summary rows and matrix cells — equals the report's figures.
    static void checkShowsTheReport(const widgets::EvaluationView *view, const json &report)
    {
        const widgets::EvalResults &shown = view->resultsView()->results();
        QCOMPARE(shown.runId.toStdString(), report["run_id"].get<std::string>());
        QCOMPARE(shown.status.toStdString(), report["status"].get<std::string>());
        const QTableWidget *summary = view->resultsView()->summaryTable();
        QCOMPARE(summary->rowCount(), int(report["summary"].size()));
        for (int row = 0; row < summary->rowCount(); ++row) {
            const std::string column = summary->item(row, 0)->text().toStdString();
            const json &figures = report["summary"][column];
            QCOMPARE(summary->item(row, 1)->text().toInt(), figures["n"].get<int>());
            QCOMPARE(summary->item(row, 2)->text(),
                QString::number(figures["pass_rate"].get<double>() * 100, 'f', 1) + QLatin1Char('%'));
            QCOMPARE(summary->item(row, 4)->text(),
                QString::number(figures["mean_score"].get<double>(), 'f', 3));
        }
        auto *model = qobject_cast<widgets::EvalMatrixModel *>(
            view->resultsView()->matrixFilter()->sourceModel());
        QVERIFY(model);
        QCOMPARE(std::size_t(model->rowCount()), report["cells"].empty() ? 0 : model->results().cases.size());
        const QStringList columns = model->results().columns;
        for (const json &cell : report["cells"]) {
            const int column = int(columns.indexOf(QString::fromStdString(cell["column"].get<std::string>())));
            QVERIFY(column >= 0);
            const QModelIndex index = model->index(cell["case"].get<int>(),
                widgets::EvalMatrixModel::kFixedColumns + column);
            QCOMPARE(index.data(widgets::EvalMatrixModel::PassRole).toBool(), cell["pass"].get<bool>());
            QCOMPARE(index.data(widgets::EvalMatrixModel::ScoreRole).toDouble(),
                cell["score"].get<double>());
            const auto answers = model->cellsAt(index);
            QCOMPARE(answers.size(), std::size_t(1));
            QCOMPARE(answers.front()->text.toStdString(), cell["text"].get<std::string>());
        }
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    // Done-when 1: start from the tab, cancel midway, resume — every cell answered once.
    void cancelThenResumeAnswersEachCellOnce()
    {
        QVERIFY(setUp(std::chrono::milliseconds(150)));
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        QVERIFY(view->isVisible());
        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"),
            {QStringLiteral("a"), QStringLiteral("b")});
        view->concurrencyBox()->setValue(1);
        view->cacheBox()->setChecked(false);
        QVERIFY(view->runButton()->isEnabled());
        QTest::mouseClick(view->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(view->cancelButton()->isEnabled(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() >= 5, 20000);
        // Answers stream into the matrix while the run goes on, each in its row and column.
        QTableView *matrix = view->resultsView()->matrixView();
        QCOMPARE(matrix->model()->rowCount(), 12);
        QTRY_VERIFY_WITH_TIMEOUT(view->resultsView()->results().cells.size() >= 3, 10000);
        QVERIFY(view->isRunning());
        const widgets::EvalCellResult streamed = view->resultsView()->results().cells.front();
        QVERIFY(streamed.text.startsWith(QStringLiteral("Echo from model-")));
        const int streamedColumn = streamed.column == QStringLiteral("a") ? 3 : 4;
        QVERIFY(matrix->model()
                    ->index(streamed.caseIndex, streamedColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("Echo from model-")));
        QTest::mouseClick(view->cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isRunning(), 20000);

        const widgets::EvalResults cancelled = view->resultsView()->results();
        QCOMPARE(cancelled.status, QStringLiteral("cancelled"));
        QVERIFY(view->resumeButton()->isEnabled());
        const std::string runId = cancelled.runId.toStdString();
        const int total = 12 * 2;
        const int stored = int(cellsOf(runId).size());
        QVERIFY2(stored >= 4 && stored < total, qPrintable(QString::number(stored)));
        checkShowsTheReport(view, reportOf(runId));

        const int sent = m_server->requestCount();
        QTest::mouseClick(view->resumeButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(view->resultsView()->results().status == QStringLiteral("complete"), 60000);
        // Only what was missing was sent, and no cell is stored twice.
        QCOMPARE(m_server->requestCount() - sent, total - stored);
        const auto cells = cellsOf(runId);
        QCOMPARE(int(cells.size()), total);
        std::set<std::tuple<std::string, int, int>> distinct;
        for (const auto &cell : cells) {
            QVERIFY(!cell.error);
            distinct.insert({cell.targetId, *cell.caseIndex, cell.repeatIndex.value_or(0)});
        }
        QCOMPARE(int(distinct.size()), total);
        QVERIFY(!view->resumeButton()->isEnabled());
        const json report = reportOf(runId);
        checkShowsTheReport(view, report);

        // The charts draw the same figures: the pass rate's interval, the latency percentiles.
        widgets::EvalChartsView *charts = view->resultsView()->chartsView();
        auto *rates = qobject_cast<QBoxPlotSeries *>(charts->passRateChart()->series().value(0));
        auto *latency = qobject_cast<QBoxPlotSeries *>(charts->latencyChart()->series().value(0));
        QVERIFY(rates && latency);
        QCOMPARE(rates->count(), 2);
        QCOMPARE(latency->count(), 2);
        for (int i = 0; i < 2; ++i) {
            const json &figures = report["summary"][rates->boxSets()[i]->label().toStdString()];
            QCOMPARE(rates->boxSets()[i]->at(QBoxSet::LowerExtreme),
                figures["pass_rate_ci95"][0].get<double>() * 100);
            QCOMPARE(rates->boxSets()[i]->at(QBoxSet::Median), figures["pass_rate"].get<double>() * 100);
            QCOMPARE(rates->boxSets()[i]->at(QBoxSet::UpperExtreme),
                figures["pass_rate_ci95"][1].get<double>() * 100);
            const json &timed = report["summary"][latency->boxSets()[i]->label().toStdString()];
            QCOMPARE(latency->boxSets()[i]->at(QBoxSet::Median), timed["latency_ms_p50"].get<double>());
            QCOMPARE(latency->boxSets()[i]->at(QBoxSet::UpperQuartile), timed["latency_ms_p95"].get<double>());
            QCOMPARE(latency->boxSets()[i]->at(QBoxSet::UpperExtreme), timed["latency_ms_p99"].get<double>());
        }
        QVERIFY(view->progressText().contains(QStringLiteral("complete")));
    }

    // Done-when 2: a CLI run opens from the tree with its figures; a tab run resumes in the CLI.
    void runsCrossBetweenTheCliAndTheTab()
    {
        // Slow enough that a loaded machine still cancels the tab's run before its 12 cells end.
        QVERIFY(setUp(std::chrono::milliseconds(300)));
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        const test::CliResult made = test::cli({"--project", m_path, "eval", "ticket-triage@2",
            "--dataset", "tickets", "--target", "echo", "--json"});
        const std::string cliRun = test::jsonOut(made)["run_id"].get<std::string>();
        QVERIFY(test::selectRunInTree(window, cliRun));
        widgets::EvaluationView *view = window.evaluationView();
        QTRY_VERIFY(view->isVisible()); // the Evaluate tab came forward
        QTRY_COMPARE(view->resultsView()->results().runId.toStdString(), cliRun);
        checkShowsTheReport(view, reportOf(cliRun));

        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"),
            {QStringLiteral("a")});
        view->concurrencyBox()->setValue(1);
        view->cacheBox()->setChecked(false);
        QTest::mouseClick(view->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() >= 3, 20000);
        QTest::mouseClick(view->cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isRunning(), 20000);
        const std::string tabRun = view->resultsView()->results().runId.toStdString();
        QVERIFY(tabRun != cliRun);
        const int stored = int(cellsOf(tabRun).size());
        QVERIFY(stored < 12);
        const int sent = m_server->requestCount();
        const test::CliResult resumed
            = test::cli({"--project", m_path, "eval", "--resume", QString::fromStdString(tabRun)});
        QVERIFY2(resumed.exitCode == 0 || resumed.exitCode == 1, test::describe(resumed));
        QCOMPARE(m_server->requestCount() - sent, 12 - stored);
        QCOMPARE(reportOf(tabRun)["status"].get<std::string>(), std::string("complete"));
        QCOMPARE(int(cellsOf(tabRun).size()), 12);
    }

    // The cost before sending: the tab shows, for what is checked, the figures `eval --estimate`
    // prints, exact for an OpenAI model, and follows the choice; nothing is sent for it.
    void theCostBeforeSendingIsTheClisEstimate()
    {
        // Slow enough that a choice made while the run goes on is made before it ends.
        QVERIFY(setUp(std::chrono::milliseconds(500)));
        {
            const store::Project project = store::Project::open(m_path.toStdString());
            test::addTarget(project, "omni", "fake", "gpt-4o");
        }
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        QTRY_VERIFY(view->runButton()->isEnabled());
        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"), {QStringLiteral("omni")});
        view->repeatsBox()->setValue(2);

        const test::CliResult cli = test::cli({"--project", m_path, "--json", "eval", "ticket-triage@3", "--dataset",
            "tickets", "--target", "omni", "--repeat", "2", "--estimate"});
        const json estimate = test::jsonOut(cli);
        QVERIFY2(estimate.is_object(), test::describe(cli));
        const QString tokens = QLocale().toString(estimate["input_tokens"].get<qlonglong>());
        const QString expected = QStringLiteral("Before sending: 24 cells · %1 input tokens · input %2")
                                     .arg(tokens, QString::fromStdString(util::dollars(estimate["input_usd"].get<double>())));
        QTRY_VERIFY2(view->estimateText().startsWith(expected), qPrintable(view->estimateText() + QStringLiteral(" / ") + expected));

        // A model no public encoding covers: the figure is marked as partly estimated.
        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"), {QStringLiteral("omni"), QStringLiteral("a")});
        QTRY_VERIFY2(view->estimateText().contains(QStringLiteral("≈")), qPrintable(view->estimateText()));
        QTRY_VERIFY(view->estimateText().contains(QStringLiteral("48 cells")));
        QCOMPARE(m_server->requestCount(), 0); // estimating sends nothing
        // A choice made while a run goes on is estimated when the run ends.
        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"), {QStringLiteral("a")});
        view->repeatsBox()->setValue(1);
        view->concurrencyBox()->setValue(1);
        view->cacheBox()->setChecked(false);
        QTRY_VERIFY(view->estimateText().startsWith(QStringLiteral("Before sending: 12 cells")));
        QTest::mouseClick(view->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() >= 1, 20000);
        view->repeatsBox()->setValue(3); // 12 cells of 500 ms one at a time: the run is still going
        QTRY_VERIFY_WITH_TIMEOUT(!view->isRunning() && view->resultsView()->results().status == QStringLiteral("complete"), 30000);
        QTRY_VERIFY2(view->estimateText().startsWith(QStringLiteral("Before sending: 36 cells")), qPrintable(view->estimateText()));
        // Nothing checked: nothing to estimate, and the line says what to do.
        const int sent = m_server->requestCount();
        view->choose({}, QStringLiteral("tickets"), {});
        QTRY_VERIFY(view->estimateText().startsWith(QStringLiteral("Check a version")));
        QCOMPARE(m_server->requestCount(), sent); // estimating sends nothing
    }

    // Done-when 3 (part): failures only, sorting by a column, and a cell's whole answer.
    void failuresSortAndOpenACell()
    {
        QVERIFY(setUp(std::chrono::milliseconds(0)));
        importCharges({{"charged twice", ""}, {"app crashes", ""}, {"charged again", ""}, {"hello", ""}});
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::EvaluationView *view
            = evaluateCharges(window, QStringLiteral("ticket-triage@1"), {QStringLiteral("echo")});
        QVERIFY(view);
        QTableView *matrix = view->resultsView()->matrixView();
        QCOMPARE(matrix->model()->rowCount(), 4);
        // echo answers with the ticket: two mention "charged", two fail.
        view->resultsView()->failuresOnly()->setChecked(true);
        QCOMPARE(matrix->model()->rowCount(), 2);
        for (int row = 0; row < 2; ++row)
            QCOMPARE(matrix->model()->index(row, 3).data(widgets::EvalMatrixModel::PassRole).toBool(), false);
        view->resultsView()->failuresOnly()->setChecked(false);
        // Sorted by the answer column, failures (score 0) come first, then passes.
        matrix->sortByColumn(3, Qt::AscendingOrder);
        QCOMPARE(matrix->model()->index(0, 3).data(widgets::EvalMatrixModel::PassRole).toBool(), false);
        QCOMPARE(matrix->model()->index(3, 3).data(widgets::EvalMatrixModel::PassRole).toBool(), true);
        matrix->sortByColumn(0, Qt::DescendingOrder);
        QCOMPARE(matrix->model()->index(0, 0).data().toString(), QStringLiteral("4"));

        QSignalSpy opened(view->resultsView(), &widgets::EvalResultsView::cellOpened);
        const QModelIndex cell = matrix->model()->index(0, 3); // case 4, "hello"
        matrix->setFocus();
        matrix->setCurrentIndex(cell);
        QTest::keyClick(matrix, Qt::Key_Return); // as a double-click does: the cell's activation
        QCOMPARE(opened.size(), 1);
        const QString whole = opened.front().front().toString();
        QVERIFY2(whole.contains(QStringLiteral("icontains")) && whole.contains(QStringLiteral("failed")),
            qPrintable(whole));
        // The exact request: the rendered messages as sent, the case's ticket in them.
        QVERIFY2(whole.contains(QStringLiteral("The request as sent"))
                && whole.contains(QStringLiteral("\"messages\""))
                && whole.contains(QStringLiteral("hello")),
            qPrintable(whole));
        auto *dialog = view->findChild<QDialog *>(QStringLiteral("evalCellDialog"));
        QVERIFY(dialog && dialog->isVisible());
        // The opened answer is judged there: Mark Bad… asks why and stores the cell's bad case.
        QPushButton *markBad = nullptr;
        for (QPushButton *button : dialog->findChildren<QPushButton *>())
            if (button->text() == QStringLiteral("Mark &Bad…"))
                markBad = button;
        QVERIFY(markBad && markBad->isEnabled());
        markBad->click();
        widgets::BadcaseMarkDialog *why = nullptr;
        QTRY_VERIFY((why = window.findChild<widgets::BadcaseMarkDialog *>()) != nullptr);
        why->tagList()->item(0)->setCheckState(Qt::Checked);
        why->correctedEdit()->setPlainText(QStringLiteral("other"));
        why->accept();
        const std::string runOpened = view->resultsView()->results().runId.toStdString();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const store::Project project = store::Project::open(m_path.toStdString());
                return store::BadcaseStore(project).list().size() == 1;
            }(),
            10000);
        {
            const store::Project project = store::Project::open(m_path.toStdString());
            const model::BadcaseRecord marked = store::BadcaseStore(project).list().front();
            QCOMPARE(marked.answer.substr(0, runOpened.size() + 3), runOpened + ":3:");
            QCOMPARE(marked.caseIndex, std::optional<int>(3));
            QCOMPARE(marked.tags, std::vector<std::string>({"format broken"}));
            QCOMPARE(marked.corrected, std::optional<std::string>("other"));
            QCOMPARE(marked.vars.value("ticket", std::string()), std::string("hello"));
        }
        dialog->reject();

        // Export Report writes what `report -o` writes, byte for byte, in each format.
        auto *tab = window.findChild<app::EvaluationTab *>();
        QVERIFY(tab);
        QVERIFY(view->resultsView()->exportButton()->isVisible());
        const QString runId = view->resultsView()->results().runId;
        for (const QString &extension : {QStringLiteral("html"), QStringLiteral("json"),
                 QStringLiteral("csv"), QStringLiteral("md")}) {
            const QString fromTab = m_dir->filePath(QStringLiteral("tab.") + extension);
            const QString fromCli = m_dir->filePath(QStringLiteral("cli.") + extension);
            tab->exportTo(fromTab);
            QTRY_VERIFY(view->progressText().contains(fromTab));
            const QString format = extension == QStringLiteral("md") ? QStringLiteral("markdown") : extension;
            const test::CliResult written = test::cli(
                {"--project", m_path, "report", runId, "--format", format, "-o", fromCli});
            QVERIFY2(written.exitCode == 0, test::describe(written));
            QFile a(fromTab);
            QFile b(fromCli);
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            const QByteArray bytes = a.readAll();
            QVERIFY(bytes.size() > 100);
            QCOMPARE(bytes, b.readAll());
        }
        // Never over the project: it is refused, and the project still opens.
        tab->exportTo(m_path);
        QTRY_VERIFY(view->progressText().contains(QStringLiteral("would destroy it")));
        QVERIFY(store::Project::open(m_path.toStdString()).listPrompts().size() == 3);
    }

    // Gates typed in the tab are checked per column (a bad one refused before anything is
    // sent); the matrix narrows to the cases the columns disagree on, and to a tag.
    void gatesDisagreementsAndTags()
    {
        QVERIFY(setUp(std::chrono::milliseconds(0)));
        // The fake model repeats only the first words: a late "charged" is lost.
        importCharges({{"charged twice for May", "early"},
            {"The app was slow yesterday and then I got charged twice", "late"},
            {"charged for seats we removed", "early"}});
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        QTRY_VERIFY(view->runButton()->isEnabled());
        view->choose({QStringLiteral("ticket-triage@1")}, QStringLiteral("charges"),
            {QStringLiteral("echo"), QStringLiteral("a")});
        view->gatesEdit()->setText(QStringLiteral("pass_rate>=0.9; nonsense>=1"));
        QTest::mouseClick(view->runButton(), Qt::LeftButton);
        QTRY_VERIFY(view->progressText().startsWith(QStringLiteral("Gate nonsense>=1")));
        QCOMPARE(m_server->requestCount(), 0);

        view->gatesEdit()->setText(QStringLiteral("pass_rate>=0.9"));
        QTest::mouseClick(view->runButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(view->resultsView()->results().status, QStringLiteral("complete"), 20000);
        const QStringList gates = view->resultsView()->results().gates;
        QCOMPARE(gates.size(), 2);
        const QString both = gates.join(QLatin1Char('\n'));
        QVERIFY2(both.contains(QStringLiteral("pass pass_rate>=0.9 on echo (actual 1")), qPrintable(both));
        QVERIFY2(both.contains(QStringLiteral("FAIL pass_rate>=0.9 on a (actual 0.66")), qPrintable(both));

        QTableView *matrix = view->resultsView()->matrixView();
        QCOMPARE(matrix->model()->rowCount(), 3);
        view->resultsView()->disagreementsOnly()->setChecked(true);
        QCOMPARE(matrix->model()->rowCount(), 1);
        QCOMPARE(matrix->model()->index(0, 0).data().toString(), QStringLiteral("2"));
        view->resultsView()->disagreementsOnly()->setChecked(false);
        QComboBox *tag = view->resultsView()->tagFilter();
        QVERIFY(tag->isVisible());
        tag->setCurrentIndex(tag->findText(QStringLiteral("early")));
        QCOMPARE(matrix->model()->rowCount(), 2);
        tag->setCurrentIndex(0);
        QCOMPARE(matrix->model()->rowCount(), 3);

        // A column's answers become a dataset's expected outputs, its cases' variables and tags
        // kept.
        auto *tab = window.findChild<app::EvaluationTab *>();
        tab->makeDataset(QStringLiteral("a"), QStringLiteral("answers-of-a"));
        QTRY_VERIFY2(view->progressText().startsWith(QStringLiteral("Made dataset answers-of-a revision 1: 3 cases")),
            qPrintable(view->progressText()));
        const store::Project project = store::Project::open(m_path.toStdString());
        const store::DatasetStore datasets(project);
        const auto made = datasets.cases(datasets.latest("answers-of-a").id);
        const auto used = datasets.cases(datasets.latest("charges").id);
        QCOMPARE(made.size(), std::size_t(3));
        for (const widgets::EvalCellResult &cell : view->resultsView()->results().cells) {
            if (cell.column != QStringLiteral("a"))
                continue;
            const eval::DatasetCase &item = made[std::size_t(cell.caseIndex)];
            QCOMPARE(QString::fromStdString(item.expected.value_or("")), cell.text);
            QCOMPARE(item.vars.dump(), used[std::size_t(cell.caseIndex)].vars.dump());
            QCOMPARE(item.tags, used[std::size_t(cell.caseIndex)].tags);
            QVERIFY(item.assertions.empty());
        }
    }

    // The prompt's specs, switched on, are the run's gates as `eval --spec` makes them: the
    // verdict is eval's exit code, and the run keeps the choice for `report` and a resume.
    void specsAreGatesWhenAsked()
    {
        QVERIFY(setUp(std::chrono::milliseconds(0)));
        importCharges({{"charged twice", ""}, {"app crashes", ""}, {"charged again", ""}});
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        QTRY_VERIFY(view->runButton()->isEnabled());
        QVERIFY(!view->specsBox()->isEnabled()); // ticket-triage has no specs yet
        QVERIFY(view->specsBox()->toolTip().contains(QStringLiteral("spec set ticket-triage")));
        const test::CliResult set = test::cli({"--project", m_path, "spec", "set", "ticket-triage",
            "mostly-right", "pass_rate>=0.9", "--why", "nine in ten tickets routed right"});
        QVERIFY2(set.exitCode == 0, test::describe(set));
        QTRY_VERIFY_WITH_TIMEOUT(view->specsBox()->isEnabled(), 10000); // the window read it
        QVERIFY(view->specsBox()->toolTip().contains(QStringLiteral("mostly-right: pass_rate>=0.9")));

        // Off: the specs are reported, but there is no verdict.
        view = evaluateCharges(window, QStringLiteral("ticket-triage@1"), {QStringLiteral("echo")});
        QVERIFY(view);
        QCOMPARE(view->resultsView()->results().specs.size(), 1);
        QVERIFY(!view->resultsView()->results().gatesPassed);

        view = evaluateCharges(window, QStringLiteral("ticket-triage@1"), {QStringLiteral("echo")},
            [](widgets::EvaluationView *chosen) { chosen->specsBox()->setChecked(true); });
        QVERIFY(view);
        const widgets::EvalResults &shown = view->resultsView()->results();
        QCOMPARE(shown.specs.size(), 1);
        QVERIFY2(shown.specs.front().startsWith(QStringLiteral("unmet · mostly-right"))
                || shown.specs.front().startsWith(QStringLiteral("undecided · mostly-right")),
            qPrintable(shown.specs.front()));
        QCOMPARE(shown.gatesPassed, std::optional<bool>(false)); // 2 of 3 is not nine in ten
        const store::Project project = store::Project::open(m_path.toStdString());
        const run::EvalReport report = run::buildEvalReport(project, shown.runId.toStdString(), {});
        QVERIFY(report.specsAreGates);
        QCOMPARE(run::exitCode(report), 1);
    }

    // With repeats the summary says whether each column's answers agree with themselves: the
    // share of cases answered identically and pass^k, as the report has them.
    void repeatsSayWhetherAnswersAgree()
    {
        QVERIFY(setUp(std::chrono::milliseconds(0)));
        importCharges({{"charged twice", ""}, {"app crashes", ""}, {"charged again", ""}});
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::EvaluationView *view = evaluateCharges(window, QStringLiteral("ticket-triage@1"),
            {QStringLiteral("echo")}, [](widgets::EvaluationView *chosen) { chosen->repeatsBox()->setValue(3); });
        QVERIFY(view);
        const json report = reportOf(view->resultsView()->results().runId.toStdString());
        QTableWidget *summary = view->resultsView()->summaryTable();
        QCOMPARE(summary->horizontalHeaderItem(10)->text(), QStringLiteral("Identical"));
        QCOMPARE(summary->horizontalHeaderItem(11)->text(), QStringLiteral("pass^3"));
        QCOMPARE(summary->item(0, 10)->text(),
            QString::number(report["summary"]["echo"]["identical_share"].get<double>() * 100, 'f', 1)
                + QLatin1Char('%'));
        QCOMPARE(summary->item(0, 10)->text(), QStringLiteral("100.0%")); // echo never varies
        QCOMPARE(summary->item(0, 11)->text(),
            QString::number(report["summary"]["echo"]["pass_hat_k"].get<double>(), 'f', 3));
    }

    // Done-when 3: the per-class table and the confusion matrix; a click on a count narrows the
    // matrix to the cases behind it.
    void confusionClickFiltersTheMatrix()
    {
        QVERIFY(setUp(std::chrono::milliseconds(0)));
        {
            store::Project project = store::Project::open(m_path.toStdString());
            store::SaveRequest request;
            request.promptName = "labels";
            model::Message user;
            user.role = "user";
            user.content = "{{ticket}}"; // echo answers the label it is given
            request.content.messages = {user};
            project.saveVersion(request);
            std::vector<eval::DatasetCase> cases;
            for (const auto &[answer, expected] : std::vector<std::pair<const char *, const char *>> {
                     {"billing", "billing"}, {"bug", "bug"}, {"billing", "bug"}, {"Other.", "other"},
                     {"bug", "billing"}, {"billing", "billing"}}) {
                eval::DatasetCase item;
                item.vars = {{"ticket", answer}};
                item.expected = expected;
                item.assertions = json::array({{{"type", "classification"}}});
                cases.push_back(item);
            }
            store::DatasetStore(project).importCases("labelled", "labelled.jsonl", cases);
        }
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        const test::CliResult made = test::cli({"--project", m_path, "eval", "labels", "--dataset",
            "labelled", "--target", "echo", "--json"});
        const std::string runId = test::jsonOut(made)["run_id"].get<std::string>();
        QVERIFY(test::selectRunInTree(window, runId));
        widgets::EvaluationView *view = window.evaluationView();
        QTRY_COMPARE(view->resultsView()->results().runId.toStdString(), runId);
        widgets::EvalResultsView *results = view->resultsView();
        QVERIFY(results->figureTabs()->isTabVisible(2));
        results->figureTabs()->setCurrentIndex(2);
        QTableWidget *confusion = results->classificationView()->confusionTable();
        // Rows billing, bug, other; columns the same labels: the report's counts.
        QCOMPARE(confusion->rowCount(), 3);
        QCOMPARE(confusion->columnCount(), 3);
        const json report = reportOf(runId);
        const json &counts = report["summary"]["echo"]["classification"]["confusion"];
        const QStringList labels = {QStringLiteral("billing"), QStringLiteral("bug"), QStringLiteral("other")};
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c)
                QCOMPARE(confusion->item(r, c)->text().toInt(),
                    counts[labels[r].toStdString()].value(labels[c].toStdString(), 0));
        QCOMPARE(confusion->item(1, 0)->text(), QStringLiteral("1")); // bug answered billing

        QTableView *matrix = results->matrixView();
        QCOMPARE(matrix->model()->rowCount(), 6);
        confusion->scrollToItem(confusion->item(1, 0));
        QTest::mouseClick(confusion->viewport(), Qt::LeftButton, {},
            confusion->visualItemRect(confusion->item(1, 0)).center());
        QCOMPARE(matrix->model()->rowCount(), 1);
        QCOMPARE(matrix->model()->index(0, 0).data().toString(), QStringLiteral("3")); // case 3
        QVERIFY(results->confusionNote().contains(QStringLiteral("expecting bug")));
        QTest::mouseClick(confusion->viewport(), Qt::LeftButton, {},
            confusion->visualItemRect(confusion->item(0, 0)).center());
        QCOMPARE(matrix->model()->rowCount(), 2); // billing answered billing: cases 1 and 6
        for (QPushButton *button : results->findChildren<QPushButton *>())
            if (button->text() == QStringLiteral("Show all cases"))
                button->click();
        QCOMPARE(matrix->model()->rowCount(), 6);
        QVERIFY(results->confusionNote().isEmpty());
    }
};

QTEST_MAIN(TestEvaluateTab)
#include "test_evaluate_tab.moc"
