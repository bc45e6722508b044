#pragma once

#include "providers/chat_types.h"
#include "providers/provider_config.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ps::net {
class HttpClient;
}
namespace ps::secrets {
class SecretStore;
class TrustStore;
} // namespace ps::secrets

// Sends chat requests to targets and reports what came back, with timings. The engine's
// front door: the CLI and the window both call it. It holds each provider to its concurrency
// and requests-per-minute limits, retries what a production SDK retries, falls back along a
// target's chain, and answers repeated requests from the response cache when asked.
namespace ps::dispatch {

class ResponseCache;
struct PreparedTarget; // prepared_target.h

// One column of a comparison: a provider, a model and that target's request.
struct TargetCall
{
    std::string targetId;
    providers::ProviderConfig provider; // as stored; the dispatcher resolves defaults itself
    providers::ChatRequest request; // model and parameters already merged
    // Asked when this call fails (after its retries), times out, or answers with a mean token
    // log-probability below minMeanLogprob; its own fallback may follow. Null: none.
    std::shared_ptr<const TargetCall> fallback;
    // The least mean log-probability accepted before falling back; nullopt: never on confidence.
    std::optional<double> minMeanLogprob;
    // Answer from the dispatcher's ResponseCache when it holds this exact request, and store
    // a successful answer in it.
    bool useCache = false;
};

struct Measurements
{
    double queuedMs = 0; // waiting for the provider's concurrency or rpm limit, all attempts
    std::optional<double> ttftMs; // first text or tool-call byte; none if nothing came
    double totalMs = 0; // from submit() to the end, queueing, retries and fallbacks included
    // Output tokens per second of generation (after the first token) of the answering attempt;
    // nullopt without output tokens or timings.
    std::optional<double> outputTokensPerSecond;
    int attempts = 1; // requests sent for the answering target (1 = no retry; 0 = cache hit)
};

// What one call produced. `result.error` is set when it failed (category per CLI.md).
struct CallOutcome
{
    std::string targetId;
    std::string model;
    providers::ChatResult result;
    Measurements measurements;
    // The request body as sent, never with a key (echo: as an OpenAI body would carry it; null
    // for a call that failed before it was sent).
    nlohmann::json renderedRequest;
    // Answered from the response cache: no request was sent and it costs nothing; the
    // measurements are then the original call's, and `measurements.attempts` is 0.
    bool cached = false;
    // Set when a fallback answered: the target id that failed first (the chain's head).
    std::optional<std::string> fellBackFrom;
    // What the dispatcher changed so that the model accepts the request, for the user to see
    // (e.g. "temperature left out: o3 accepts only the default").
    std::vector<std::string> notes;
    // The provider's batch that answered, when the call went through a batch API rather than
    // submit() (the dispatcher never sets it): it is priced at the batch rate and has no latency
    // of its own.
    std::string batchId;
};

// How the backoff delay is drawn: Full picks 0..d, Equal picks d/2..d (never near zero).
enum class Jitter { Full, Equal };

// How failed attempts are retried (CLI.md "Retries"). Tests shorten the delays.
struct RetryPolicy
{
    int maxRetries = 2; // after the first attempt: 3 attempts in all
    std::chrono::milliseconds initialDelay {500}; // doubled each retry, with jitter
    std::chrono::milliseconds maxDelay {8000}; // backoff cap
    std::chrono::milliseconds maxRetryAfter {120000}; // a server's Retry-After is honoured up to it
    Jitter jitter = Jitter::Equal;
};

struct DispatcherOptions
{
    RetryPolicy retry;
    // Used by calls with useCache; must outlive the dispatcher. Null: no cache.
    ResponseCache *cache = nullptr;
    // The window a provider's rpm counts starts in: a minute. Tests shorten it.
    std::chrono::milliseconds rateWindow {60000};
    // The most bytes one answer may bring: far above any real answer (128k output tokens are
    // ~0.5 MB), it stops an endless or enormous one as bad_response "answer too long".
    std::size_t maxAnswerBytes = 32u << 20;
    // The bytes of a stored image by its SHA-256 (the project's images), read just before a
    // message that shows it is sent; nullopt when the project has no such image. Called from
    // the submitting thread or a network thread: it must be thread-safe. Empty: a call with a
    // stored image fails, naming it.
    std::function<std::optional<std::string>(const std::string &sha256)> imageBytes;
};

struct CallCallbacks
{
    // Each piece of answer text as it arrives (network thread); the pieces join to
    // outcome.result.text. Text that could be the start of the key is held back until it
    // turns out not to be, so the key never shows (it becomes "***").
    std::function<void(std::string_view text)> onText;
    // Text is streamed as it comes, never held for a verdict: when a target that already gave
    // text to onText fails (or answers below its minMeanLogprob) and its fallback answers, this
    // is called before the fallback's text, and the pieces since then join to the outcome's
    // text. Optional: without it the abandoned text simply stays in front.
    std::function<void()> onTextDiscarded;
    // Exactly once, last: on a dispatcher thread (network or timer), or on the caller's thread
    // before submit() returns for an immediate failure, a cache hit and the echo provider (no
    // network) when no fallback has to go to the network.
    std::function<void(const CallOutcome &outcome)> onDone;
};

// Cancels one call (outcome `cancelled`, connection closed); cheap to copy; safe after the call
// ended, and after the dispatcher is gone.
class CallHandle
{
public:
    CallHandle() = default;
    void cancel() const
    {
        if (m_cancel)
            m_cancel();
    }

private:
    friend class Dispatcher;
    explicit CallHandle(std::function<void()> cancel)
        : m_cancel(std::move(cancel))
    { }
    std::function<void()> m_cancel;
};

// Thread-safe: submit from any thread. `client`, `secrets` and `trust` must outlive the
// dispatcher; a provider whose destination `trust` does not approve is never sent anything.
// Limits are per provider id: at most `concurrency` requests of that provider on the network at
// once, and at most `rpm` started in any 60 s window; calls beyond them wait in order (queuedMs).
class Dispatcher
{
public:
    Dispatcher(net::HttpClient &client, const secrets::SecretStore &secrets,
        const secrets::TrustStore &trust, providers::EnvLookup env = providers::systemEnvironment(),
        DispatcherOptions options = {});
    // Cancels the calls still in flight and waits for their onDone (so never destroy it from
    // inside one of its callbacks).
    ~Dispatcher();

