#include "providers/openai_stream_parser.h"

#include "providers/json_fields.h"
#include "providers/openai_error.h"
#include "providers/provider_error.h"
#include "util/json_depth.h"

namespace ps::providers {

namespace {

using json_fields::countAt;
using json_fields::memberAt;
using json_fields::objectAt;
using json_fields::stringAt;
using nlohmann::json;

// Python's truthiness, which the SDKs apply to a chunk's "error".
bool truthy(const json &value)
{
    if (value.is_null())
        return false;
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_string() || value.is_object() || value.is_array())
        return !value.empty();
    return true;
}

// Content is a string, or (some servers) a list of {"type":"text","text"} parts.
std::string contentText(const json &content)
{
    if (content.is_string())
        return content.get<std::string>();
    std::string text;
    if (content.is_array())
        for (const json &part : content)
            text += stringAt(part, "text");
    return text;
}

// Arguments are a JSON string; Ollama-like servers may send an object.
std::string argumentsText(const json &function)
{
    const auto it = function.find("arguments");
    if (it == function.end() || it->is_null())
        return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

const json &firstChoice(const json &chunk)
{
    static const json none;
    const auto it = chunk.find("choices");
    if (it == chunk.end() || !it->is_array())
        return none;
    // With n > 1 choices interleave; a run has one answer, choice 0.
    for (const json &choice : *it)
        if (choice.is_object() && countAt(choice, "index").value_or(0) == 0)
            return choice;
    return none;
}

// A choice's answer-token log-probabilities ("logprobs": {"content": [...]}), as one event.
void appendLogprobs(const json &choice, std::vector<ChatEvent> &out)
{
    std::vector<TokenLogprob> tokens
        = json_fields::tokenLogprobs(memberAt(memberAt(choice, "logprobs"), "content"));
    if (!tokens.empty())
        out.emplace_back(LogprobsDelta {std::move(tokens)});
}

// DeepSeek, vLLM and Ollama's /v1 send thinking as "reasoning_content"; OpenRouter and some
// others as "reasoning". Neither is part of the answer.
void appendReasoning(const json &message, std::vector<ChatEvent> &out)
{
    std::string text = stringAt(message, "reasoning_content");
    if (text.empty())
        text = stringAt(message, "reasoning");
    if (!text.empty())
        out.emplace_back(ReasoningDelta {std::move(text), {}});
}

bool isError(const json &data)
{
    if (!data.is_object())
        return false;
    const auto it = data.find("error");
    return it != data.end() && truthy(*it);
}

} // namespace

std::optional<Usage> openAiUsage(const json &usage)
{
    if (!usage.is_object())
        return std::nullopt;
    Usage out;
    out.inputTokens = countAt(usage, "prompt_tokens");
    if (!out.inputTokens)
        out.inputTokens = countAt(usage, "input_tokens");
    out.outputTokens = countAt(usage, "completion_tokens");
    if (!out.outputTokens)
        out.outputTokens = countAt(usage, "output_tokens");
    if (const json *details = objectAt(usage, "prompt_tokens_details"))
        out.cachedInputTokens = countAt(*details, "cached_tokens");
    if (!out.cachedInputTokens)
        out.cachedInputTokens = countAt(usage, "prompt_cache_hit_tokens"); // DeepSeek
    if (const json *details = objectAt(usage, "completion_tokens_details"))
        out.reasoningTokens = countAt(*details, "reasoning_tokens");
    if (!out.inputTokens && !out.outputTokens && !out.cachedInputTokens && !out.reasoningTokens)
        return std::nullopt;
    return out;
}

std::vector<ChatEvent> openAiCompletionEvents(const json &completion)
{
    std::vector<ChatEvent> out;
    const json &choice = firstChoice(completion);
    if (const json *message = objectAt(choice, "message")) {
        appendReasoning(*message, out);
        std::string text = contentText(message->value("content", json()));
        if (text.empty())
            text = stringAt(*message, "refusal"); // a refusal is the answer the user sees
        if (!text.empty())
            out.emplace_back(TextDelta {std::move(text)});
        if (const auto calls = message->find("tool_calls");
            calls != message->end() && calls->is_array()) {
            int position = 0;
            for (const json &call : *calls) {
                ToolCallDelta delta;
                delta.index = position++;
                delta.id = stringAt(call, "id");
                if (const json *function = objectAt(call, "function")) {
                    delta.name = stringAt(*function, "name");
                    delta.argumentsFragment = argumentsText(*function);
                }
                out.emplace_back(std::move(delta));
            }
        }
    }
    appendLogprobs(choice, out);
    if (const std::string reason = stringAt(choice, "finish_reason"); !reason.empty())
        out.emplace_back(Finish {reason});
    if (const auto usage = openAiUsage(completion.value("usage", json())))
        out.emplace_back(UsageUpdate {*usage});
    return out;
}

std::vector<ChatEvent> openAiBodyEvents(std::string_view body)
{
    const json parsed = util::parseJsonOrDiscarded(body);
    if (parsed.is_discarded())
        return {StreamError {badReplyError("was not valid JSON", body)}};
    if (isError(parsed) || parsed.is_array())
        return {StreamError {openAiErrorFromJson(parsed, 0)}};
    if (!parsed.is_object() || !parsed.contains("choices"))
        return {StreamError {badReplyError("had no choices", body)}};
    return openAiCompletionEvents(parsed);
}

std::vector<ChatEvent> OpenAiStreamParser::feed(std::string_view bytes)
{
    std::vector<ChatEvent> out;
    if (m_ended)
        return out;
    m_head.keep(bytes);
    for (const net::SseEvent &event : m_decoder.feed(bytes)) {
        if (m_ended)
            break;
        m_head.markEvent();
        handleEvent(event, out);
    }
    return out;
}

std::vector<ChatEvent> OpenAiStreamParser::finish()
{
    std::vector<ChatEvent> out;
    if (m_ended)
        return out;
    m_decoder.finish();
    if (m_head.sawEvent()) {
        // A finish reason without [DONE] is an answer complete enough to keep.
        if (!m_sawFinish)
            fail(streamCutOff(true), out);
        m_ended = true;
        return out;
    }

    // No event at all: a server that ignored "stream" and sent one JSON object, or an error
    // object under a 2xx status, or nothing.
    const std::string_view head = m_head.text();
    if (head.empty() || head.front() == ':') {
        fail(streamCutOff(false), out);
    } else if (head.front() == '{' || head.front() == '[') {
        out = openAiBodyEvents(head);
    } else {
        fail(badReplyError("was not an event stream", head), out);
    }
    m_ended = true;
    return out;
}

void OpenAiStreamParser::fail(ProviderError error, std::vector<ChatEvent> &out)
{
    out.emplace_back(StreamError {std::move(error)});
    m_ended = true;
}

void OpenAiStreamParser::handleEvent(const net::SseEvent &event, std::vector<ChatEvent> &out)
{
    if (event.data.rfind("[DONE]", 0) == 0) {
        m_ended = true;
        return;
    }
    if (event.data.empty() && event.event != "error")
        return;
    const json data = util::parseJsonOrDiscarded(event.data);
    if (event.event == "error" || isError(data)) {
        ProviderError error;
        if (!data.is_discarded())
            error = openAiErrorFromJson(data, 0);
        else
            error = makeError(ErrorCategory::Server, snippet(event.data, 1000));
        fail(std::move(error), out);
        return;
    }
    if (data.is_discarded()) {
        fail(makeError(ErrorCategory::BadResponse,
                 "the stream sent data that is not JSON: " + snippet(event.data, 120)),
            out);
        return;
    }
    if (!data.is_object()) {
        fail(makeError(ErrorCategory::BadResponse,
                 "the stream sent an unexpected value: " + snippet(event.data, 120)),
            out);
        return;
    }
    handleChunk(data, out);
}

int OpenAiStreamParser::toolIndex(const json &call, int position)
{
    if (const auto index = countAt(call, "index")) {
        m_lastToolIndex = static_cast<int>(*index);
        return m_lastToolIndex;
    }
    // No index (some servers): a new id starts a new call, a fragment without one continues.
    const std::string id = stringAt(call, "id");
    if (id.empty())
        return m_lastToolIndex + position;
    const auto [it, inserted]
        = m_toolIndexById.try_emplace(id, static_cast<int>(m_toolIndexById.size()));
    m_lastToolIndex = it->second;
    return it->second;
}

void OpenAiStreamParser::handleChunk(const json &chunk, std::vector<ChatEvent> &out)
{
    // Azure's first chunk has "choices": [] and prompt filter results; the usage chunk also has
    // "choices": [].
    const json &choice = firstChoice(chunk);
    if (const json *delta = objectAt(choice, "delta")) {
        appendReasoning(*delta, out);
        std::string text = contentText(delta->value("content", json()));
        if (text.empty())
            text = stringAt(*delta, "refusal");
        if (!text.empty())
            out.emplace_back(TextDelta {std::move(text)});
        if (const auto calls = delta->find("tool_calls");
            calls != delta->end() && calls->is_array()) {
            int position = 0;
            for (const json &call : *calls) {
                ToolCallDelta piece;
                piece.index = toolIndex(call, position++);
                piece.id = stringAt(call, "id");
                if (const json *function = objectAt(call, "function")) {
                    piece.name = stringAt(*function, "name");
                    piece.argumentsFragment = argumentsText(*function);
                }
                out.emplace_back(std::move(piece));
            }
        }
    }
    appendLogprobs(choice, out);
    if (const std::string reason = stringAt(choice, "finish_reason"); !reason.empty()) {
        m_sawFinish = true;
        out.emplace_back(Finish {reason});
    }
    if (const auto usage = openAiUsage(chunk.value("usage", json())))
        out.emplace_back(UsageUpdate {*usage});
}

} // namespace ps::providers
