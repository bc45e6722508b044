#include "dispatch/dispatcher.h"

#include "dispatch/http_call.h"
#include "dispatch/prepared_target.h"
#include "dispatch/provider_limiter.h"
#include "dispatch/response_cache.h"
#include "dispatch/retry_policy.h"
#include "dispatch/timer_thread.h"
#include "dispatch/trust_check.h"
#include "net/http_client.h"
#include "providers/provider_error.h"
#include "secrets/secret_store.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <utility>
#include <vector>

namespace ps::dispatch {

namespace {

using providers::ErrorCategory;
using Clock = std::chrono::steady_clock;

// A chain longer than this is a loop the builder did not catch; it ends with the last error.
constexpr int kMaxFallbacks = 16;

enum class Phase {
    Preparing, // on the way to the queue, or deciding after an attempt
    Queued, // waiting for the provider's concurrency or rpm limit
    Running, // an attempt is on the network
    BackingOff, // waiting before a retry
    Done,
};

// One submitted call, across its attempts and its fallbacks. The fields below `target` are
// guarded by Core::mutex; the rest is touched by one thread at a time (the call moves from
// the caller's thread to the network and timer threads through the queue and the client).
struct Call
{
    std::uint64_t id = 0;
    CallCallbacks callbacks;
    Clock::time_point submitted;
    std::string headTargetId;
    int fallbacks = 0;
    std::vector<std::string> notes; // of every target tried, and why each fell back
    std::atomic<bool> textShown {false}; // text went to onText since the last discard
    PreparedTarget target;

    Phase phase = Phase::Preparing;
    bool cancelRequested = false;
    int attempts = 0; // of the current target
    int attemptSerial = 0;
    net::RequestHandle handle;
    std::uint64_t timer = 0;
    Clock::time_point queuedAt;
    double queuedMs = 0;
};
using CallPtr = std::shared_ptr<Call>;

std::string describe(const providers::ProviderError &error)
{
    return std::string(providers::toString(error.category)) + ": " + error.message;
}

std::string formatLogprob(double value)
{
    std::ostringstream out;
    out.precision(3);
    out << value;
    return out.str();
}

// Why `outcome` of `target` should go to its fallback; empty when it stands.
std::string fallbackReason(const TargetCall &target, const CallOutcome &outcome)
{
    if (outcome.result.error)
        return outcome.result.error->category == ErrorCategory::Cancelled
            ? std::string()
            : "failed (" + describe(*outcome.result.error) + ")";
    const std::optional<double> mean = outcome.result.meanLogprob();
    if (target.minMeanLogprob && mean && *mean < *target.minMeanLogprob)
        return "answered with mean log-probability " + formatLogprob(*mean) + ", below "
            + formatLogprob(*target.minMeanLogprob);
    return {};
}

// Everything the calls share. Held by the dispatcher and by every call's callbacks, since the
// network thread may finish a call a moment after the dispatcher stopped waiting for it.
struct Core : std::enable_shared_from_this<Core>
{
    Core(net::HttpClient &client, const secrets::SecretStore &secrets,
        const secrets::TrustStore &trust, providers::EnvLookup env, DispatcherOptions options,
        TimerThread *timers)
        : client(client)
        , secrets(secrets)
        , trust(trust)
        , env(std::move(env))
        , options(options)
        , timers(timers)
        , random(std::random_device {}())
    { }

    void begin(const CallPtr &call, std::shared_ptr<const TargetCall> target);
    void enqueue(const CallPtr &call);
    void pump(const std::string &providerId);
    void startAttempt(const CallPtr &call, int serial);
    void attemptEnded(const CallPtr &call, AttemptReport report);
    void retryNow(const CallPtr &call);
    void targetEnded(const CallPtr &call, CallOutcome outcome);
    void finish(const CallPtr &call, CallOutcome outcome);
    void finishCancelled(const CallPtr &call);
    void cancel(std::uint64_t id);
    void emitText(const CallPtr &call, std::string_view text);

    net::HttpClient &client;
    const secrets::SecretStore &secrets;
    const secrets::TrustStore &trust;
    const providers::EnvLookup env;
    const DispatcherOptions options;

