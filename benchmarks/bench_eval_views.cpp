// The Dataset and Evaluate tabs at scale, through the real window (not a test: it prints
// numbers). A 100,000-case dataset is opened from the project tree (until the grid shows it),
// scrolled end to end, sorted and filtered; then a 2,000-cell evaluation (1,000 cases × two
// echo targets, which answer at once: the most cells a second the matrix can be sent) streams
// into the matrix. For each phase: its time, and the GUI thread's longest single event (goal:
// 16 ms, one frame).

#include "app_style.h"
#include "dataset_grid_model.h"
#include "dataset_view.h"
#include "eval_results_view.h"
#include "evaluation_view.h"
#include "main_window.h"
#include "project_tree_model.h"
#include "timing_application.h"

#include "demo/demo_project.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/provider_catalog.h"

#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QCheckBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <cstdio>

using namespace ps;

namespace {

std::vector<eval::DatasetCase> tickets(int count)
{
    static const char *const openings[] = {"I was charged twice for", "Please refund my",
        "The export button crashes on", "How do I change the VAT number on",
        "My invoice shows the wrong address for", "Can I get a discount on"};
    static const char *const things[] = {"the May invoice", "our Team plan", "the annual seats",
        "invoice 1042", "the PDF export", "last month's payment"};
    std::vector<eval::DatasetCase> cases;
    cases.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i) {
        eval::DatasetCase item;
        item.vars = {{"ticket", std::string(openings[i % 6]) + " " + things[(i / 6) % 6]
                                    + " (ticket " + std::to_string(i) + ")"},
            {"customer", "customer-" + std::to_string(i * 7919 % 100000)}};
        item.expected = i % 3 == 0 ? "billing" : i % 3 == 1 ? "bug" : "other";
        item.tags = {i % 2 ? "web" : "email"};
        item.assertions = nlohmann::json::array({{{"type", "icontains"}, {"value", "ticket"}}});
        cases.push_back(std::move(item));
    }
    return cases;
}

// Runs `action` as an event of the GUI thread, as a click would: its own cost is measured too.
template<typename Action>
void asEvent(Action action)
{
    QMetaObject::invokeMethod(qApp, action, Qt::QueuedConnection);
}

void report(const char *phase, double ms, const bench::TimingApplication &app)
{
    std::printf("%-44s %8.1f ms   longest GUI event %6.1f ms wall, %6.1f ms CPU (%s)\n", phase, ms,
        double(app.longestEventNs) / 1e6, double(app.longestEventCpuNs) / 1e6,
        qPrintable(app.longestEventWhat));
}

} // namespace

int main(int argc, char *argv[])
{
    bench::TimingApplication app(argc, argv);
    app::applyAppStyle(app);
    QTemporaryDir dir;
    qputenv("XDG_CONFIG_HOME", dir.filePath(QStringLiteral("config")).toUtf8());
    const QString path = dir.filePath(QStringLiteral("bench.promptsmith"));
    {
        store::Project project = store::Project::create(path.toStdString());
        demo::populateDemoProject(project);
        store::DatasetStore datasets(project);
        datasets.importCases("big", "big.jsonl", tickets(100000));
        datasets.importCases("eval-1000", "eval-1000.jsonl", tickets(1000));
        store::TargetRecord second;
        second.id = "echo-b";
        second.providerId = "echo";
        second.model = "echo";
        store::ProviderCatalog(project).addTarget(second);
    }
    app::MainWindow window;
    window.resize(1600, 900);
    window.show();
    QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
    window.openProject(path);
    if (!loaded.wait(20000)) {
        std::fprintf(stderr, "the project did not load\n");
        return 1;
    }
    QTest::qWait(300);

    // 1. Open the 100,000-case dataset from the tree.
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
    auto *model = qobject_cast<widgets::ProjectTreeModel *>(tree->model());
    const QModelIndex row = model->match(model->index(0, 0), widgets::ProjectTreeModel::DatasetNameRole,
        QStringLiteral("big"), 1, Qt::MatchRecursive | Qt::MatchExactly).value(0);
    widgets::DatasetView *view = window.datasetView();
    widgets::DatasetGridModel *grid = view->gridModel();
    app.setMeasuring(true);
    app.reset();
    QElapsedTimer clock;
    clock.start();
    asEvent([tree, row] { tree->setCurrentIndex(row); });
    if (!QTest::qWaitFor([grid] { return grid->rowCount() == 100000; }, 30000))
        return 1;
    QCoreApplication::processEvents(); // painted
    report("open 100,000 cases from the tree", double(clock.nsecsElapsed()) / 1e6, app);

    // 2. Scroll from top to bottom in 100 steps.
    app.reset();
    clock.restart();
    QScrollBar *bar = view->grid()->verticalScrollBar();
    for (int step = 0; step <= 100; ++step) {
        bar->setValue(bar->maximum() * step / 100);
        QCoreApplication::processEvents();
    }
    report("scroll end to end (100 steps)", double(clock.nsecsElapsed()) / 1e6, app);

    // 3. Sort by the ticket column, both ways, and filter.
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        app.reset();
        clock.restart();
        QSignalSpy sorted(grid, &widgets::DatasetGridModel::sorted);
        asEvent([view, order] { view->grid()->horizontalHeader()->setSortIndicator(0, order); });
        if (!sorted.wait(30000))
            return 1;
        QCoreApplication::processEvents();
        report(order == Qt::AscendingOrder ? "sort by ticket, ascending" : "sort by ticket, descending",
            double(clock.nsecsElapsed()) / 1e6, app);
    }
    app.reset();
    clock.restart();
    QSignalSpy filtered(grid, &widgets::DatasetGridModel::filtered);
    asEvent([view] { view->filterEdit()->setText(QStringLiteral("refund")); });
    if (!filtered.wait(30000))
        return 1;
    QCoreApplication::processEvents();
    report(qPrintable(QStringLiteral("filter \"refund\" (%1 shown)").arg(grid->rowCount())),
        double(clock.nsecsElapsed()) / 1e6, app);

    // 4. A 2,000-cell evaluation streaming into the matrix.
    window.showEvaluation();
    widgets::EvaluationView *evaluate = window.evaluationView();
    evaluate->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("eval-1000"),
        {QStringLiteral("echo"), QStringLiteral("echo-b")});
    evaluate->concurrencyBox()->setValue(32);
    evaluate->cacheBox()->setChecked(false);
    QTest::qWait(200);
    app.reset();
    clock.restart();
    asEvent([evaluate] { evaluate->runButton()->click(); });
    if (!QTest::qWaitFor(
            [evaluate] {
                return evaluate->resultsView()->results().status == QStringLiteral("complete");
            },
            120000))
        return 1;
    report(qPrintable(QStringLiteral("evaluate 2,000 cells into the matrix (%1 shown)")
                          .arg(evaluate->resultsView()->results().cells.size())),
        double(clock.nsecsElapsed()) / 1e6, app);
    return 0;
}
