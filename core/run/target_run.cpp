#include "run/target_run.h"

#include "run/key_redaction.h"
#include "run/response_record.h"
#include "tokens/token_count.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace ps::run {

namespace {

// The outcome of a call whose end never came (it ignored its cancel).
dispatch::CallOutcome cancelledOutcome(const RunSlot &slot)
{
    dispatch::CallOutcome outcome;
    outcome.targetId = slot.targetId;
    outcome.model = slot.model;
    outcome.result.error = providers::ProviderError {
        providers::ErrorCategory::Cancelled, "cancelled before the answer ended", 0, {}, {}};
    return outcome;
}

// Each target of `calls` once, in the order asked (a repeated target counts once).
std::vector<std::string> targetIdsOf(const std::vector<dispatch::TargetCall> &calls)
{
    std::vector<std::string> ids;
    for (const dispatch::TargetCall &call : calls) {
        if (std::find(ids.begin(), ids.end(), call.targetId) == ids.end())
            ids.push_back(call.targetId);
    }
    return ids;
}

bool isCancelled(const dispatch::CallOutcome &outcome)
{
    return outcome.result.error
        && outcome.result.error->category == providers::ErrorCategory::Cancelled;
}

// The images' share of a sent request's input tokens, for the model that answered.
std::optional<long long> imageTokensOf(const dispatch::TargetCall &call, const dispatch::CallOutcome &outcome)
{
    const auto &messages = call.request.messages;
    const bool anyImage = std::any_of(messages.begin(), messages.end(),
        [](const providers::ChatMessage &message) { return !message.images.empty(); });
    if (!anyImage || !outcome.result.usage.inputTokens)
        return std::nullopt; // nothing shown, or nothing the provider counted
    return tokens::imageTokensOf(messages, outcome.model.empty() ? call.request.model : outcome.model);
}

} // namespace

const std::string &answeringTarget(const RunSlot &slot)
{
    return slot.outcome && !slot.outcome->targetId.empty() ? slot.outcome->targetId : slot.targetId;
}

// What the calls' callbacks share with the run; kept alive by them while they run.
struct TargetRun::State
{
    State(std::vector<dispatch::TargetCall> calls, CallPricing pricing)
        : calls(std::move(calls))
        , pricing(std::move(pricing))
    { }

    // Records the end of slot `index` (once), stores it and finishes the run after the last.
    // Called with `mutex` held.
    void endSlot(std::size_t index, const dispatch::CallOutcome &outcome)
    {
        RunSlot &slot = slots[index];
        slot.outcome = redactOutcome(outcome, keys);
        slot.costUsd = pricing.cost(calls[index], *slot.outcome);
        slot.imageTokens = imageTokensOf(calls[index], *slot.outcome);
        anyCancelled = anyCancelled || isCancelled(*slot.outcome);
        if (sink) {
            store::ResponseRecord record
                = responseRecord(*slot.outcome, answeringTarget(slot), slot.model);
            record.costUsd = slot.costUsd;
            try {
                sink->add(index, record);
                slot.stored = true;
            } catch (const std::exception &error) {
                slot.storeError = error.what();
            }
        }
        if (--remaining == 0 && sink) {
            sink->finish(cancelRequested || anyCancelled ? model::RunStatus::Cancelled
                                                         : model::RunStatus::Complete);
        }
    }

    void onDone(std::size_t index, const dispatch::CallOutcome &outcome)
    {
        dispatch::CallOutcome shown;
        {
            std::lock_guard lock(mutex);
            if (slots[index].outcome)
                return; // ended already as cancelled: a late answer is dropped
            endSlot(index, outcome);
            shown = *slots[index].outcome;
        }
        changed.notify_all();
        if (observer.onDone)
            observer.onDone(index, shown);
    }

    const std::vector<dispatch::TargetCall> calls;
    const CallPricing pricing;
    std::vector<std::string> keys; // set before start, read-only after
    std::shared_ptr<RunSink> sink; // set before start
    SlotObserver observer; // set before start

    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::vector<RunSlot> slots;
    std::vector<dispatch::CallHandle> handles;
    std::size_t remaining = 0;
    bool cancelRequested = false;
    bool anyCancelled = false;
};