    std::mutex mutex; // guards the members below and the guarded fields of every Call
    std::condition_variable idle;
    TimerThread *timers; // null once the dispatcher is going away
    bool stopping = false;
    std::uint64_t nextId = 1;
    std::map<std::uint64_t, CallPtr> calls;
    std::map<std::string, ProviderLimiter> limiters;
    std::map<std::string, Clock::time_point> windowWakeups; // per provider, the next one set
    std::mt19937_64 random;
};

} // namespace

void Core::emitText(const CallPtr &call, std::string_view text)
{
    call->textShown = true;
    if (call->callbacks.onText)
        call->callbacks.onText(text);
}

void Core::begin(const CallPtr &call, std::shared_ptr<const TargetCall> target)
{
    call->target
        = prepareTarget(std::move(target), secrets, trust, env, options.cache != nullptr, options.imageBytes);
    PreparedTarget &prepared = call->target;
    if (call->fallbacks == 0)
        call->headTargetId = prepared.base.targetId;
    // The adaptation's notes go with the call: they stay when a fallback answers.
    call->notes.insert(call->notes.end(), prepared.base.notes.begin(), prepared.base.notes.end());
    prepared.base.notes.clear();
    {
        std::lock_guard lock(mutex);
        call->attempts = 0;
    }
    if (prepared.error) {
        CallOutcome outcome = prepared.base;
        outcome.result.error = prepared.error;
        outcome.measurements.attempts = 0;
        targetEnded(call, std::move(outcome));
        return;
    }
    if (!prepared.cacheKey.empty()) {
        if (std::optional<CallOutcome> hit = options.cache->find(prepared.cacheKey)) {
            CallOutcome outcome = std::move(*hit);
            outcome.targetId = prepared.base.targetId;
            outcome.cached = true;
            outcome.measurements.attempts = 0;
            outcome.fellBackFrom.reset();
            outcome.notes.clear();
            if (!outcome.result.text.empty())
                emitText(call, outcome.result.text);
            targetEnded(call, std::move(outcome));
            return;
        }
    }
    if (prepared.isEcho()) {
        CallOutcome outcome = answerWithEcho(
            prepared, [this, call](std::string_view text) { emitText(call, text); },
            call->submitted);
        outcome.measurements.attempts = 1;
        targetEnded(call, std::move(outcome));
        return;
    }
    enqueue(call);
}

void Core::enqueue(const CallPtr &call)
{
    const std::string providerId = call->target.config.id;
    bool queued = false;
    {
        std::lock_guard lock(mutex);
        if (!call->cancelRequested) {
            const providers::ProviderConfig &config = call->target.config;
            auto limiter = limiters
                               .try_emplace(providerId, config.concurrency, config.rpm,
                                   std::chrono::duration_cast<Clock::duration>(options.rateWindow))
                               .first;
            limiter->second.setLimits(config.concurrency, config.rpm);
            limiter->second.enqueue(call->id);
            call->phase = Phase::Queued;
            call->queuedAt = Clock::now();
            queued = true;
        }
    }
    if (!queued) // cancelled on the way; nobody else ends it
        finishCancelled(call);
    else
        pump(providerId);
}

void Core::pump(const std::string &providerId)
{
    std::vector<std::pair<CallPtr, int>> starting;
    {
        std::lock_guard lock(mutex);
        const auto found = limiters.find(providerId);
        if (found == limiters.end())
            return;
        const Clock::time_point now = Clock::now();
        for (std::uint64_t id : found->second.admit(now)) {
            const CallPtr &call = calls.at(id);
            call->phase = Phase::Running;
            call->queuedMs += millisecondsBetween(call->queuedAt, now);
            ++call->attempts;
            starting.emplace_back(call, ++call->attemptSerial);
        }
        // Held back by the rpm window alone: wake up when it opens (unless already set).
        const auto opening = found->second.nextOpening(now);
        const auto wakeup = windowWakeups.find(providerId);
        if (opening && timers && (wakeup == windowWakeups.end() || wakeup->second > *opening)) {
            windowWakeups[providerId] = *opening;
            timers->schedule(*opening, [core = shared_from_this(), providerId, when = *opening] {
                {
                    std::lock_guard lock(core->mutex);
                    const auto set = core->windowWakeups.find(providerId);
                    if (set != core->windowWakeups.end() && set->second == when)
                        core->windowWakeups.erase(set);
                }
                core->pump(providerId);
            });
        }
    }
    for (const auto &[call, serial] : starting)
        startAttempt(call, serial);
}

void Core::startAttempt(const CallPtr &call, int serial)
{
    const PreparedTarget &target = call->target;
    auto http = std::make_shared<HttpCall>(
        target.adapter, target.call->request.stream, target.apiKey, options.maxAnswerBytes,
        [this, call](std::string_view text) { emitText(call, text); },
        [core = shared_from_this(), call](
            AttemptReport report) { core->attemptEnded(call, std::move(report)); });
    const net::RequestHandle handle = client.submit(target.request, HttpCall::callbacks(http));
    bool cancelNow = false;
    {
        std::lock_guard lock(mutex);
        // The attempt may already be over (a client shutting down answers at once).
        if (call->phase == Phase::Running && call->attemptSerial == serial) {
            call->handle = handle;
            cancelNow = call->cancelRequested;
        }
    }
    if (cancelNow)
        handle.cancel();
}

void Core::attemptEnded(const CallPtr &call, AttemptReport report)
{
    const std::string providerId = call->target.config.id;
    CallOutcome outcome = call->target.base;
    outcome.result = std::move(report.result);
    Measurements &measured = outcome.measurements;
    if (report.firstOutput) {
        measured.ttftMs = millisecondsBetween(call->submitted, *report.firstOutput);
        const double generationMs = millisecondsBetween(*report.firstOutput, report.ended);
        const auto tokens = outcome.result.usage.outputTokens;
        // Only a stream shows the pace of generation; a whole body arrives at once. So does a
        // stream that sends its answer in one burst (after a stall, from a cache or proxy):
        // tokens over a millisecond or two would claim tens of thousands a second. A pace is
        // only measured over a quarter of a second of arriving output.
        constexpr double kShortestMeasuredMs = 250;
        if (call->target.call->request.stream && tokens && *tokens > 0
            && generationMs >= kShortestMeasuredMs)
            measured.outputTokensPerSecond = static_cast<double>(*tokens) / (generationMs / 1000);
    }

    std::optional<std::chrono::milliseconds> delay;
    {
        std::lock_guard lock(mutex);
        limiters.at(providerId).release();
        call->phase = Phase::Preparing;
        call->handle = {};
        measured.attempts = call->attempts;
        auto &error = outcome.result.error;
        if (call->cancelRequested && error)
            error->category = ErrorCategory::Cancelled;
        const bool retry = error && !call->cancelRequested && !stopping && timers
            && !report.textShown && isRetriable(*error)
            && call->attempts <= options.retry.maxRetries;
        if (retry) {
            const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(random);
            delay = retryDelay(options.retry, call->attempts, *error, draw);
        }
        if (delay) {
            call->phase = Phase::BackingOff;
            call->timer = timers->schedule(
                Clock::now() + *delay, [core = shared_from_this(), call] { core->retryNow(call); });
        }
    }
    pump(providerId); // the place this attempt held may start a queued call
    if (!delay)
        targetEnded(call, std::move(outcome));
}

void Core::retryNow(const CallPtr &call)
{
    bool cancelled = false;
    {
        std::lock_guard lock(mutex);
        if (call->phase != Phase::BackingOff)
            return;
        call->phase = Phase::Preparing;
        call->timer = 0;
        cancelled = call->cancelRequested;
    }
    if (cancelled)
        finishCancelled(call);
    else
        enqueue(call);
}

void Core::targetEnded(const CallPtr &call, CallOutcome outcome)
{
    const TargetCall &target = *call->target.call;
    if (outcome.result.error == std::nullopt && !outcome.cached && !call->target.cacheKey.empty())
        options.cache->store(call->target.cacheKey, outcome);
    const std::string reason = fallbackReason(target, outcome);
    bool fallBack = !reason.empty() && target.fallback && call->fallbacks < kMaxFallbacks;
    if (fallBack) {
        std::lock_guard lock(mutex);
        fallBack = !call->cancelRequested && !stopping;
    }
    if (!fallBack) {
        finish(call, std::move(outcome));
        return;
    }
    call->notes.push_back(outcome.targetId + " " + reason + "; fell back to "
        + secrets::redact(target.fallback->targetId, call->target.apiKey));
    if (call->textShown.exchange(false) && call->callbacks.onTextDiscarded)
        call->callbacks.onTextDiscarded();
    ++call->fallbacks;
    begin(call, target.fallback);
}

void Core::finish(const CallPtr &call, CallOutcome outcome)
{
    Measurements &measured = outcome.measurements;
    if (!outcome.cached) {
        measured.totalMs = millisecondsSince(call->submitted);
        std::lock_guard lock(mutex);
        measured.queuedMs = call->queuedMs;
    }
    if (call->fallbacks > 0)
        outcome.fellBackFrom = call->headTargetId;
    outcome.notes.insert(outcome.notes.begin(), call->notes.begin(), call->notes.end());
    {
        std::lock_guard lock(mutex);
        call->phase = Phase::Done;
    }
    if (call->callbacks.onDone)
        call->callbacks.onDone(outcome);
    call->callbacks = {}; // release what the caller's callbacks hold
    std::lock_guard lock(mutex);
    calls.erase(call->id);
    if (calls.empty())
        idle.notify_all();
}

void Core::finishCancelled(const CallPtr &call)
{
    CallOutcome outcome = call->target.base;
    outcome.result.error = providers::makeError(ErrorCategory::Cancelled, "cancelled");
    {
        std::lock_guard lock(mutex);
        outcome.measurements.attempts = call->attempts;
    }
    finish(call, std::move(outcome));
}

void Core::cancel(std::uint64_t id)
{
    CallPtr ended;
    net::RequestHandle running;
    {
        std::lock_guard lock(mutex);
        const auto found = calls.find(id);
        if (found == calls.end() || found->second->cancelRequested)
            return;
        Call &call = *found->second;
        call.cancelRequested = true;
        if (call.phase == Phase::Queued) {
            limiters.at(call.target.config.id).remove(id);
            call.phase = Phase::Preparing;
            ended = found->second;
        } else if (call.phase == Phase::BackingOff && timers && timers->cancel(call.timer)) {
            call.phase = Phase::Preparing;
            ended = found->second;
        } else if (call.phase == Phase::Running) {
            running = call.handle; // empty until startAttempt stores it; it checks the flag
        }
        // Otherwise the call is between steps: the next one sees the flag.
    }
    running.cancel();
    if (ended)
        finishCancelled(ended);
}

struct Dispatcher::Impl
{
    // Declared first, so destroyed last: no task of the timer thread outlives the core.
    std::shared_ptr<Core> core;
    std::unique_ptr<TimerThread> timers;
};

Dispatcher::Dispatcher(net::HttpClient &client, const secrets::SecretStore &secrets,
    const secrets::TrustStore &trust, providers::EnvLookup env, DispatcherOptions options)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->timers = std::make_unique<TimerThread>();
    m_impl->core = std::make_shared<Core>(
        client, secrets, trust, std::move(env), options, m_impl->timers.get());
}

