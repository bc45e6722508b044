#include "dispatch/http_call.h"

#include "providers/provider_error.h"
#include "secrets/secret_store.h"

#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace ps::dispatch {

using providers::ChatEvent;

double millisecondsSince(HttpCall::Clock::time_point start)
{
    return millisecondsBetween(start, HttpCall::Clock::now());
}

double millisecondsBetween(HttpCall::Clock::time_point from, HttpCall::Clock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

void redactError(providers::ProviderError &error, std::string_view apiKey)
{
    error.message = secrets::redact(std::move(error.message), apiKey);
}

void redactJson(nlohmann::json &value, std::string_view apiKey)
{
    if (value.is_string()) {
        value = secrets::redact(value.get<std::string>(), apiKey);
    } else if (value.is_array()) {
        for (auto &item : value)
            redactJson(item, apiKey);
    } else if (value.is_object()) {
        nlohmann::json clean = nlohmann::json::object();
        for (auto &[name, item] : value.items()) {
            redactJson(item, apiKey);
            clean[secrets::redact(name, apiKey)] = std::move(item);
        }
        value = std::move(clean);
    }
}

HttpCall::HttpCall(std::shared_ptr<const providers::ProviderAdapter> adapter, bool stream,
    std::string apiKey, std::size_t maxAnswerBytes, TextSink onText, Done onDone)
    : m_adapter(std::move(adapter))
    , m_stream(stream)
    , m_apiKey(std::move(apiKey))
    , m_maxAnswerBytes(maxAnswerBytes)
    , m_onText(std::move(onText))
    , m_onDone(std::move(onDone))
    , m_redactor(m_apiKey)
{ }

net::HttpCallbacks HttpCall::callbacks(const std::shared_ptr<HttpCall> &call)
{
    net::HttpCallbacks out;
    out.onHeaders = [call](int status, const net::Headers &headers) {
        call->onHeaders(status, headers);
    };
    out.onBody = [call](std::string_view bytes) {
        return call->onBody(bytes);
    };
    out.onDone = [call](const net::HttpResult &result) {
        call->onDone(result);
    };
    return out;
}

void HttpCall::onHeaders(int status, const net::Headers &headers)
{
    m_status = status;
    m_headers = headers;
    if (streaming())
        m_parser = m_adapter->newStreamParser();
}

bool HttpCall::onBody(std::string_view bytes)
{
    if (!m_firstByte)
        m_firstByte = Clock::now();
    m_received += bytes.size();
    if (m_received > m_maxAnswerBytes) {
        // An endless or enormous answer is cut here: memory stays bounded, nothing is stored.
        m_tooLong = true;
        throw std::runtime_error("answer too long");
    }
    if (m_parser) {
        const std::vector<ChatEvent> events = m_parser->feed(bytes);
        for (const ChatEvent &event : events)
            apply(event);
        // Keep-alive comments and partial events are not content: they do not hold the line.
        return !events.empty();
    }
    if (m_body.size() < kMaxErrorBody || m_status / 100 == 2)
        m_body.append(bytes);
    return true;
}

void HttpCall::apply(const ChatEvent &event)
{
    std::visit(
        [this](const auto &item) {
            using T = std::decay_t<decltype(item)>;
            if constexpr (std::is_same_v<T, providers::TextDelta>) {
                if (item.text.empty())
                    return;
                if (!m_report.firstOutput)
                    m_report.firstOutput = Clock::now();
                emitText(m_redactor.push(item.text));
            } else if constexpr (std::is_same_v<T, providers::ToolCallDelta>) {
                if (!m_report.firstOutput)
                    m_report.firstOutput = Clock::now();
            }
        },
        event);
    m_report.result.apply(event);
}

void HttpCall::emitText(const std::string &text)
{
    if (text.empty())
        return;
    m_report.textShown = true;
    if (m_onText)
        m_onText(text);
}

void HttpCall::onDone(const net::HttpResult &transfer)
{
    complete(transfer);
    m_report.ended = Clock::now();
    redactResult();
    m_onText = nullptr;
    // Released before the report goes: the dispatcher may end the whole call from it.
    if (Done done = std::exchange(m_onDone, nullptr))
        done(std::move(m_report));
}

void HttpCall::complete(const net::HttpResult &transfer)
{
    providers::ChatResult &result = m_report.result;
    if (m_tooLong) {
        emitText(m_redactor.finish());
        result.error = providers::makeError(providers::ErrorCategory::BadResponse,
            "answer too long: the reply passed "
                + (m_maxAnswerBytes >= (1u << 20) ? std::to_string(m_maxAnswerBytes >> 20) + " MB"
                                                  : std::to_string(m_maxAnswerBytes >> 10) + " KB")
                + " and was cut off");
        return;
    }
    const auto failure = providers::transportError(transfer);
    if (m_parser) {
        // A transfer that broke off explains the end better than the parser's "cut off".
        if (!failure) {
            for (const ChatEvent &event : m_parser->finish())
                apply(event);
        }
    } else if (m_status / 100 == 2 && !failure) {
        result = m_adapter->parseResponse(m_status, m_headers, m_body);
        if ((!result.text.empty() || !result.toolCalls.empty()) && m_firstByte)
            m_report.firstOutput = m_firstByte;
        emitText(m_redactor.push(result.text));
    } else if (m_status / 100 == 3 && !failure) {
        // Following a redirect could carry the key to another host: it is reported instead.
        const std::string_view location = net::headerValue(m_headers, "location");
        result.error = providers::makeError(providers::ErrorCategory::BadResponse,
            "HTTP " + std::to_string(m_status) + ": redirects are not followed (Location: "
                + (location.empty() ? std::string("none") : std::string(location.substr(0, 300)))
                + "); set the provider's base URL to where it points");
    } else if (m_status != 0 && m_status / 100 != 2 && !failure) {
        result.error = m_adapter->classifyError(m_status, m_headers, m_body);
    }
    emitText(m_redactor.finish());
    if (failure && !result.error)
        result.error = failure;
}

void HttpCall::redactResult()
{
    providers::ChatResult &result = m_report.result;
    result.text = secrets::redact(std::move(result.text), m_apiKey);
    for (providers::ToolCall &call : result.toolCalls) {
        call.id = secrets::redact(std::move(call.id), m_apiKey);
        call.name = secrets::redact(std::move(call.name), m_apiKey);
        call.arguments = secrets::redact(std::move(call.arguments), m_apiKey);
    }
    result.finishReason = secrets::redact(std::move(result.finishReason), m_apiKey);
    result.reasoning = secrets::redact(std::move(result.reasoning), m_apiKey);
    if (result.error)
        redactError(*result.error, m_apiKey);
}

} // namespace ps::dispatch
