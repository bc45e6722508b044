// The Dataset tab: a dataset opened from the tree in a grid; edits (undoable) saved as the next
// revision while an old run keeps the revision it used; sorting and filtering; a case's values
// sent to the editor's Variables; a broken assertion refused naming the case.

#include "cli_test_helpers.h"
#include "answer_to_dataset_dialog.h"
#include "assertions_dialog.h"
#include "dataset_grid_model.h"
#include "dataset_tab.h"
#include "dataset_view.h"
#include "main_status_bar.h"
#include "main_window.h"
#include "project_tree_model.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "variables_panel.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "run/eval_report.h"
#include "store/dataset_store.h"
#include "store/image_store.h"
#include "store/project.h"
#include "util/base64.h"
#include "util/parallel_chunks.h"
#include "util/sha256.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QToolButton>
#include <QCollator>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace ps;

class TestDatasetTab : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;

    // Opens "tickets" from the tree and waits for its grid.
    widgets::DatasetView *openTickets(app::MainWindow &window)
    {
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        auto *model = qobject_cast<widgets::ProjectTreeModel *>(tree->model());
        const QModelIndex row = model->match(model->index(0, 0),
            widgets::ProjectTreeModel::DatasetNameRole, QStringLiteral("tickets"), 1,
            Qt::MatchRecursive | Qt::MatchExactly)
                                    .value(0);
        if (!row.isValid())
            return nullptr;
        tree->setCurrentIndex(row);
        widgets::DatasetView *view = window.datasetView();
        if (!QTest::qWaitFor([view] { return view->gridModel()->rowCount() == 12; }, 10000))
            return nullptr;
        return view;
    }

    static QString cell(const widgets::DatasetView *view, int row, int column)
    {
        return view->gridModel()->index(row, column).data(Qt::EditRole).toString();
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = test::demoProjectIn(m_dir->path());
    }

    void cleanup() { m_dir.reset(); }

    // Done-when 5: editing makes a new revision; a run of the old one still shows it.
    void editsBecomeTheNextRevision()
    {
        const test::CliResult made = test::cli({"--project", m_path, "eval", "ticket-triage",
            "--dataset", "tickets", "--target", "echo", "--json"});
        const std::string oldRun = test::jsonOut(made)["run_id"].get<std::string>();
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::DatasetView *view = openTickets(window);
        QVERIFY(view);
        QVERIFY(view->isVisible()); // the Dataset tab came forward
        QCOMPARE(view->gridModel()->headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("ticket"));
        const QString original = cell(view, 0, 0);
        QVERIFY(!original.isEmpty());
        QVERIFY(!view->saveButton()->isEnabled());

        // Typed into the grid, as a user does: F2 opens the cell's editor, Enter commits.
        QTableView *grid = view->grid();
        grid->setFocus();
        grid->setCurrentIndex(view->gridModel()->index(0, 0));
        QTest::keyClick(grid, Qt::Key_F2);
        auto *editor = grid->viewport()->findChild<QLineEdit *>();
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, QStringLiteral("Refund the duplicate May charge"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(cell(view, 0, 0), QStringLiteral("Refund the duplicate May charge"));
        QVERIFY(view->isModified());
        QVERIFY(view->saveButton()->isEnabled());

        view->addCase();
        QCOMPARE(view->gridModel()->rowCount(), 13);
        grid->setCurrentIndex(view->gridModel()->index(12, 0));
        view->gridModel()->setData(view->gridModel()->index(12, 0), QStringLiteral("A new ticket"));
        grid->selectionModel()->select(view->gridModel()->index(5, 0), QItemSelectionModel::ClearAndSelect);
        grid->setCurrentIndex(view->gridModel()->index(5, 0));
        QTest::keyClick(grid, Qt::Key_Delete); // the grid's, not the window's Delete
        QTRY_COMPARE(view->gridModel()->rowCount(), 12);
        view->gridModel()->history()->undo(); // the deletion comes back
        QTRY_COMPARE(view->gridModel()->rowCount(), 13);

        view->saveButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(view->statusText().contains(QStringLiteral("Saved: revision 2")), 10000);
        QVERIFY(!view->isModified());

        const store::Project project = store::Project::open(m_path.toStdString());
        const store::DatasetStore datasets(project);
        const model::DatasetRecord latest = datasets.latest("tickets");
        QCOMPARE(latest.revision, 2);
        const auto cases = datasets.cases(latest.id);
        QCOMPARE(cases.size(), std::size_t(13));
        QCOMPARE(cases[0].vars["ticket"].get<std::string>(), std::string("Refund the duplicate May charge"));
        QCOMPARE(cases[12].vars["ticket"].get<std::string>(), std::string("A new ticket"));
        // Everything the grid did not touch is as it was: expected, tags, assertions.
        const run::EvalReport old = run::buildEvalReport(project, oldRun, {});
        QCOMPARE(old.datasetRevision, 1);
        QCOMPARE(old.cases.size(), std::size_t(12));
        QCOMPARE(QString::fromStdString(old.cases[0].vars["ticket"].get<std::string>()), original);
        for (std::size_t i = 1; i < 12; ++i) {
            QCOMPARE(cases[i].expected, old.cases[i].expected);
            QCOMPARE(cases[i].tags, old.cases[i].tags);
            QCOMPARE(cases[i].assertions.dump(), old.cases[i].assertions.dump());
        }
    }

    // Cases need not share their variables: each value lands in its variable's column, whatever
    // order the cases were converted in, on however many threads, and goes back unchanged.
    void casesWithDifferentVariablesKeepTheirValues()
    {
        std::vector<eval::DatasetCase> cases(6000);
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const std::string n = std::to_string(i);
            if (i % 3 == 0)
                cases[i].vars = {{"ticket", "t" + n}};
            else if (i % 3 == 1)
                cases[i].vars = {{"ticket", "t" + n}, {"customer", "c" + n}};
            else
                cases[i].vars = {{"zeta", int(i)}, {"amount", "a" + n}};
            cases[i].expected = "e" + n;
        }
        app::DatasetTableBuilder builder;
        builder.resize(cases.size());
        util::parallelChunks(cases.size(), [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = end; i-- > begin;) // backwards: order must not matter
                builder.add(i, cases[i]);
        });
        const widgets::DatasetTable table = builder.finish();
        QCOMPARE(table.variables, QStringList({QStringLiteral("amount"), QStringLiteral("customer"),
                                      QStringLiteral("ticket"), QStringLiteral("zeta")}));
        const auto value = [&](std::size_t row, int column) {
            return table.rows[row].values.value(column);
        };
        QCOMPARE(value(0, 2), QStringLiteral("t0"));
        QCOMPARE(value(0, 1), QString());
        QCOMPARE(value(4, 1), QStringLiteral("c4"));
        QCOMPARE(value(4, 2), QStringLiteral("t4"));
        QCOMPARE(value(5, 0), QStringLiteral("a5"));
        QCOMPARE(value(5, 3), QStringLiteral("5")); // a number, shown as JSON
        QCOMPARE(table.rows[5].expected, QStringLiteral("e5"));

        widgets::DatasetTable named = table;
        named.name = QStringLiteral("mixed");
        const std::vector<eval::DatasetCase> back = app::datasetCases(named);
        QCOMPARE(back.size(), cases.size());
        QCOMPARE(back[5].vars["zeta"].dump(), std::string("5")); // still a number
        QCOMPARE(back[4].vars["customer"].get<std::string>(), std::string("c4"));
        QCOMPARE(back[3].vars.value("ticket", std::string()), std::string("t3"));
        QCOMPARE(back[3].expected, std::optional<std::string>("e3"));
    }

    // "New dataset from these answers", from a pane: the values it answered become a case, its
    // answer (edited) the expected output, in a new revision of a dataset or a new dataset.
    void aPaneAnswerBecomesACase()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QPlainTextEdit *ticket = nullptr;
        QTRY_VERIFY((ticket = bench->variables()->valueEditor(QStringLiteral("ticket"))) != nullptr);
        const QString typed = QStringLiteral("My card was charged twice for the June invoice");
        ticket->setPlainText(typed);
        widgets::ResponsePane *pane = window.responseArea()->pane(0);
        QVERIFY(!pane->addToDatasetAction()->isEnabled()); // nothing answered yet
        pane->setTargetId(QStringLiteral("echo"));
        pane->runButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(pane->state(), widgets::ResponsePane::State::Done, 10000);
        widgets::DatasetView *view = openTickets(window); // shown, unedited: it follows
        QVERIFY(view);

        const auto addAnswer = [&](const QString &dataset, const QString &expected) {
            pane->addToDatasetAction()->trigger();
            widgets::AnswerToDatasetDialog *dialog = nullptr;
            QTRY_VERIFY((dialog = window.findChild<widgets::AnswerToDatasetDialog *>()) != nullptr);
            QVERIFY(dialog->expectedEdit()->toPlainText().contains(typed)); // echo's answer
            QVERIFY(dialog->datasetBox()->findText(QStringLiteral("tickets")) >= 0);
            dialog->datasetBox()->setCurrentText(dataset);
            dialog->expectedEdit()->setPlainText(expected);
            dialog->tagsEdit()->setText(QStringLiteral("from-pane, june"));
            dialog->accept();
        };
        addAnswer(QStringLiteral("tickets"), QStringLiteral("billing"));
        QTRY_COMPARE_WITH_TIMEOUT(view->gridModel()->rowCount(), 13, 10000);
        QCOMPARE(view->gridModel()->table().revision, 2);
        {
            const store::Project project = store::Project::open(m_path.toStdString());
            const store::DatasetStore datasets(project);
            const model::DatasetRecord latest = datasets.latest("tickets");
            QCOMPARE(latest.revision, 2);
            const auto cases = datasets.cases(latest.id);
            QCOMPARE(cases.size(), std::size_t(13));
            QCOMPARE(QString::fromStdString(cases[12].vars["ticket"].get<std::string>()), typed);
            QCOMPARE(cases[12].expected, std::optional<std::string>("billing"));
            QCOMPARE(cases[12].tags, std::vector<std::string>({"from-pane", "june"}));
            QCOMPARE(datasets.cases(datasets.findById(latest.id - 1)->id).size(), std::size_t(12));
        }

        addAnswer(QStringLiteral("june answers"), QStringLiteral("billing, refund"));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.findChild<app::MainStatusBar *>()->note().contains(QStringLiteral("case 1 of june answers")),
            10000);
        const store::Project project = store::Project::open(m_path.toStdString());
        const model::DatasetRecord made = store::DatasetStore(project).latest("june answers");
        QCOMPARE(made.revision, 1);
        QCOMPARE(made.caseCount, 1);
    }

    // Sorting, filtering and deleting in quick succession on a large table: the GUI thread never
    // waits for an ordering under way, and what shows at the end answers the last question.
    void quickChangesEndInTheLastOrder()
    {
        widgets::DatasetTable table;
        table.name = QStringLiteral("many");
        table.variables = {QStringLiteral("ticket")};
        for (int i = 0; i < 60000; ++i) {
            widgets::DatasetRow row;
            row.values = {QStringLiteral("ticket %1").arg((i * 7919) % 60000)};
            table.rows.push_back(row);
        }
        widgets::DatasetGridModel model;
        model.setTable(table);
        model.sortBy(0, Qt::AscendingOrder);
        model.filter(QStringLiteral("7"));
        model.sortBy(0, Qt::DescendingOrder);
        model.removeRows({0, 1, 2}); // the first three cases, in their own order still
        QCOMPARE(model.rows().size(), std::size_t(59997));
        int expected = 0;
        for (const widgets::DatasetRow &row : model.rows())
            expected += row.values.front().contains(QLatin1Char('7')) ? 1 : 0;
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), expected, 20000);
        QCollator collator;
        collator.setNumericMode(true);
        for (int row = 1; row < model.rowCount(); ++row) {
            const QString before = model.index(row - 1, 0).data().toString();
            const QString here = model.index(row, 0).data().toString();
            QVERIFY(here.contains(QLatin1Char('7')));
            QVERIFY2(collator.compare(before, here) >= 0, qPrintable(before + QStringLiteral(" / ") + here));
        }
    }

    void sortFilterAndFillVariables()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::DatasetView *view = openTickets(window);
        QVERIFY(view);
        widgets::DatasetGridModel *model = view->gridModel();
        // Sorted by the ticket column off the GUI thread, then shown.
        QSignalSpy sorted(model, &widgets::DatasetGridModel::sorted);
        view->grid()->horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder);
        QVERIFY(sorted.wait(5000) || sorted.size() == 1);
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY2(QString::compare(cell(view, row - 1, 0), cell(view, row, 0), Qt::CaseInsensitive) <= 0,
                qPrintable(cell(view, row, 0)));
        // Filtered: only the cases mentioning "invoice" (in any column).
        view->filterEdit()->setText(QStringLiteral("invoice"));
        QTRY_VERIFY(model->rowCount() < 12 && model->rowCount() > 0);
        for (int row = 0; row < model->rowCount(); ++row) {
            bool mentions = false;
            for (int column = 0; column < model->columnCount(); ++column)
                mentions = mentions || cell(view, row, column).contains(QStringLiteral("invoice"), Qt::CaseInsensitive);
            QVERIFY(mentions);
        }
        QVERIFY(view->statusText().contains(QStringLiteral("Showing")));

        // Fill Variables sends the current case's values to the editor and shows it.
        view->grid()->setCurrentIndex(model->index(0, 0));
        const QString ticket = cell(view, 0, 0);
        view->fillVariablesFromCurrent();
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QCOMPARE(QString::fromStdString(bench->variables()->values().value("ticket", std::string())), ticket);
        QTRY_VERIFY(bench->isVisible());
    }

    // The assertions editor: rows of type and value instead of JSON, an undoable edit, saved.
    void assertionsAreEditedAsRows()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::DatasetView *view = openTickets(window);
        QVERIFY(view);
        widgets::DatasetGridModel *model = view->gridModel();
        const int column = model->columnCount() - 2;
        const QString before = model->index(0, column).data(Qt::EditRole).toString();
        view->grid()->setCurrentIndex(model->index(0, 0));
        view->editAssertions();
        auto *dialog = view->findChild<widgets::AssertionsDialog *>();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->table()->rowCount(), 1); // the demo's classification
        dialog->addAssertion(QStringLiteral("icontains"), QStringLiteral("refund"));
        dialog->addAssertion(QStringLiteral("contains-any"), QStringLiteral(R"(["billing", "refund"])"));
        dialog->accept();
        const QString after = model->index(0, column).data(Qt::EditRole).toString();
        const auto written = nlohmann::json::parse(after.toStdString());
        QCOMPARE(written.size(), std::size_t(3));
        QCOMPARE(written[1].dump(), std::string(R"({"type":"icontains","value":"refund"})"));
        QCOMPARE(written[2]["value"].dump(), std::string(R"(["billing","refund"])"));
        QCOMPARE(model->index(0, column).data().toString(),
            QStringLiteral("classification; icontains refund; contains-any"));
        model->history()->undo();
        QCOMPARE(model->index(0, column).data(Qt::EditRole).toString(), before);
        model->history()->redo();
        view->saveButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(view->statusText().contains(QStringLiteral("Saved: revision 2")), 10000);
        const store::Project project = store::Project::open(m_path.toStdString());
        const store::DatasetStore datasets(project);
        QCOMPARE(datasets.cases(datasets.latest("tickets").id)[0].assertions.size(), std::size_t(3));
    }

    void brokenAssertionsAreRefusedNamingTheCase()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        widgets::DatasetView *view = openTickets(window);
        QVERIFY(view);
        widgets::DatasetGridModel *model = view->gridModel();
        const int assertions = model->columnCount() - 2; // ..., Assertions, Note
        QCOMPARE(model->headerData(assertions, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("Assertions"));
        model->setData(model->index(2, assertions), QStringLiteral("contains billing"));
        view->saveButton()->click();
        QTRY_VERIFY(view->statusText().contains(QStringLiteral("Not saved: case 3")));
        const store::Project project = store::Project::open(m_path.toStdString());
        QCOMPARE(store::DatasetStore(project).latest("tickets").revision, 1);
        QVERIFY(view->isModified()); // nothing typed is lost
    }

    // Import with progress into a new dataset, a bad file refused naming its line, and Export
    // writing JSONL that `dataset import` reads back to the same cases.
    void importAndExport()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *tab = window.findChild<app::DatasetTab *>();
        QVERIFY(tab);
        widgets::DatasetView *view = window.datasetView();

        const QString bad = m_dir->filePath(QStringLiteral("bad.jsonl"));
        QVERIFY(test::writeFile(bad,
            "{\"vars\": {\"ticket\": \"a\"}}\n{\"vars\": {\"ticket\": \"b\"}}\n{\"vars\": oops}\n"));
        tab->importFile(bad, QStringLiteral("bad"));
        QTRY_VERIFY(view->statusText().startsWith(QStringLiteral("Not imported:")));
        QVERIFY2(view->statusText().contains(QStringLiteral("bad.jsonl:3")), qPrintable(view->statusText()));
        {
            const store::Project project = store::Project::open(m_path.toStdString());
            QVERIFY(!store::DatasetStore(project).findLatest("bad"));
        }

        QByteArray lines;
        for (int i = 0; i < 5000; ++i)
            lines += QByteArray::fromStdString(
                nlohmann::json({{"vars", {{"ticket", "ticket " + std::to_string(i)}}},
                                   {"expected", i % 2 ? "bug" : "billing"}, {"tags", {"bulk"}},
                                   {"assert", {{{"type", "classification"}}}}})
                    .dump()
                + "\n");
        const QString bulk = m_dir->filePath(QStringLiteral("bulk.jsonl"));
        QVERIFY(test::writeFile(bulk, lines));
        tab->importFile(bulk, QStringLiteral("bulk"));
        QTRY_VERIFY_WITH_TIMEOUT(view->gridModel()->rowCount() == 5000, 20000);
        QVERIFY2(view->statusText().contains(QStringLiteral("revision 1")), qPrintable(view->statusText()));
        QCOMPARE(view->gridModel()->table().name, QStringLiteral("bulk"));

        const QString exported = m_dir->filePath(QStringLiteral("exported.jsonl"));
        tab->exportTo(exported);
        QTRY_VERIFY2(view->statusText().startsWith(QStringLiteral("Wrote 5000 cases")), qPrintable(view->statusText()));
        const test::CliResult again = test::cli({"--project", m_path, "dataset", "import", "again", exported});
        QVERIFY2(again.exitCode == 0, test::describe(again));
        const store::Project project = store::Project::open(m_path.toStdString());
        const store::DatasetStore datasets(project);
        QVERIFY(datasets.cases(datasets.latest("again").id) == datasets.cases(datasets.latest("bulk").id));

        // Never over the project.
        tab->exportTo(m_path);
        QVERIFY(view->statusText().contains(QStringLiteral("would destroy it")));
    }

    // A CSV whose __images column names files beside it: the images are stored in the project
    // and the cases keep their references, as `dataset import` does; a missing file refuses the
    // whole import, naming the case and the file.
    void importStoresCaseImages()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *tab = window.findChild<app::DatasetTab *>();
        widgets::DatasetView *view = window.datasetView();
        const std::string png = *util::base64Decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("shots")));
        QVERIFY(test::writeFile(m_dir->filePath(QStringLiteral("shots/dot.png")), QByteArray::fromStdString(png)));

        const QString missing = m_dir->filePath(QStringLiteral("missing.csv"));
        QVERIFY(test::writeFile(missing, "ticket,__images\nfine,\nbroken,shots/nowhere.png\n"));
        tab->importFile(missing, QStringLiteral("missing"));
        QTRY_VERIFY(view->statusText().startsWith(QStringLiteral("Not imported:")));
        QVERIFY2(view->statusText().contains(QStringLiteral("case 2")), qPrintable(view->statusText()));
        QVERIFY2(view->statusText().contains(QStringLiteral("nowhere.png")), qPrintable(view->statusText()));

        const QString shots = m_dir->filePath(QStringLiteral("shots.csv"));
        QVERIFY(test::writeFile(shots,
            "ticket,__images\nno picture,\nsee the screenshot,shots/dot.png;https://example.com/a.png\n"));
        tab->importFile(shots, QStringLiteral("shots"));
        QTRY_COMPARE(view->gridModel()->table().name, QStringLiteral("shots"));
        const store::Project project = store::Project::open(m_path.toStdString());
        QVERIFY(!store::DatasetStore(project).findLatest("missing"));
        const store::DatasetStore datasets(project);
        const std::vector<eval::DatasetCase> cases = datasets.cases(datasets.latest("shots").id);
        QCOMPARE(cases.size(), std::size_t(2));
        QVERIFY(!cases[0].extra.contains("images"));
        const nlohmann::json &images = cases[1].extra["images"];
        QCOMPARE(images.size(), std::size_t(2));
        QCOMPARE(images[0].value("sha256", std::string()), util::sha256Hex(png));
        QCOMPARE(images[0].value("media_type", std::string()), std::string("image/png"));
        QCOMPARE(images[1].value("url", std::string()), std::string("https://example.com/a.png"));
        QCOMPARE(store::ImageStore(project).bytes(util::sha256Hex(png)), std::optional<std::string>(png));
    }
};

QTEST_MAIN(TestDatasetTab)
#include "test_dataset_tab.moc"
