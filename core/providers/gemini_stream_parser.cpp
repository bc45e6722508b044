#include "providers/gemini_stream_parser.h"

#include "providers/gemini_error.h"
#include "providers/json_fields.h"
#include "providers/provider_error.h"
#include "util/json_depth.h"

namespace ps::providers {

namespace {

using json_fields::countAt;
using json_fields::memberAt;
using json_fields::stringAt;
using nlohmann::json;

bool isErrorBody(const json &data)
{
    const json &first = data.is_array() && !data.empty() ? data[0] : data;
    return first.is_object() && first.contains("error");
}

// Stops that mean the answer was withheld rather than finished.
bool isFilterReason(const std::string &reason)
{
    return reason == "SAFETY" || reason == "RECITATION" || reason == "BLOCKLIST"
        || reason == "PROHIBITED_CONTENT" || reason == "SPII" || reason == "IMAGE_SAFETY";
}

std::optional<Usage> geminiUsage(const json &metadata)
{
    if (!metadata.is_object())
        return std::nullopt;
    Usage usage;
    usage.inputTokens = countAt(metadata, "promptTokenCount");
    const auto candidates = countAt(metadata, "candidatesTokenCount");
    const auto thoughts = countAt(metadata, "thoughtsTokenCount");
    // Output counts thinking too, as OpenAI's completion_tokens does (PROTOCOLS.md §4).
    if (candidates || thoughts)
        usage.outputTokens = candidates.value_or(0) + thoughts.value_or(0);
    usage.reasoningTokens = thoughts;
    usage.cachedInputTokens = countAt(metadata, "cachedContentTokenCount");
    if (usage == Usage {})
        return std::nullopt;
    return usage;
}

// LogprobsResult: chosenCandidates[i] is the token taken at step i, topCandidates[i] the best
// ones there (proto JSON: "token", "logProbability").
std::vector<TokenLogprob> geminiLogprobs(const json &result)
{
    std::vector<TokenLogprob> out;
    const json &chosen = memberAt(result, "chosenCandidates");
    if (!chosen.is_array())
        return out;
    const json &top = memberAt(result, "topCandidates");
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const json &value = memberAt(chosen[i], "logProbability");
        // proto3 leaves out a zero: a certain token has no logProbability at all.
        TokenLogprob token {
            stringAt(chosen[i], "token"), value.is_number() ? value.get<double>() : 0.0, {}};
        if (top.is_array() && i < top.size()) {
            const json &candidates = memberAt(top[i], "candidates");
            if (candidates.is_array())
                for (const json &candidate : candidates) {
                    const json &v = memberAt(candidate, "logProbability");
                    token.top.emplace_back(
                        stringAt(candidate, "token"), v.is_number() ? v.get<double>() : 0.0);
                }
        }
        out.push_back(std::move(token));
    }
    return out;
}

} // namespace

std::vector<ChatEvent> GeminiChunkReader::read(const json &chunk)
{
    std::vector<ChatEvent> out;
    if (m_ended)
        return out;
    if (isErrorBody(chunk)) {
        out.emplace_back(StreamError {geminiErrorFromJson(chunk, 0)});
        m_ended = true;
        return out;
    }
    const json &candidates = memberAt(chunk, "candidates");
    static const json none;
    const json &candidate = candidates.is_array() && !candidates.empty() ? candidates[0] : none;
    const json &parts = memberAt(memberAt(candidate, "content"), "parts");
    if (parts.is_array()) {
        for (const json &part : parts) {
            // A signature may ride on any part; it must go back with the turn (Gemini 3).
            std::string signature = stringAt(part, "thoughtSignature");
            if (memberAt(part, "thought") == json(true)) {
                // A thought summary is reasoning, not the answer.
                std::string text = stringAt(part, "text");
                if (!text.empty() || !signature.empty())
                    out.emplace_back(ReasoningDelta {std::move(text), std::move(signature)});
                continue;
            }
            if (!signature.empty())
                out.emplace_back(ReasoningDelta {{}, std::move(signature)});
            if (std::string text = stringAt(part, "text"); !text.empty()) {
                m_sawAnswer = true;
                out.emplace_back(TextDelta {std::move(text)});
            }
            const json &call = memberAt(part, "functionCall");
            if (call.is_object()) {
                m_sawAnswer = true;
                const int index = m_toolCount++;
                // Calls carry an id only on some models; a synthetic one lets results refer back.
                std::string id = stringAt(call, "id");
                if (id.empty())
                    id = "call_" + std::to_string(index);
                const json &args = memberAt(call, "args");
                out.emplace_back(ToolCallDelta {index, std::move(id), stringAt(call, "name"),
                    args.is_object() ? args.dump() : std::string("{}")});
            }
        }
    }
    if (std::vector<TokenLogprob> tokens = geminiLogprobs(memberAt(candidate, "logprobsResult"));
        !tokens.empty())
        out.emplace_back(LogprobsDelta {std::move(tokens)});
    // Usage is on every chunk; the counts are final only on the last, which replaces the rest.
    if (const auto usage = geminiUsage(memberAt(chunk, "usageMetadata")))
        out.emplace_back(UsageUpdate {*usage});

    const std::string reason = stringAt(candidate, "finishReason");
    if (!reason.empty()) {
        m_sawFinish = true;
        out.emplace_back(Finish {reason});
        if (isFilterReason(reason) && !m_sawAnswer) {
            out.emplace_back(StreamError {makeError(ErrorCategory::ContentFilter,
                "the answer was blocked (finish reason " + reason + ")")});
            m_ended = true;
        }
    }
    // A blocked prompt has no candidates at all, only the reason.
    const std::string blocked = stringAt(memberAt(chunk, "promptFeedback"), "blockReason");
    if (!blocked.empty() && (!candidates.is_array() || candidates.empty())) {
        out.emplace_back(StreamError {
            makeError(ErrorCategory::ContentFilter, "the prompt was blocked (" + blocked + ")")});
        m_ended = true;
    }
    return out;
}

