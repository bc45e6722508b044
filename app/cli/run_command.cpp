// run: one version rendered and sent to several targets at once; each answer stored as it
// arrives, then printed as text blocks or as CLI.md's `run --json` document.

#include "cli_format.h"
#include "commands.h"
#include "interrupt_guard.h"
#include "price_commands.h"
#include "prompt_inputs.h"
#include "run_output.h"
#include "target_params.h"

#include "dispatch/engine.h"
#include "dispatch/trust_check.h"
#include "run/call_pricing.h"
#include "run/key_redaction.h"
#include "run/response_record.h"
#include "run/target_calls.h"
#include "secrets/machine_key.h"
#include "secrets/secret_store.h"
#include "store/provider_catalog.h"
#include "store/response_cache_store.h"
#include "store/run_store.h"
#include "template/prompt_renderer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
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

// What the threads share while the calls run: outcomes land here from the network thread.
struct RunState
{
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<RunSlot> slots;
    std::size_t remaining = 0;
    std::vector<std::string> storeErrors;
};

store::ResponseRecord responseRecord(const RunSlot &slot)
{
    store::ResponseRecord record
        = run::responseRecord(*slot.outcome, answeringTarget(slot), slot.model);
    record.costUsd = slot.costUsd;
    return record;
}

// A cancelled outcome for a call whose end never came (the safety net after Ctrl+C).
dispatch::CallOutcome cancelledOutcome(const RunSlot &slot)
{
    dispatch::CallOutcome outcome;
    outcome.targetId = slot.targetId;
    outcome.model = slot.model;
    outcome.result.error = providers::ProviderError {
        providers::ErrorCategory::Cancelled, "cancelled before the answer ended", 0, {}, {}};
    return outcome;
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

    RunState state; // outlives the engine below, whose callbacks write to it
    const providers::EnvLookup env = providers::systemEnvironment();
    // Used by calls with useCache (--cache); signed, so only this machine's answers count.
    store::ResponseCacheStore cacheStore(project, secrets::machineKey(env));
    dispatch::DispatcherOptions options;
    options.cache = &cacheStore;
    std::optional<dispatch::Engine> engine(std::in_place, options, env);

    // Nothing is sent, nor a run stored, while one provider of any chain is not approved here.
    for (std::size_t i = 0; i < targetIds.size(); ++i)
        dispatch::requireTrusted(calls[i], engine->trust(), env);

    store::RunStore runs(project);
    const model::RunRecord run
        = runs.startRun("run", version, targetIds, static_cast<int>(calls.size()));

    // Keys that might be echoed back by a server are blanked from whatever is printed or stored.
    // Once each (--repeat copies the calls), fallbacks' providers included.
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < targetIds.size(); ++i) {
        for (std::string &key : run::chainKeys(calls[i], engine->secrets())) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end())
                keys.push_back(std::move(key));
        }
    }

    for (const auto &call : calls)
        state.slots.push_back({call.targetId, call.request.model, {}, 0, false});

    // Costs: the project's prices, then the catalogue; set before an answer is stored.
    const run::CallPricing pricing(project);
    run::CallPricing::prepare(); // here, not first on the network thread
    const auto priceSlot = [&pricing, &calls](RunSlot &slot, std::size_t i) {
        slot.costUsd = pricing.cost(calls[i], *slot.outcome);
    };
    state.remaining = calls.size();

    const bool streamText = args.stream && calls.size() == 1 && !ctx.options.json;
    const bool showProgress = args.stream && !streamText;
    InterruptGuard interruptGuard; // before anything shows, so a Ctrl+C is never lost
    StreamPrinter printer(state.slots.size(), showProgress);
    if (streamText)
        printer.header(state.slots.front(), version);

    bool cancelled = false;
    {
        dispatch::Dispatcher &dispatcher = engine->dispatcher();
        std::vector<dispatch::CallHandle> handles;
        for (std::size_t i = 0; i < calls.size(); ++i) {
            dispatch::CallCallbacks callbacks;
            callbacks.onText = [&state, &printer, &keys, i, streamText](std::string_view text) {
                std::lock_guard lock(state.mutex);
                state.slots[i].receivedBytes += text.size();
                if (streamText)
                    printer.text(run::redactKeys(std::string(text), keys));
                else
                    printer.progress(state.slots);
            };
            callbacks.onTextDiscarded = [&state, &printer, i, streamText] {
                std::lock_guard lock(state.mutex);
                state.slots[i].receivedBytes = 0;
                if (streamText)
                    printer.text("\n[the text above is discarded: falling back]\n");
            };
            callbacks.onDone = [&state, &printer, &runs, &run, &keys, &priceSlot, i](
                                   const dispatch::CallOutcome &outcome) {
                std::lock_guard lock(state.mutex);
                RunSlot &slot = state.slots[i];
                slot.outcome = run::redactOutcome(outcome, keys);
                priceSlot(slot, i);
                try {
                    runs.addResponse(run.id, responseRecord(slot));
                    slot.stored = true;
                } catch (const std::exception &error) {
                    state.storeErrors.push_back("the answer of target " + cli::quoted(slot.targetId)
                        + " could not be stored: " + error.what());
                }
                --state.remaining;
                printer.progress(state.slots);
                state.changed.notify_all();
            };
            handles.push_back(dispatcher.submit(calls[i], std::move(callbacks)));
        }

        std::unique_lock lock(state.mutex);
        auto cancelDeadline = std::chrono::steady_clock::time_point::max();
        while (state.remaining > 0) {
            state.changed.wait_for(lock, 100ms);
            if (InterruptGuard::interrupted() && !cancelled) {
                cancelled = true;
                lock.unlock();
                std::cerr << "\ninterrupted: cancelling " << handles.size() << " call(s)\n";
                for (const auto &handle : handles)
                    handle.cancel();
                lock.lock();
                cancelDeadline = std::chrono::steady_clock::now() + 5s;
            }
            if (std::chrono::steady_clock::now() > cancelDeadline)
                break; // a call that ignores its cancel must not hold the terminal
        }
        for (std::size_t i = 0; i < state.slots.size(); ++i) {
            if (!state.slots[i].outcome) {
                state.slots[i].outcome = cancelledOutcome(state.slots[i]);
                priceSlot(state.slots[i], i);
            }
        }
        printer.finish();
    }
    engine.reset(); // the engine stops here: no callback runs after this point

    for (RunSlot &slot : state.slots) {
        if (slot.stored || !slot.outcome->result.error
            || slot.outcome->result.error->category != providers::ErrorCategory::Cancelled)
            continue;
        // Filled by the safety net above: stored now, so the run lists every target.
        runs.addResponse(run.id, responseRecord(slot));
        slot.stored = true;
    }
    runs.finishRun(run.id, cancelled ? model::RunStatus::Cancelled : model::RunStatus::Complete);
    project.checkpoint();

    const RunSummary summary {run.id, versionRef(version), cancelled};
    if (ctx.options.json)
        ctx.printJson(runDocument(state.slots, summary));
    else if (streamText)
        ctx.print(streamedFooter(state.slots.front(), summary));
    else
        ctx.print(runText(state.slots, summary));
    for (const std::string &error : state.storeErrors)
        std::cerr << "error: " << error << '\n';

    if (cancelled)
        return 130; // the shell's convention for a program ended by SIGINT
    if (!state.storeErrors.empty())
        return ExitBadInput;
    for (const RunSlot &slot : state.slots) {
        if (slot.outcome->result.error)
            return ExitProvider;
    }
    return ExitOk;
}

} // namespace ps::cli