    Dispatcher(const Dispatcher &) = delete;
    Dispatcher &operator=(const Dispatcher &) = delete;

    // Never waits for the network. A missing key, an unsupported kind or an invalid config ends
    // at once with an error outcome (category auth or bad_request) naming the variable, never
    // the key. Timeouts: connect 10 s; first byte and idle the provider's timeoutSeconds.
    // Every string in the outcome (text, tool calls, error message, renderedRequest) has the
    // key replaced by "***", should a server have echoed it.
    // Retries (RetryPolicy) resend the same request after a backoff, never once text of that
    // attempt reached onText. A call that still fails (or answers below minMeanLogprob) goes to
    // its fallback, whatever the error but cancelled; the outcome is the last target's, with
    // fellBackFrom and a note per hand-over. measurements.attempts counts the answering
    // target's requests; queuedMs sums every wait for a limit.
    CallHandle submit(TargetCall call, CallCallbacks callbacks);

    // Throws dispatch::UntrustedProviderError (trust_check.h) when submit() would refuse a
    // provider of `call`'s chain as not approved, so a front end can refuse before sending
    // anything at all.
    void requireTrusted(const TargetCall &call) const;

    // `call` (its head, without fallbacks or cache) made ready to send by the rules submit()
    // follows — key, approval, adaptation, image bytes — for requests the dispatcher does not
    // send itself: a batch of them.
    PreparedTarget prepare(const TargetCall &call) const;
    // The network engine submit() sends through, for the requests around calls.
    net::HttpClient &http() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ps::dispatch