std::vector<ChatEvent> geminiBodyEvents(std::string_view body)
{
    const json parsed = util::parseJsonOrDiscarded(body);
    if (parsed.is_discarded())
        return {StreamError {badReplyError("was not valid JSON", body)}};
    if (isErrorBody(parsed))
        return {StreamError {geminiErrorFromJson(parsed, 0)}};
    // Without alt=sse the stream is one JSON array of responses.
    const json chunks = parsed.is_array() ? parsed : json::array({parsed});
    GeminiChunkReader reader;
    std::vector<ChatEvent> out;
    bool answered = false;
    for (const json &chunk : chunks) {
        if (!chunk.is_object())
            continue;
        answered = answered || chunk.contains("candidates") || chunk.contains("promptFeedback");
        for (ChatEvent &event : reader.read(chunk))
            out.push_back(std::move(event));
    }
    if (!answered)
        return {StreamError {badReplyError("had no candidates", body)}};
    return out;
}

std::vector<ChatEvent> GeminiStreamParser::feed(std::string_view bytes)
{
    std::vector<ChatEvent> out;
    if (m_ended)
        return out;
    m_head.keep(bytes);
    for (const net::SseEvent &event : m_decoder.feed(bytes)) {
        if (m_ended)
            break;
        if (event.data.empty())
            continue; // a stray field line of a raw JSON body, not an event
        m_head.markEvent();
        handleEvent(event, out);
    }
    return out;
}

std::vector<ChatEvent> GeminiStreamParser::finish()
{
    std::vector<ChatEvent> out;
    if (m_ended)
        return out;
    m_decoder.finish();
    m_ended = true;
    if (m_head.sawEvent()) {
        // There is no end marker: the last chunk carries the finish reason.
        if (!m_reader.sawFinish())
            out.emplace_back(StreamError {streamCutOff(true)});
        return out;
    }
    // No event: an error body or a whole response sent as plain JSON, or nothing usable.
    const std::string_view head = m_head.text();
    if (head.empty())
        out.emplace_back(StreamError {streamCutOff(false)});
    else if (head.front() == '{' || head.front() == '[')
        out = geminiBodyEvents(head);
    else
        out.emplace_back(StreamError {badReplyError("was not an event stream", head)});
    return out;
}

void GeminiStreamParser::fail(ProviderError error, std::vector<ChatEvent> &out)
{
    out.emplace_back(StreamError {std::move(error)});
    m_ended = true;
}

void GeminiStreamParser::handleEvent(const net::SseEvent &event, std::vector<ChatEvent> &out)
{
    const json data = util::parseJsonOrDiscarded(event.data);
    if (data.is_discarded() || !(data.is_object() || data.is_array())) {
        fail(makeError(ErrorCategory::BadResponse,
                 "the stream sent data that is not a JSON object: " + snippet(event.data, 120)),
            out);
        return;
    }
    for (ChatEvent &e : m_reader.read(data))
        out.push_back(std::move(e));
    if (m_reader.ended())
        m_ended = true;
}

} // namespace ps::providers
