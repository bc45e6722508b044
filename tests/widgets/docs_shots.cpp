// Takes the README's screenshots of the window on the demo project (scripts/screenshots.sh):
// one window size, one palette and one tab per run, written as a PNG.
//   ps_docs_shots OUT.png --size 1280x800 [--dark] [--tab Parameters] [--schema]

#include "app_settings.h"
#include "app_style.h"
#include "code_dialog.h"
#include "dataset_grid_model.h"
#include "dataset_view.h"
#include "project_tree_model.h"
#include "eval_results_view.h"
#include "evaluation_view.h"
#include "follow_up_bar.h"
#include "tool_calls_box.h"
#include "history_panel.h"
#include "json_text_editor.h"
#include "badcase_board.h"
#include "variables_panel.h"
#include "badcase_mark_dialog.h"
#include "export_dialog.h"
#include "prompt_files.h"
#include "badcase_tab.h"
#include "main_window.h"
#include "fake_provider_server.h"
#include "parameters_panel.h"
#include "provider_settings.h"
#include "providers_dialog.h"
#include "rating_tab.h"
#include "rating_view.h"
#include "present_action.h"
#include "presenter.h"
#include "presenter_view.h"
#include "window_fixture.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"

#include "demo/demo_project.h"
#include "rating/rating_sessions.h"
#include "secrets/trust_store.h"
#include "store/dataset_store.h"
#include "store/price_overrides.h"
#include "store/provider_catalog.h"
#include "badcase/badcase_marking.h"
#include "store/project.h"
#include "store/rating_store.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCommandLineParser>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>
#include <QSpinBox>
#include <QToolButton>
#include <QTableView>
#include <QTreeView>

using namespace ps;