TargetRun::TargetRun(std::vector<dispatch::TargetCall> calls, CallPricing pricing,
    const secrets::SecretStore &secrets)
    : m_state(std::make_shared<State>(std::move(calls), std::move(pricing)))
{
    for (const dispatch::TargetCall &call : m_state->calls) {
        for (std::string &key : chainKeys(call, secrets)) {
            if (std::find(m_state->keys.begin(), m_state->keys.end(), key) == m_state->keys.end())
                m_state->keys.push_back(std::move(key));
        }
        m_state->slots.push_back({call.targetId, call.request.model, {}, {}, {}, 0, false, {}});
    }
    m_state->handles.resize(m_state->calls.size());
    m_state->remaining = m_state->calls.size();
}

TargetRun::~TargetRun() = default;

const std::vector<dispatch::TargetCall> &TargetRun::calls() const
{
    return m_state->calls;
}

void TargetRun::start(
    dispatch::Dispatcher &dispatcher, std::shared_ptr<RunSink> sink, SlotObserver observer)
{
    State &state = *m_state;
    state.sink = std::move(sink);
    state.observer = std::move(observer);
    if (state.sink)
        state.sink->start(targetIdsOf(state.calls), static_cast<int>(state.calls.size()));
    if (state.observer.onStarted)
        state.observer.onStarted();

    for (std::size_t i = 0; i < state.calls.size(); ++i) {
        dispatch::CallCallbacks callbacks;
        callbacks.onText = [self = m_state, i](std::string_view text) {
            {
                std::lock_guard lock(self->mutex);
                self->slots[i].receivedBytes += text.size();
            }
            if (!self->observer.onText)
                return;
            if (self->keys.empty()) // no key to blank: the piece goes on as it came
                self->observer.onText(i, text);
            else
                self->observer.onText(i, redactKeys(std::string(text), self->keys));
        };
        callbacks.onTextDiscarded = [self = m_state, i] {
            {
                std::lock_guard lock(self->mutex);
                self->slots[i].receivedBytes = 0;
            }
            if (self->observer.onTextDiscarded)
                self->observer.onTextDiscarded(i);
        };
        callbacks.onDone = [self = m_state, i](const dispatch::CallOutcome &outcome) {
            self->onDone(i, outcome);
        };
        const dispatch::CallHandle handle = dispatcher.submit(state.calls[i], std::move(callbacks));
        bool cancelNow = false;
        {
            std::lock_guard lock(state.mutex);
            state.handles[i] = handle;
            cancelNow = state.cancelRequested;
        }
        if (cancelNow)
            handle.cancel();
    }
}

void TargetRun::cancel()
{
    std::vector<dispatch::CallHandle> handles;
    {
        std::lock_guard lock(m_state->mutex);
        m_state->cancelRequested = true;
        handles = m_state->handles;
    }
    for (const dispatch::CallHandle &handle : handles)
        handle.cancel();
}

void TargetRun::cancel(std::size_t slot)
{
    dispatch::CallHandle handle;
    {
        std::lock_guard lock(m_state->mutex);
        if (slot >= m_state->handles.size())
            return;
        handle = m_state->handles[slot];
    }
    handle.cancel();
}

bool TargetRun::waitUntilDone(std::chrono::milliseconds timeout) const
{
    std::unique_lock lock(m_state->mutex);
    return m_state->changed.wait_for(lock, timeout, [this] { return m_state->remaining == 0; });
}

void TargetRun::endUnendedAsCancelled()
{
    {
        std::lock_guard lock(m_state->mutex);
        m_state->cancelRequested = true;
        for (std::size_t i = 0; i < m_state->slots.size(); ++i) {
            if (!m_state->slots[i].outcome)
                m_state->endSlot(i, cancelledOutcome(m_state->slots[i]));
        }
    }
    m_state->changed.notify_all();
}

std::vector<RunSlot> TargetRun::allSlots() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->slots;
}

RunSlot TargetRun::slot(std::size_t index) const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->slots.at(index);
}

void TargetRun::readSlots(const std::function<void(const std::vector<RunSlot> &)> &read) const
{
    std::lock_guard lock(m_state->mutex);
    read(m_state->slots);
}

} // namespace ps::run
