#pragma once

#include "providers/chat_types.h"
#include "providers/provider_config.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ps::net {
class HttpClient;
}
namespace ps::secrets {
class SecretStore;
}

// Sends chat requests to targets and reports what came back, with timings. The engine's
// front door: the CLI and the window both call it. (Limits, retries, fallback and the
// response cache arrive here with the dispatch issue.)
namespace ps::dispatch {

// One column of a comparison: a provider, a model and that target's request.
struct TargetCall
{
    std::string targetId;
    providers::ProviderConfig provider; // as stored; the dispatcher resolves defaults itself
    providers::ChatRequest request; // model and parameters already merged
};

struct Measurements
{
    std::optional<double> ttftMs; // first text or tool-call byte; none if nothing came
    double totalMs = 0;
    int attempts = 1;
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
};

struct CallCallbacks
{
    // Each piece of answer text as it arrives (network thread); the pieces join to
    // outcome.result.text. Text that could be the start of the key is held back until it
    // turns out not to be, so the key never shows (it becomes "***").
    std::function<void(std::string_view text)> onText;
    // Exactly once, last: on the network thread, or on the caller's thread before submit()
    // returns for an immediate failure and for the echo provider (no network).
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

// Thread-safe: submit from any thread. `client` and `secrets` must outlive the dispatcher.
class Dispatcher
{
public:
    Dispatcher(net::HttpClient &client, const secrets::SecretStore &secrets,
        providers::EnvLookup env = providers::systemEnvironment());
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
    CallHandle submit(TargetCall call, CallCallbacks callbacks);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ps::dispatch
