// The GUI thread's longest stall while six response panes stream 2,000 tokens each at 200
// tokens/s from the in-process fake provider (5 ms per token). Not a test: it prints numbers.
// With --eval N, an evaluation of N cases x 2 targets (concurrency 32) runs in the same process
// meanwhile, as the Evaluate tab runs one beside the panes.
//
// Two measures: the longest gap between the ticks of a 1 ms timer (what a user feels, OS
// scheduling noise included), and the longest single event handled on the GUI thread (our own
// work: flushing text, laying out, painting).

#include "app_style.h"
#include "timing_application.h"
#include "comparison_runner.h"
#include "error_banner.h"
#include "evaluation_runner.h"
#include "fake_provider_server.h"
#include "response_area.h"
#include "response_pane.h"
#include "workspace_snapshot.h"

#include "dispatch/engine.h"
#include "eval/dataset.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/provider_catalog.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace {

// A model name whose words the fake provider echoes back one token each: ~`count` tokens.
std::string longModelName(int count)
{
    static const char *const words[]
        = {"The", "customer", "was", "charged", "twice", "for", "the", "May", "invoice", "and",
            "asks", "for", "a", "refund", "of", "the", "second", "payment", "before", "Friday."};
    std::string name = "bench";
    for (int i = 0; i < count; ++i)
        name += std::string(" ") + words[i % std::size(words)];
    return name;
}

} // namespace