namespace {

// A dialog over the dimmed window, as the user sees it, saved to `path`.
bool saveOver(QWidget &window, QWidget *dialog, const QString &path)
{
    QPixmap shot = window.grab();
    const QPixmap over = dialog->grab();
    QPainter painter(&shot);
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60));
    painter.drawPixmap((shot.width() - over.width()) / 2, (shot.height() - over.height()) / 2, over);
    painter.end();
    return shot.save(path);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // the user's settings and recent projects stay out
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("out"), QStringLiteral("The PNG to write"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("WxH"), QStringLiteral("size"),
        QStringLiteral("1280x800"));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("The dark palette"));
    const QCommandLineOption tab(QStringLiteral("tab"), QStringLiteral("The tab under the editor"),
        QStringLiteral("name"), QStringLiteral("Variables"));
    const QCommandLineOption schema(
        QStringLiteral("schema"), QStringLiteral("Show a JSON schema with a mistake in it"));
    const QCommandLineOption diff(QStringLiteral("diff"), QStringLiteral("Compare v1 and v3"));
    const QCommandLineOption panes(QStringLiteral("panes"), QStringLiteral("Response panes"),
        QStringLiteral("count"), QStringLiteral("1"));
    const QCommandLineOption versions(QStringLiteral("versions"),
        QStringLiteral("Compare the prompt's versions in the panes, answered by echo"));
    const QCommandLineOption providers(QStringLiteral("providers"),
        QStringLiteral("The providers dialog, a local server's models listed"));
    const QCommandLineOption present(QStringLiteral("present"),
        QStringLiteral("The presenter view, answered by a model played by the fake provider"));
    const QCommandLineOption code(QStringLiteral("code"),
        QStringLiteral("Copy as Code on a pane's answer from an OpenAI target (the fake provider)"));
    const QCommandLineOption turns(QStringLiteral("turns"),
        QStringLiteral("A conversation continued in the first pane, two replies after the answer"));
    const QCommandLineOption confidence(QStringLiteral("confidence"),
        QStringLiteral("Token confidence in the panes: a sure and an unsure model (the fake provider)"));
    const QCommandLineOption tools(QStringLiteral("tools"),
        QStringLiteral("A tool call with a mocked result in one pane, the exchange done in another"));
    const QCommandLineOption dataset(
        QStringLiteral("dataset"), QStringLiteral("The Dataset tab on the demo's tickets, one cell edited"));
    const QCommandLineOption running(QStringLiteral("running"),
        QStringLiteral("With --evaluate: taken while the evaluation runs, its progress showing"));
    const QCommandLineOption charts(
        QStringLiteral("charts"), QStringLiteral("With --evaluate: the Charts tab in front"));
    const QCommandLineOption evaluate(QStringLiteral("evaluate"),
        QStringLiteral("The Evaluate tab after a run of v3 over a small dataset, echo beside a "
                       "model played by the fake provider"));
    const QCommandLineOption badcases(QStringLiteral("badcases"),
        QStringLiteral("The Bad Cases tab after an evaluation's failures were marked"));
    const QCommandLineOption fix(QStringLiteral("fix"),
        QStringLiteral("With --badcases: a fix evaluated on the regression dataset and checked"));
    const QCommandLineOption mark(QStringLiteral("mark"),
        QStringLiteral("A pane's answer being marked bad: the tag picker, a note and the correction"));
    const QCommandLineOption exportFile(QStringLiteral("export"),
        QStringLiteral("File ▸ Export Prompt…: ticket-triage for Langfuse, the file previewed"));
    const QCommandLineOption rateReport(QStringLiteral("rate-report"),
        QStringLiteral("With --rate: three raters' ratings, and the session's report"));
    const QCommandLineOption rate(QStringLiteral("rate"),
        QStringLiteral("The Rate tab: a blind pairwise session over v2 and v3, two items rated"));
    parser.addOptions({size, dark, tab, schema, panes, diff, versions, providers, present, code,
        turns, confidence, tools, evaluate, charts, dataset, running, rate, rateReport, badcases, mark, fix, exportFile});
    parser.process(app);
    if (parser.positionalArguments().isEmpty())
        parser.showHelp(2);

    if (parser.isSet(dark))
        app.setPalette(QPalette(QColor(0x20, 0x20, 0x24))); // applyAppStyle reads it as dark
    app::applyAppStyle(app);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("demo.promptsmith"));
    // This machine's approvals, in the shot's own folder (set before the window reads them).
    qputenv("XDG_CONFIG_HOME", dir.filePath(QStringLiteral("config")).toUtf8());
    {
        store::Project project = store::Project::create(path.toStdString());
        demo::populateDemoProject(project);
    }
    // Copy as Code: an OpenAI target played by the fake provider, approved before the window
    // reads this machine's approvals.
    fakeprovider::FakeProviderServer codeServer;
    if (parser.isSet(code)) {
        if (!codeServer.start())
            return 1;
        qputenv("OPENAI_API_KEY", "sk-not-a-real-key");
        providers::ProviderConfig openai;
        openai.id = "openai";
        openai.kind = providers::ProviderKind::OpenAi;
        openai.baseUrl = codeServer.baseUrl();
        {
            const store::Project project = store::Project::open(path.toStdString());
            store::ProviderCatalog(project).addProvider(openai);
            test::addTarget(project, "gpt-4o-mini", "openai", "gpt-4o-mini");
        }
        test::approveHere(openai);
    }
    fakeprovider::FakeProviderServer toolServer;
    if (parser.isSet(tools)) {
        if (!toolServer.start())
            return 1;
        store::Project project = store::Project::open(path.toStdString());
        store::SaveRequest request;
        request.promptName = "billing-agent";
        model::Message system;
        system.role = "system";
        system.content = "You answer billing questions for Ledgerly. Look invoices up before "
                         "you answer.";
        model::Message user;
        user.role = "user";
        user.content = "Was invoice 1042 charged twice?";
        request.content.messages = {system, user};
        request.content.params.tools = nlohmann::json::array({{{"name", "lookup_invoice"},
            {"description", "Finds an invoice and its payments"},
            {"parameters",
                {{"type", "object"}, {"properties", {{"query", {{"type", "string"}}}}},
                    {"required", {"query"}}}}}});
        request.message = "look invoices up";
        project.saveVersion(request);
        test::addFakeTargets(project, toolServer.baseUrl(), {{"gpt-4o-mini", "gpt-4o-mini"}});
        app::settings::setLastPrompt(path.toStdString(), QStringLiteral("billing-agent"));
    }
    fakeprovider::FakeProviderOptions evalOptions;
    if (parser.isSet(running)) // slow enough to be caught mid-run
        evalOptions.latency = std::chrono::milliseconds(400);
    fakeprovider::FakeProviderServer evalServer(evalOptions);
    if (parser.isSet(evaluate)) {
        if (!evalServer.start())
            return 1;
        store::Project project = store::Project::open(path.toStdString());
        test::addFakeTargets(project, evalServer.baseUrl(), {});
        // v3 allows 3 tokens (one label); the fake model needs more to say anything.
        test::addTarget(project, "gpt-4o-mini", "fake", "gpt-4o-mini", {{"max_tokens", 40}});
        store::PriceOverrides(project).set({"gpt-4o-mini", 0.15, 0.6, std::nullopt, {}});
        // The fake model repeats the first eight words: a late "refund" is lost, as a model
        // that skims would lose it.
        std::vector<eval::DatasetCase> cases;
        for (const char *ticket : {"Please refund the second charge for May",
                 "I was billed twice this month and would like a refund", "Refund my annual plan",
                 "The export to PDF button does nothing when I click it, refund?",
                 "Can I get a refund for the unused seats on our Team plan",
                 "How do I change the VAT number on my invoices",
                 "Refund request: charged after I cancelled",
                 "The app crashed twice today, I want my money back as a refund"}) {
            eval::DatasetCase item;
            item.vars = {{"ticket", ticket}};
            item.assertions = nlohmann::json::array({{{"type", "icontains"}, {"value", "refund"}}});
            cases.push_back(item);
        }
        store::DatasetStore(project).importCases("refund-requests", "refund-requests.jsonl", cases);
    }
    fakeprovider::FakeProviderServer confidenceServer;
    if (parser.isSet(confidence)) {
        if (!confidenceServer.start())
            return 1;
        const store::Project project = store::Project::open(path.toStdString());
        test::addFakeTargets(project, confidenceServer.baseUrl(), {});
        for (const char *model : {"gpt-4o-mini", "small-unsure-model"}) // the demo's label-only
            test::addTarget(project, model, "fake", model, {{"max_tokens", 40}}); // limit cuts it
        store::PriceOverrides prices(project);
        prices.set({"gpt-4o-mini", 0.15, 0.6, std::nullopt, {}});
        prices.set({"small-unsure-model", 0.05, 0.2, std::nullopt, {}});
    }
    app::MainWindow window;
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    window.resize(wh.value(0).toInt(), wh.value(1).toInt());
    window.responseArea()->setPaneCount(parser.value(panes).toInt());
    window.show();
    QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
    window.openProject(path);
    if (!loaded.wait(10000))
        return 1;
    auto *bench = window.findChild<widgets::PromptWorkbench *>();
    for (int i = 0; i < bench->tabs()->count(); ++i)
        if (bench->tabs()->tabText(i) == parser.value(tab))
            bench->tabs()->setCurrentIndex(i);
    if (parser.value(tab) != QStringLiteral("Variables")) {
        // The tab is what the picture is about: it gets most of the editor's height.
        const int height = bench->splitter()->height();
        bench->splitter()->setSizes({height * 2 / 5, height * 3 / 5});
    }
    if (parser.isSet(schema)) {
        widgets::ParametersPanel *panel = bench->parameters();
        panel->chooseFormat(QStringLiteral("json_schema"));
        QPlainTextEdit *editor = panel->schemaEditor()->editor();
        editor->setPlainText(QStringLiteral(
            "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"label\": {\"type\": \"strin\","
            " \"enum\": [\"billing\", \"bug\", \"other\"]}\n  },\n  \"required\": [\"label\"]\n}"));
        if (auto *scroll = panel->findChild<QScrollArea *>()) {
            QCoreApplication::processEvents(); // the layout places the editor first
            scroll->ensureWidgetVisible(panel->schemaEditor()->statusLabel(), 0, 16);
        }
    }
    if (parser.isSet(diff))
        bench->historyPanel()->showDiff(1, 3);
    if (parser.isSet(versions)) {
        widgets::ResponseArea *area = window.responseArea();
        area->setCompareMode(widgets::CompareMode::Versions);
        area->runAll();
        if (!QTest::qWaitFor([area] { return area->runningCount() == 0; }, 5000))
            return 1;
    }
    if (parser.isSet(confidence)) {
        widgets::ResponseArea *area = window.responseArea();
        const QStringList targets {QStringLiteral("gpt-4o-mini"), QStringLiteral("small-unsure-model")};
        for (int i = 0; i < 2; ++i) {
            widgets::ResponsePane *pane = area->pane(i);
            pane->setTargetId(targets[i]);
            pane->confidenceAction()->setChecked(true);
        }
        area->runAll();
        if (!QTest::qWaitFor([area] { return area->runningCount() == 0; }, 5000))
            return 1;
    }
    if (parser.isSet(tools)) {
        widgets::ResponseArea *area = window.responseArea();
        for (int i = 0; i < 2; ++i)
            area->pane(i)->setTargetId(QStringLiteral("gpt-4o-mini"));
        area->runAll();
        if (!QTest::qWaitFor([area] { return area->runningCount() == 0; }, 5000))
            return 1;
        const QString result = QStringLiteral(
            "{\"invoice\": 1042, \"payments\": [\"2026-11-02 $49\", \"2026-11-02 $49\"]}");
        for (int i = 0; i < 2; ++i)
            area->pane(i)->toolCallsBox()->resultEdit(0)->setPlainText(result);
        area->pane(1)->toolCallsBox()->sendButton()->click();
        if (!QTest::qWaitFor([area] { return area->runningCount() == 0
                    && area->pane(1)->state() == widgets::ResponsePane::State::Done; }, 5000))
            return 1;
    }
    if (parser.isSet(turns)) {
        widgets::ResponsePane *pane = window.responseArea()->pane(0);
        const auto answered = [pane] {
            return QTest::qWaitFor(
                [pane] { return pane->state() == widgets::ResponsePane::State::Done; }, 5000);
        };
        pane->runButton()->click();
        if (!answered())
            return 1;
        for (const QString &reply : {QStringLiteral("Which plan is the customer on now?"),
                 QStringLiteral("Draft a two-line reply to the customer.")}) {
            pane->followUpBar()->replyEdit()->setText(reply);
            pane->followUpBar()->sendButton()->click();
            if (!QTest::qWaitFor([pane] { return pane->isRunning(); }, 2000) || !answered())
                return 1;
        }
        pane->followUpBar()->replyEdit()->setText(QStringLiteral("Now in German, please"));
    }
    if (parser.isSet(code)) {
        widgets::ResponsePane *pane = window.responseArea()->pane(0);
        pane->setTargetId(QStringLiteral("gpt-4o-mini"));
        if (!QTest::qWaitFor([pane] { return pane->runButton()->isEnabled(); }, 5000))
            return 1;
        pane->runButton()->click();
        if (!QTest::qWaitFor([pane] { return pane->state() == widgets::ResponsePane::State::Done; }, 5000))
            return 1;
        pane->copyAsCodeAction()->trigger();
        auto *dialog = window.findChild<widgets::CodeDialog *>();
        if (!dialog)
            return 1;
        dialog->tabs()->setCurrentIndex(1);
        dialog->policyBox()->setChecked(true);
        QTest::qWait(300);
        return dialog->grab().save(parser.positionalArguments().first()) ? 0 : 1;
    }
    if (parser.isSet(present)) {
        fakeprovider::FakeProviderServer server;
        if (!server.start())
            return 1;
        {
            const store::Project project = store::Project::open(path.toStdString());
            test::addFakeTargets(project, server.baseUrl(), {{"mini", "gpt-4o-mini"}});
            store::PriceOverrides(project).set({"gpt-4o-mini", 0.15, 0.6, std::nullopt, {}});
        }
        QSignalSpy refreshed(&window, &app::MainWindow::projectLoaded);
        window.openProject(path); // read again: the target just added
        if (!refreshed.wait(10000))
            return 1;
        app::PresentOptions options;
        options.prompt = QStringLiteral("ticket-triage");
        options.version = 1;
        options.target = QStringLiteral("mini");
        options.exposed = {QStringLiteral("ticket")};
        if (!window.presentAction()->presenter()->present(options).isEmpty())
            return 1;
        widgets::PresenterView *view = window.presentAction()->presenter()->view();
        const QStringList wh2 = parser.value(size).split(QLatin1Char('x'));
        view->showNormal();
        view->resize(wh2.value(0).toInt(), wh2.value(1).toInt());
        view->input(QStringLiteral("ticket"))->setPlainText(
            QStringLiteral("My invoice shows the wrong VAT number although I changed it in Settings."));
        view->askButton()->click();
        if (!QTest::qWaitFor([view] { return view->isAnswered(); }, 5000))
            return 1;
        QTest::qWait(300);
        return view->grab().save(parser.positionalArguments().first()) ? 0 : 1;
    }
    if (parser.isSet(evaluate)) {
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("refund-requests"),
            {QStringLiteral("echo"), QStringLiteral("gpt-4o-mini")});
        view->concurrencyBox()->setValue(parser.isSet(running) ? 1 : 4);
        view->runButton()->click();
        if (parser.isSet(running)) {
            if (!QTest::qWaitFor([view] { return view->resultsView()->results().cells.size() >= 5; }, 20000))
                return 1;
            QTest::qWait(150);
            return window.grab().save(parser.positionalArguments().first()) ? 0 : 1;
        }
        if (!QTest::qWaitFor(
                [view] { return view->resultsView()->results().status == QStringLiteral("complete"); },
                10000))
            return 1;
        // The cost of the chosen run is worked out a moment after it settles.
        (void)QTest::qWaitFor([view] { return view->estimateText().startsWith(QStringLiteral("Before sending")); }, 5000);
        if (parser.isSet(charts))
            view->resultsView()->figureTabs()->setCurrentIndex(1);
    }
    if (parser.isSet(dataset)) {
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        auto *model = qobject_cast<widgets::ProjectTreeModel *>(tree->model());
        tree->setCurrentIndex(model->match(model->index(0, 0), widgets::ProjectTreeModel::DatasetNameRole,
            QStringLiteral("tickets"), 1, Qt::MatchRecursive | Qt::MatchExactly).value(0));
        widgets::DatasetView *view = window.datasetView();
        if (!QTest::qWaitFor([view] { return view->gridModel()->rowCount() == 12; }, 5000))
            return 1;
        view->gridModel()->setData(view->gridModel()->index(2, 0),
            QStringLiteral("The invoice PDF shows last year's VAT number after I changed it"));
        view->grid()->setCurrentIndex(view->gridModel()->index(2, 0));
    }
    if (parser.isSet(badcases)) {
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"), {QStringLiteral("echo")});
        view->runButton()->click();
        if (!QTest::qWaitFor(
                [view] { return view->resultsView()->results().status == QStringLiteral("complete"); },
                10000))
            return 1;
        const std::string run = view->resultsView()->results().runId.toStdString();
        const store::Project project = store::Project::open(path.toStdString());
        // What a PM reading the twelve answers would mark.
        const std::vector<std::pair<int, std::vector<std::string>>> marks = {{0, {"wrong label"}},
            {1, {"wrong label", "ignored instruction"}}, {2, {"format broken"}}, {3, {"wrong label"}},
            {5, {"too long", "format broken"}}, {6, {"wrong label"}}, {8, {"hallucination"}},
            {9, {"wrong label"}}, {11, {"format broken"}}};
        for (const auto &[caseIndex, tags] : marks) {
            badcase::MarkRequest mark;
            mark.answer = run + ":" + std::to_string(caseIndex) + ":echo";
            mark.tags = tags;
            mark.by = "Maya";
            mark.note = caseIndex == 1 ? "Repeats the ticket instead of one label" : "";
            mark.corrected = caseIndex == 1 ? std::optional<std::string>("bug") : std::nullopt;
            if (parser.isSet(fix)) // the label each case expects, as a PM would correct it
                mark.corrected = store::DatasetStore(project).cases(
                    store::DatasetStore(project).latest("tickets").id)[std::size_t(caseIndex)].expected;
            badcase::markAnswer(project, mark);
        }
        if (parser.isSet(fix)) {
            // The regression dataset, and a fix that answers "billing" (echo repeats it).
            badcase::datasetFromBadcases(project, "regressions", {});
            store::SaveRequest billing;
            billing.promptName = "ticket-triage";
            model::Message user;
            user.role = "user";
            user.content = "{{#ticket}}billing{{/ticket}}";
            billing.content.messages = {user};
            billing.message = "always billing";
            store::Project(store::Project::open(path.toStdString())).saveVersion(billing);
            window.badcaseTab()->reload();
            QTest::qWait(3000); // the window reads the new version (a shot, not a test: no race to lose)
            view->choose({QStringLiteral("ticket-triage@3"), QStringLiteral("ticket-triage@4")},
                QStringLiteral("regressions"), {QStringLiteral("echo")});
            view->runButton()->click();
            if (!QTest::qWaitFor([view] {
                    return view->resultsView()->results().status == QStringLiteral("complete")
                        && view->resultsView()->results().columns.size() == 2;
                }, 10000)) {
                qWarning("the fix's evaluation did not finish in two columns (%d)",
                    int(view->resultsView()->results().columns.size()));
                return 1;
            }
            window.badcaseTab()->checkFix(view->resultsView()->results().runId);
        }
        window.badcaseTab()->reload();
        widgets::BadcaseBoard *board = window.badcaseTab()->board();
        if (!QTest::qWaitFor([board] { return board->table()->rowCount() == 9; }, 5000))
            return 1;
        window.findChild<QTabWidget *>()->setCurrentWidget(board);
        if (parser.isSet(fix)) {
            if (!QTest::qWaitFor([board] { return !board->fixCheck().runId.isEmpty(); }, 5000)) {
                qWarning("the fix was not shown as checked");
                return 1;
            }
        } else {
            board->chart()->choose(QStringLiteral("wrong label"));
        }
        // Two of them side by side: what they share shows first.
        for (const int row : parser.isSet(fix) ? std::vector<int> {} : std::vector<int> {0, 1})
            board->table()->selectionModel()->select(board->table()->model()->index(row, 0),
                QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    if (parser.isSet(mark)) {
        widgets::PromptWorkbench *bench = window.findChild<widgets::PromptWorkbench *>();
        QPlainTextEdit *ticket = nullptr;
        if (!QTest::qWaitFor([&] { return (ticket = bench->variables()->valueEditor(QStringLiteral("ticket"))) != nullptr; }, 5000))
            return 1;
        ticket->setPlainText(QStringLiteral("The invoice PDF still shows our old VAT number after I changed it in Settings."));
        widgets::ResponsePane *pane = window.responseArea()->pane(0);
        pane->setTargetId(QStringLiteral("echo"));
        pane->runButton()->click();
        if (!QTest::qWaitFor([pane] { return pane->state() == widgets::ResponsePane::State::Done; }, 5000))
            return 1;
        QTest::qWait(300);
        pane->markBadAction()->trigger();
        widgets::BadcaseMarkDialog *dialog = nullptr;
        if (!QTest::qWaitFor([&] { return (dialog = window.findChild<widgets::BadcaseMarkDialog *>()) != nullptr; }, 5000))
            return 1;
        for (const int row : {0, 8}) // format broken, wrong label (by name)
            dialog->tagList()->item(row)->setCheckState(Qt::Checked);
        dialog->tagList()->setCurrentRow(8);
        dialog->noteEdit()->setText(QStringLiteral("Echoes the ticket instead of one label"));
        dialog->correctedEdit()->setPlainText(QStringLiteral("bug"));
        QTest::qWait(300);
        return saveOver(window, dialog, parser.positionalArguments().first()) ? 0 : 1;
    }
    if (parser.isSet(exportFile)) {
        window.promptFiles()->exportAction()->trigger();
        widgets::ExportDialog *dialog = window.findChild<widgets::ExportDialog *>();
        const QList<QComboBox *> combos = dialog->findChildren<QComboBox *>();
        // promptfoo's config: targets and a dataset chosen, the folder's two files in the preview.
        combos[2]->setCurrentIndex(combos[2]->findData(QStringLiteral("promptfoo")));
        combos[1]->setCurrentIndex(combos[1]->findData(3));
        if (auto *datasets = dialog->findChild<QListWidget *>(QStringLiteral("exportDatasets")); datasets && datasets->count() > 0)
            datasets->item(0)->setCheckState(Qt::Checked);
        if (!QTest::qWaitFor([dialog] { return dialog->previewText().contains(QStringLiteral("tests:")); }, 5000))
            return 1;
        QTest::qWait(300);
        return saveOver(window, dialog, parser.positionalArguments().first()) ? 0 : 1;
    }
    if (parser.isSet(rate)) {
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        view->choose({QStringLiteral("ticket-triage@3"), QStringLiteral("ticket-triage@2")},
            QStringLiteral("tickets"), {QStringLiteral("echo")});
        view->runButton()->click();
        if (!QTest::qWaitFor(
                [view] { return view->resultsView()->results().status == QStringLiteral("complete"); },
                10000))
            return 1;
        rating::RatingSessionRequest request;
        request.runIds = {view->resultsView()->results().runId.toStdString()};
        request.criteria = {"Which answer routes the ticket better?"};
        request.guideline = "## Which answer routes the ticket better?\n\nPrefer the answer whose "
                            "**label** a support lead would accept without a second look.\n\n"
                            "- **billing**: charges, refunds, invoices, VAT\n"
                            "- **bug**: something in the product is broken\n"
                            "- **other**: questions and requests\n\n"
                            "Choose **Tie** when both are equally right, **Both bad** when neither "
                            "label fits.";
        request.guidelineName = "triage-routing";
        const std::string session = rating::createRatingSession(
            store::Project::open(path.toStdString()), request).session.id;
        window.ratingTab()->open(QString::fromStdString(session), QStringLiteral("Maya"));
        widgets::RatingView *rating = window.ratingView();
        if (!QTest::qWaitFor([rating] { return !rating->currentItem().isEmpty(); }, 5000))
            return 1;
        window.activateWindow();
        rating->setFocus();
        QTest::keyClick(rating, Qt::Key_1);
        QTest::keyClick(rating, Qt::Key_T);
        if (parser.isSet(rateReport)) {
            const store::Project project = store::Project::open(path.toStdString());
            const auto items = store::RatingStore(project).items(session);
            for (std::size_t i = 0; i < items.size(); ++i)
                for (const char *rater : {"Ana", "Ben", "Chen"}) {
                    model::RatingRecord given;
                    given.item = items[i].id;
                    given.rater = rater;
                    // Mostly for v3 (the clearer label), a few ties, one rater stricter.
                    const bool v3First = items[i].columns.front().find("@3") != std::string::npos;
                    given.choice = i % 5 == 4 ? "tie" : (i % 7 == 3 && rater[0] == 'C') ? "bad"
                        : (v3First != (i % 6 == 5 && rater[0] == 'B')) ? "1" : "2";
                    rating::addRating(project, session, given);
                }
            window.ratingTab()->showReport(QString::fromStdString(session));
            if (!QTest::qWaitFor([rating] { return rating->reportShown(); }, 5000))
                return 1;
        }
    }
    if (parser.isSet(providers)) {
        // A vLLM server on this machine, played by the fake provider.
        fakeprovider::FakeProviderOptions options;
        options.models = {"Qwen/Qwen2.5-7B-Instruct", "meta-llama/Llama-3.1-8B-Instruct",
            "mistralai/Mistral-7B-Instruct-v0.3"};
        fakeprovider::FakeProviderServer server(options);
        if (!server.start())
            return 1;
        window.providerSettings()->open();
        widgets::ProvidersDialog *dialog = window.providerSettings()->dialog();
        dialog->addFromPreset(QStringLiteral("vLLM"));
        dialog->baseUrlEdit()->setText(QString::fromStdString(server.baseUrl()));
        dialog->saveButton()->click();
        if (!QTest::qWaitFor([dialog] { return dialog->providerList()->count() > 1; }, 5000))
            return 1;
        dialog->testButton()->click();
        if (!QTest::qWaitFor([dialog] { return dialog->modelList()->count() == 3; }, 5000))
            return 1;
        dialog->modelList()->setCurrentRow(1);
        QTest::qWait(300);
        return dialog->grab().save(parser.positionalArguments().first()) ? 0 : 1;
    }
    QTest::qWait(300); // layouts and the first paint settle
    return window.grab().save(parser.positionalArguments().first()) ? 0 : 1;
}