PreparedTarget Dispatcher::prepare(const TargetCall &call) const
{
    const Core &core = *m_impl->core;
    return prepareTarget(std::make_shared<const TargetCall>(call), core.secrets, core.trust,
        core.env, false, core.options.imageBytes);
}

net::HttpClient &Dispatcher::http() const
{
    return m_impl->core->client;
}

void Dispatcher::requireTrusted(const TargetCall &call) const
{
    dispatch::requireTrusted(call, m_impl->core->trust, m_impl->core->env);
}

Dispatcher::~Dispatcher()
{
    Core &core = *m_impl->core;
    std::vector<std::uint64_t> ids;
    {
        std::lock_guard lock(core.mutex);
        core.stopping = true;
        for (const auto &[id, call] : core.calls)
            ids.push_back(id);
    }
    for (std::uint64_t id : ids)
        core.cancel(id);
    {
        std::unique_lock lock(core.mutex);
        core.idle.wait(lock, [&] { return core.calls.empty(); });
        core.timers = nullptr;
    }
    m_impl->timers.reset();
}

CallHandle Dispatcher::submit(TargetCall call, CallCallbacks callbacks)
{
    const std::shared_ptr<Core> &core = m_impl->core;
    auto state = std::make_shared<Call>();
    state->submitted = Clock::now();
    state->callbacks = std::move(callbacks);
    {
        std::lock_guard lock(core->mutex);
        state->id = core->nextId++;
        state->cancelRequested = core->stopping; // submitted from a callback while going away
        core->calls.emplace(state->id, state);
    }
    core->begin(state, std::make_shared<const TargetCall>(std::move(call)));
    return CallHandle([weak = std::weak_ptr<Core>(core), id = state->id] {
        if (const auto alive = weak.lock())
            alive->cancel(id);
    });
}

} // namespace ps::dispatch
