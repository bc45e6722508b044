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

// One attempt carried over HTTP: turns a transfer's callbacks into text pieces and a report.
namespace ps::dispatch {

// What one attempt produced, for the dispatcher to decide: answer, retry or fall back.
struct AttemptReport
{
    using Clock = std::chrono::steady_clock;

    providers::ChatResult result; // every string redacted of the key
    std::optional<Clock::time_point> firstOutput; // first text or tool-call byte
    Clock::time_point ended;
    bool textShown = false; // some text went to onText (the user saw it)
};

class HttpCall
{
public:
    using Clock = std::chrono::steady_clock;
    using TextSink = std::function<void(std::string_view text)>;
    using Done = std::function<void(AttemptReport report)>;

    // `maxAnswerBytes`: the most body bytes one attempt may bring; more ends it as bad_response.
    HttpCall(std::shared_ptr<const providers::ProviderAdapter> adapter, bool stream,
        std::string apiKey, std::size_t maxAnswerBytes, TextSink onText, Done onDone);

    // The callbacks for HttpClient::submit; they keep `call` alive until onDone.
    static net::HttpCallbacks callbacks(const std::shared_ptr<HttpCall> &call);

private:
    void onHeaders(int status, const net::Headers &headers);
    bool onBody(std::string_view bytes); // whether the bytes carried content
    void onDone(const net::HttpResult &transfer);

    bool streaming() const { return m_stream && m_status / 100 == 2; }
    void apply(const providers::ChatEvent &event);
    void emitText(const std::string &text);
    void complete(const net::HttpResult &transfer);
    void redactResult();

    static constexpr std::size_t kMaxErrorBody = 1 << 20; // enough for any error JSON

    const std::shared_ptr<const providers::ProviderAdapter> m_adapter;
    const bool m_stream;
    const std::string m_apiKey;
    const std::size_t m_maxAnswerBytes;
    TextSink m_onText;
    Done m_onDone;

    AttemptReport m_report;
    int m_status = 0;
    net::Headers m_headers;
    std::unique_ptr<providers::StreamParser> m_parser; // streamed 2xx replies
    std::string m_body; // non-streamed and error replies
    std::optional<Clock::time_point> m_firstByte;
    std::size_t m_received = 0; // body bytes of this attempt
    bool m_tooLong = false;
    StreamRedactor m_redactor;
};

// Milliseconds from `start` until now, on the monotonic clock.
double millisecondsSince(HttpCall::Clock::time_point start);
// Milliseconds from `from` to `to`.
double millisecondsBetween(HttpCall::Clock::time_point from, HttpCall::Clock::time_point to);

// `error` with its message redacted of `apiKey`.
void redactError(providers::ProviderError &error, std::string_view apiKey);
// Every string in `value` redacted of `apiKey` (keys of objects included).
void redactJson(nlohmann::json &value, std::string_view apiKey);

} // namespace ps::dispatch
