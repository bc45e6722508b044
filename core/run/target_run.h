#pragma once

#include "dispatch/dispatcher.h"
#include "model/run_record.h"
#include "run/call_pricing.h"
#include "store/run_store.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ps::secrets {
class SecretStore;
}

// "Send this prompt to these targets": the one run the CLI's `run` and the window's panes
// drive (README "A run's path").
namespace ps::run {

// One call of a run as it stands; filled in while it streams and when it ends.
struct RunSlot
{
    std::string targetId; // as asked
    std::string model; // as asked
    std::optional<dispatch::CallOutcome> outcome; // keys blanked; set once the call ended
    std::optional<double> costUsd; // CallPricing's rule: nullopt when nothing is known
    // Of the input tokens, what the request's images cost by the provider's published rule for
    // the answering model; nullopt without images, or when a size or the rule is not known.
    std::optional<long long> imageTokens;
    std::size_t receivedBytes = 0; // text so far (0 again when a fallback discards it)
    bool stored = false; // its record is in the sink
    std::string storeError; // why the sink refused its record
};

// The target that answered: the one asked, or the fallback that answered for it.
const std::string &answeringTarget(const RunSlot &slot);

// Where a run's records go, in order: start once, add per answer, finish once. start() runs
// on the thread that starts the run; add() and finish() on the thread its answer ends on (the
// network thread, or the starting one for an answer ready at once), one at a time. add() may
// throw: the slot keeps the error and the run goes on.
class RunSink
{
public:
    virtual ~RunSink() = default;
    // `targetIds` each once, in order; `total` the calls (a target repeated counts each time).
    virtual void start(const std::vector<std::string> &targetIds, int total) = 0;
    // `slot` is the call's index in the run.
    virtual void add(std::size_t slot, const store::ResponseRecord &record) = 0;
    virtual void finish(model::RunStatus status) = 0;
};

// What a run reports as it goes, per slot, on the thread the dispatcher calls back on; each may
// be empty. Text has its keys blanked; onDone comes after the slot's record went to the sink.
struct SlotObserver
{
    // Once, on the starting thread: the run is in the sink, the calls go out next.
    std::function<void()> onStarted;
    std::function<void(std::size_t slot, std::string_view text)> onText;
    std::function<void(std::size_t slot)> onTextDiscarded;
    std::function<void(std::size_t slot, const dispatch::CallOutcome &outcome)> onDone;
};

class TargetRun
{
public:
    // `calls` one per slot (run::buildTargetCall); the keys of every provider of their chains
    // are read from `secrets` once, to blank from what is shown and stored.
    TargetRun(std::vector<dispatch::TargetCall> calls, CallPricing pricing,
        const secrets::SecretStore &secrets);
    // Safe while calls run: their callbacks keep what they need.
    ~TargetRun();

    TargetRun(const TargetRun &) = delete;
    TargetRun &operator=(const TargetRun &) = delete;

    const std::vector<dispatch::TargetCall> &calls() const;

    // Starts the run in `sink` (null: nothing is stored), then submits every call. The sink
    // must outlive the calls: until done(), or the dispatcher's end.
    void start(
        dispatch::Dispatcher &dispatcher, std::shared_ptr<RunSink> sink, SlotObserver observer);
    // Cancels every call, or one; the run then ends "cancelled".
    void cancel();
    void cancel(std::size_t slot);

    // True once every slot ended; waits at most `timeout` for it.
    bool waitUntilDone(std::chrono::milliseconds timeout) const;
    // Ends every slot that has not ended as cancelled (cost unknown), stores it and finishes the
    // run: for calls that ignore their cancel. Their late answers are then dropped.
    void endUnendedAsCancelled();

    std::vector<RunSlot> allSlots() const;
    RunSlot slot(std::size_t index) const;
    // Hands the slots as they stand to `read` without copying them (a progress line redrawn
    // per piece of text); `read` must not call back into the run.
    void readSlots(const std::function<void(const std::vector<RunSlot> &)> &read) const;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace ps::run
