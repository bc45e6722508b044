// run: one version rendered and sent to several targets at once; each answer stored as it
// arrives, then printed as text blocks or as CLI.md's `run --json` document.

#include "cli_format.h"
#include "commands.h"
#include "secret_service.h"
#include "interrupt_guard.h"
#include "price_commands.h"
#include "prompt_inputs.h"
#include "run_output.h"
#include "target_params.h"

#include "dispatch/engine.h"
#include "dispatch/trust_check.h"
#include "run/call_pricing.h"
#include "run/run_store_sink.h"
#include "run/target_calls.h"
#include "run/target_run.h"
#include "secrets/machine_key.h"
#include "secrets/secret_store.h"
#include "store/image_store.h"
#include "store/response_cache_store.h"
#include "store/run_store.h"
#include "template/prompt_renderer.h"

#include <chrono>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>

namespace ps::cli {

namespace {

using namespace std::chrono_literals;

// Every target named on the command line, with its provider, merged request and fallbacks.
std::vector<dispatch::TargetCall> buildCalls(const store::Project &project, const RunArgs &args,
    const model::VersionRecord &version, const tmpl::RenderedPrompt &prompt)
{
    const std::vector<providers::ChatMessage> messages = run::chatMessages(prompt);
    std::set<std::string> seen;
    std::vector<dispatch::TargetCall> calls;
    for (const std::string &targetId : args.targets) {
        if (!seen.insert(targetId).second)
            throw CliError(
                ExitUsage, "usage", "target " + cli::quoted(targetId) + " is given twice");
        try {
            calls.push_back(run::withCache(
                run::buildTargetCall(project, targetId, messages, version.content.params, true),
                args.cache));
        } catch (const run::TargetCallError &error) {
            throw CliError(ExitBadInput, "content", versionRef(version) + ": " + error.what(),
                {{"field", error.field()}, {"target", error.targetId()}});
        }
    }
    return calls;
}

} // namespace

int runRun(const CliContext &ctx, const RunArgs &args)
{
    const nlohmann::json values = readVariableValues(args.vars, args.varsFile);
    const store::Project project = ctx.openProject();
    const model::VersionRecord version = project.resolve(args.ref);
    const tmpl::RenderedPrompt prompt = renderVersionPrompt(ctx, version, values);
    if (args.repeat > 1 && args.cache)
        throw CliError(ExitUsage, "usage",
            "--repeat sends every request again; it cannot be used with --cache");
    std::vector<dispatch::TargetCall> calls = buildCalls(project, args, version, prompt);
    std::vector<std::string> targetIds;
    for (const auto &call : calls)
        targetIds.push_back(call.targetId);
    if (args.repeat > 1) {
        // N times each target, in order: every copy a separate request and response.
        const std::vector<dispatch::TargetCall> once = std::move(calls);
        calls.clear();
        for (int r = 0; r < args.repeat; ++r)
            calls.insert(calls.end(), once.begin(), once.end());
    }

    const bool streamText = args.stream && calls.size() == 1 && !ctx.options.json;
    const bool showProgress = args.stream && !streamText;
    // Declared before the engine, whose callbacks print through them until it stops.
    std::mutex printMutex;
    StreamPrinter printer(calls.size(), showProgress);

    const providers::EnvLookup env = providers::systemEnvironment();
    // Used by calls with useCache (--cache); signed, so only this machine's answers count.
    store::ResponseCacheStore cacheStore(project, secrets::machineKey(env));
    dispatch::DispatcherOptions options;
    options.cache = &cacheStore;
    options.imageBytes = [&project](const std::string &sha256) { return store::ImageStore(project).bytes(sha256); };
    std::optional<dispatch::Engine> engine(std::in_place, options, env, secretServiceLookup());

    // Nothing is sent, nor a run stored, while one provider of any chain is not approved here.
    for (std::size_t i = 0; i < targetIds.size(); ++i)
        dispatch::requireTrusted(calls[i], engine->trust(), env);

    store::RunStore runs(project);
    const auto sink = std::make_shared<run::RunStoreSink>(runs, version);
    run::CallPricing::prepare(); // here, not first on the network thread
    run::TargetRun targetRun(std::move(calls), run::CallPricing(project), engine->secrets());

    InterruptGuard interruptGuard; // before anything shows, so a Ctrl+C is never lost
    run::SlotObserver observer;
    observer.onStarted = [&] {
        if (streamText) // once the run is stored: a run killed after this shows as incomplete
            printer.header(targetRun.slot(0), version);
    };
    observer.onText = [&](std::size_t, std::string_view text) {
        std::lock_guard lock(printMutex);
        if (streamText)
            printer.text(std::string(text));
        else
            targetRun.readSlots([&printer](const auto &current) { printer.progress(current); });
    };
    observer.onTextDiscarded = [&](std::size_t) {
        std::lock_guard lock(printMutex);
        if (streamText)
            printer.text("\n[the text above is discarded: falling back]\n");
    };
    observer.onDone = [&](std::size_t, const dispatch::CallOutcome &) {
        std::lock_guard lock(printMutex);
        targetRun.readSlots([&printer](const auto &current) { printer.progress(current); });
    };
    targetRun.start(engine->dispatcher(), sink, std::move(observer));

    bool cancelled = false;
    auto cancelDeadline = std::chrono::steady_clock::time_point::max();
    while (!targetRun.waitUntilDone(100ms)) {
        if (InterruptGuard::interrupted() && !cancelled) {
            cancelled = true;
            std::cerr << "\ninterrupted: cancelling " << targetRun.calls().size() << " call(s)\n";
            targetRun.cancel();
            cancelDeadline = std::chrono::steady_clock::now() + 5s;
        }
        if (std::chrono::steady_clock::now() > cancelDeadline) {
            // A call that ignores its cancel must not hold the terminal: it is stored as
            // cancelled, so the run lists every target.
            targetRun.endUnendedAsCancelled();
            break;
        }
    }
    {
        std::lock_guard lock(printMutex);
        printer.finish();
    }
    engine.reset(); // the engine stops here: no callback runs after this point
    project.checkpoint();

    const std::vector<run::RunSlot> slots = targetRun.allSlots();
    const RunSummary summary {sink->run().id, versionRef(version), cancelled};
    if (ctx.options.json)
        ctx.printJson(runDocument(slots, summary));
    else if (streamText)
        ctx.print(streamedFooter(slots.front(), summary));
    else
        ctx.print(runText(slots, summary));
    bool storeFailed = false;
    for (const run::RunSlot &slot : slots) {
        if (slot.storeError.empty())
            continue;
        storeFailed = true;
        std::cerr << "error: the answer of target " << cli::quoted(slot.targetId)
                  << " could not be stored: " << slot.storeError << '\n';
    }

    if (cancelled)
        return 130; // the shell's convention for a program ended by SIGINT
    if (storeFailed)
        return ExitBadInput;
    for (const run::RunSlot &slot : slots) {
        if (slot.outcome->result.error)
            return ExitProvider;
    }
    return ExitOk;
}

} // namespace ps::cli