int main(int argc, char *argv[])
{
    ps::bench::TimingApplication app(argc, argv);
    ps::app::applyAppStyle(app); // the window's own look: its style and style sheet
    // --raw: the panes show raw text, not Markdown. --provider URL: a fake provider running as
    // its own process (bench-gui.sh starts one at low priority, as a remote server would not
    // take this machine's CPU from the window); without it, one runs in this process.
    bool raw = false;
    std::string providerUrl;
    int evalCases = 0;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--raw") == 0)
            raw = true;
        else if (std::strcmp(argv[i], "--eval") == 0 && i + 1 < argc)
            evalCases = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--provider") == 0 && i + 1 < argc)
            providerUrl = argv[++i];
    }
    const int panes = 6;
    const int tokens = 2000;

    ps::fakeprovider::FakeProviderOptions options;
    ps::fakeprovider::Fault drip;
    drip.kind = ps::fakeprovider::FaultKind::SlowDrip;
    drip.duration = std::chrono::milliseconds(5);
    options.defaultFault = drip;
    std::optional<ps::fakeprovider::FakeProviderServer> server;
    if (providerUrl.empty()) {
        server.emplace(options);
        if (!server->start()) {
            std::fprintf(stderr, "the fake provider did not start\n");
            return 1;
        }
        providerUrl = server->baseUrl();
    }

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.promptsmith"));
    {
        ps::store::Project project = ps::store::Project::create(path.toStdString());
        ps::store::ProviderCatalog catalog(project);
        ps::providers::ProviderConfig fake;
        fake.id = "fake";
        fake.kind = ps::providers::ProviderKind::OpenAiCompatible;
        fake.baseUrl = providerUrl;
        catalog.addProvider(fake);
        for (int i = 0; i < panes; ++i) {
            ps::store::TargetRecord target;
            target.id = "pane-" + std::to_string(i + 1);
            target.providerId = "fake";
            target.model = longModelName(tokens - 12); // plus "Echo from", ":" and the echo
            catalog.addTarget(target);
        }
        if (evalCases > 0) {
            // A prompt, a dataset of tickets and two targets answering each in a few tokens.
            project.addPrompt("bench");
            ps::store::SaveRequest save;
            save.promptName = "bench";
            ps::model::Message user;
            user.role = "user";
            user.content = "Classify this ticket: {{ticket}}";
            save.content.messages = {user};
            save.message = "bench";
            project.saveVersion(save);
            std::vector<ps::eval::DatasetCase> cases(static_cast<std::size_t>(evalCases));
            for (std::size_t i = 0; i < cases.size(); ++i) {
                cases[i].vars = {{"ticket", "order " + std::to_string(i) + " was charged twice"}};
                cases[i].assertions = {{{"type", "icontains"}, {"value", "charged"}}};
            }
            ps::store::DatasetStore(project).importCases("tickets", "bench", cases);
            for (const char *id : {"eval-a", "eval-b"}) {
                ps::store::TargetRecord target;
                target.id = id;
                target.providerId = "fake";
                target.model = std::string("gpt-") + id;
                catalog.addTarget(target);
            }
        }
    }

    ps::dispatch::Engine engine(
        {}, [](const std::string &) -> std::optional<std::string> { return {}; });
    QWidget window;
    window.resize(1600, 900);
    auto *area = new ps::widgets::ResponseArea(&window);
    (new QVBoxLayout(&window))->addWidget(area);
    ps::app::ComparisonRunner runner(engine, area);
    runner.setPromptSource([] {
        ps::app::PromptSnapshot snapshot;
        ps::model::Message user;
        user.role = "user";
        user.content = "Summarise the ticket.";
        snapshot.content.messages = {user};
        return snapshot;
    });
    // The window reads the targets and prices with the project, off the GUI thread.
    const ps::app::WorkspaceSnapshot workspace
        = ps::app::WorkspaceSnapshot::load(path.toStdString());
    if (!workspace.catalog) {
        std::fprintf(stderr, "%s\n", workspace.catalogError.c_str());
        return 1;
    }
    runner.setCatalog(workspace.catalog, workspace.pricing, {});
    area->setPaneCount(panes);
    for (int i = 0; i < panes; ++i) {
        area->pane(i)->setTargetId(QStringLiteral("pane-%1").arg(i + 1));
        if (raw)
            area->pane(i)->markdownAction()->setChecked(false);
    }
    window.show();

    ps::app::EvaluationRunner evaluation(engine);
    evaluation.setProjectPath(path);
    bool evaluating = evalCases > 0;
    QElapsedTimer evalClock;
    qint64 evalNs = 0;
    ps::widgets::EvalResults evalResults;
    QString evalFailure;
    bool panesDone = false;
    const auto quitWhenAllDone = [&] {
        if (panesDone && !evaluating)
            QTimer::singleShot(50, &app, &QApplication::quit);
    };
    QObject::connect(&evaluation, &ps::app::EvaluationRunner::finished,
        [&](const ps::widgets::EvalResults &results) {
            evalResults = results;
            evalNs = evalClock.nsecsElapsed();
            evaluating = false;
            quitWhenAllDone();
        });
    QObject::connect(&evaluation, &ps::app::EvaluationRunner::failed, [&](const QString &error) {
        evalFailure = error;
        evaluating = false;
        quitWhenAllDone();
    });

    std::vector<qint64> gaps;
    // Gaps before this index came while Run all was pressed and the calls were starting: no
    // pane had text yet. The goal is about the panes streaming; both are reported.
    std::size_t streamingFrom = 0;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        gaps.push_back(sinceTick.nsecsElapsed());
        sinceTick.start();
        if (streamingFrom == 0 && !area->pane(0)->answerText().isEmpty())
            streamingFrom = gaps.size();
    });
    QElapsedTimer total;
    QObject::connect(area, &ps::widgets::ResponseArea::runningCountChanged, [&](int running) {
        if (running == 0) {
            panesDone = true;
            quitWhenAllDone();
        }
    });
    QTimer::singleShot(500, [&] { // after the window settled
        app.setMeasuring(true);
        total.start();
        sinceTick.start();
        ticker.start();
        if (evalCases > 0) {
            ps::widgets::EvalChoice choice;
            choice.versions = {QStringLiteral("bench@1")};
            choice.dataset = QStringLiteral("tickets");
            choice.targets = {QStringLiteral("eval-a"), QStringLiteral("eval-b")};
            choice.concurrency = 32;
            choice.useCache = false;
            evalClock.start();
            evaluation.start(choice);
        }
        area->runAll();
    });
    app.exec();
    ticker.stop();

    const qint64 longestStarting = gaps.empty() || streamingFrom == 0
        ? 0
        : *std::max_element(
            gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(streamingFrom));
    gaps.erase(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(streamingFrom));
    std::sort(gaps.begin(), gaps.end());
    const auto ms = [](qint64 ns) {
        return static_cast<double>(ns) / 1e6;
    };
    // The fake provider echoes "Echo from MODEL: " and the user message: one token a word.
    const QString expected = QStringLiteral("Echo from %1: Summarise the ticket.")
                                 .arg(QString::fromStdString(longModelName(tokens - 12)));
    long long received = 0;
    int whole = 0;
    for (int i = 0; i < panes; ++i) {
        const QString answer = area->pane(i)->answerText();
        received += answer.split(QLatin1Char(' ')).size();
        whole += answer == expected ? 1 : 0;
    }
    const double p99 = gaps.empty() ? 0 : ms(gaps[gaps.size() * 99 / 100]);
    const auto over16
        = std::count_if(gaps.begin(), gaps.end(), [](qint64 gap) { return gap > 16'000'000; });
    std::printf("panes %d, %lld of %lld tokens received, %d of %d answers whole (%s), %.1f s\n",
        panes, received, static_cast<long long>(expected.split(QLatin1Char(' ')).size()) * panes,
        whole, panes, raw ? "raw" : "markdown", ms(total.nsecsElapsed()) / 1000.0);
    std::printf("longest gap between 1 ms ticks while streaming: %.1f ms (p99 %.1f ms; %zu ticks, "
                "%lld over 16 ms)\n",
        gaps.empty() ? 0.0 : ms(gaps.back()), p99, gaps.size(), static_cast<long long>(over16));
    std::printf("longest gap while Run all starts the six calls, before the first token: %.1f ms\n",
        ms(longestStarting));
    if (evalCases > 0) {
        if (!evalFailure.isEmpty())
            std::printf("the evaluation failed: %s\n", qPrintable(evalFailure));
        else
            std::printf("meanwhile, in this process: an evaluation of %zu cells (%s) in %.1f s\n",
                evalResults.cells.size(), qPrintable(evalResults.status),
                ms(evalNs) / 1000.0);
    }
    for (int i = 0; i < panes; ++i) {
        const ps::widgets::ResponsePane *pane = area->pane(i);
        if (pane->errorBanner()->isVisible()
            || pane->state() != ps::widgets::ResponsePane::State::Done)
            std::printf("pane %d did not finish well: %s %s\n", i + 1,
                qPrintable(pane->errorBanner()->error().category),
                qPrintable(pane->errorBanner()->error().message));
    }
    std::printf("longest single GUI event: %.1f ms wall, %.1f ms of GUI-thread CPU (event %s)\n",
        ms(app.longestEventNs), ms(app.longestEventCpuNs), qPrintable(app.longestEventWhat));
    return 0;
}
