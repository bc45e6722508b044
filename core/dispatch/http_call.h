#pragma once

#include "dispatch/dispatcher.h"
#include "dispatch/stream_redactor.h"
#include "net/http_request.h"
#include "providers/provider_adapter.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

// One call carried over HTTP: turns a transfer's callbacks into text pieces and a CallOutcome.
namespace ps::dispatch {

class HttpCall
{
public:
    using Clock = std::chrono::steady_clock;

    // `outcome` already holds the target, model and rendered request; `finished` runs after
    // the caller's onDone, so the dispatcher can forget the call.
    HttpCall(std::unique_ptr<providers::ProviderAdapter> adapter, bool stream, std::string apiKey,
        CallOutcome outcome, CallCallbacks callbacks, Clock::time_point start,
        std::function<void()> finished);

    // The callbacks for HttpClient::submit; they keep `call` alive until onDone.
    static net::HttpCallbacks callbacks(const std::shared_ptr<HttpCall> &call);

private:
    void onHeaders(int status, const net::Headers &headers);
    void onBody(std::string_view bytes);
    void onDone(const net::HttpResult &transfer);

    bool streaming() const { return m_stream && m_status / 100 == 2; }
    void apply(const providers::ChatEvent &event);
    void emitText(const std::string &text);
    void complete(const net::HttpResult &transfer);
    void redactOutcome();

    static constexpr std::size_t kMaxErrorBody = 1 << 20; // enough for any error JSON

    const std::unique_ptr<providers::ProviderAdapter> m_adapter;
    const bool m_stream;
    const std::string m_apiKey;
    CallOutcome m_outcome;
    CallCallbacks m_callbacks;
    const Clock::time_point m_start;
    std::function<void()> m_finished;

    int m_status = 0;
    net::Headers m_headers;
    std::unique_ptr<providers::StreamParser> m_parser; // streamed 2xx replies
    std::string m_body; // non-streamed and error replies
    std::optional<Clock::time_point> m_firstByte;
    StreamRedactor m_redactor;
};

// Milliseconds from `start` until now, on the monotonic clock.
double millisecondsSince(HttpCall::Clock::time_point start);

// `error` with its message redacted of `apiKey`.
void redactError(providers::ProviderError &error, std::string_view apiKey);
// Every string in `value` redacted of `apiKey` (keys of objects included).
void redactJson(nlohmann::json &value, std::string_view apiKey);

} // namespace ps::dispatch
