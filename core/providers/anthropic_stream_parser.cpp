#include "providers/anthropic_stream_parser.h"

#include "providers/anthropic_error.h"
#include "providers/json_fields.h"
#include "providers/provider_error.h"
#include "util/json_depth.h"

namespace ps::providers {

namespace {

using json_fields::countAt;
using json_fields::memberAt;
using json_fields::stringAt;
using nlohmann::json;

// A tool's input as JSON text; a call without arguments still gets an object.
std::string inputText(const json &input)
{
    return input.is_object() || input.is_array() ? input.dump() : std::string("{}");
}

bool isErrorObject(const json &data)
{
    return data.is_object()
        && (stringAt(data, "type") == "error" || memberAt(data, "error").is_object());
}

} // namespace

std::vector<ChatEvent> anthropicMessageEvents(const json &message)
{
    std::vector<ChatEvent> out;
    int toolIndex = 0;
    const json &content = memberAt(message, "content");
    if (content.is_array()) {
        for (const json &block : content) {
            const std::string type = stringAt(block, "type");
            if (type == "text") {
                if (std::string text = stringAt(block, "text"); !text.empty())
                    out.emplace_back(TextDelta {std::move(text)});
            } else if (type == "thinking") {
                out.emplace_back(
                    ReasoningDelta {stringAt(block, "thinking"), stringAt(block, "signature")});
            } else if (type == "tool_use") {
                out.emplace_back(ToolCallDelta {toolIndex++, stringAt(block, "id"),
                    stringAt(block, "name"), inputText(memberAt(block, "input"))});
            }
        }
    }
    if (const std::string reason = stringAt(message, "stop_reason"); !reason.empty())
        out.emplace_back(Finish {reason});
    const json &usage = memberAt(message, "usage");
    if (usage.is_object()) {
        Usage total;
        const auto input = countAt(usage, "input_tokens");
        const auto read = countAt(usage, "cache_read_input_tokens");
        const auto creation = countAt(usage, "cache_creation_input_tokens");
        if (input || read || creation)
            total.inputTokens = input.value_or(0) + read.value_or(0) + creation.value_or(0);
        total.cachedInputTokens = read;
        total.outputTokens = countAt(usage, "output_tokens");
        if (total != Usage {})
            out.emplace_back(UsageUpdate {total});
    }
    return out;
}

std::vector<ChatEvent> anthropicBodyEvents(std::string_view body)
{
    const json parsed = util::parseJsonOrDiscarded(body);
    if (parsed.is_discarded())
        return {StreamError {badReplyError("was not valid JSON", body)}};
    if (isErrorObject(parsed))
        return {StreamError {anthropicErrorFromJson(parsed, 0)}};
    if (!parsed.is_object() || !memberAt(parsed, "content").is_array())
        return {StreamError {badReplyError("had no content", body)}};
    return anthropicMessageEvents(parsed);
}

std::vector<ChatEvent> AnthropicStreamParser::feed(std::string_view bytes)
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

std::vector<ChatEvent> AnthropicStreamParser::finish()
{
    std::vector<ChatEvent> out;
    if (m_ended)
        return out;
    m_decoder.finish();
    if (m_head.sawEvent()) {
        // A stop reason without message_stop is an answer complete enough to keep.
        if (!m_sawFinish)
            fail(streamCutOff(true), out);
        m_ended = true;
        return out;
    }
    // No event: a whole JSON message or error object under a 2xx status, or nothing usable.
    const std::string_view head = m_head.text();
    if (head.empty() || head.front() == ':')
        fail(streamCutOff(false), out);
    else if (head.front() == '{')
        out = anthropicBodyEvents(head);
    else
        fail(badReplyError("was not an event stream", head), out);
    m_ended = true;
    return out;
}

void AnthropicStreamParser::fail(ProviderError error, std::vector<ChatEvent> &out)
{
    out.emplace_back(StreamError {std::move(error)});
    m_ended = true;
}

void AnthropicStreamParser::handleEvent(const net::SseEvent &event, std::vector<ChatEvent> &out)
{
    if (event.event == "ping")
        return;
    const json data = util::parseJsonOrDiscarded(event.data);
    if (event.event == "error" || isErrorObject(data)) {
        fail(data.is_discarded() ? makeError(ErrorCategory::Server, snippet(event.data, 1000))
                                 : anthropicErrorFromJson(data, 0),
            out);
        return;
    }
    if (data.is_discarded() || !data.is_object()) {
        fail(makeError(ErrorCategory::BadResponse,
                 "the stream sent data that is not a JSON object: " + snippet(event.data, 120)),
            out);
        return;
    }
    // The SDK dispatches by the event name and fills a missing "type" from it; a stream
    // without names still says what each event is in "type".
    handleData(event.event.empty() ? stringAt(data, "type") : event.event, data, out);
}

void AnthropicStreamParser::handleData(
    const std::string &name, const json &data, std::vector<ChatEvent> &out)
{
    if (name == "message_start") {
        usage(memberAt(memberAt(data, "message"), "usage"), false, out);
    } else if (name == "content_block_start") {
        blockStart(data, out);
    } else if (name == "content_block_delta") {
        blockDelta(data, out);
    } else if (name == "content_block_stop") {
        blockStop(data, out);
    } else if (name == "message_delta") {
        if (const std::string reason = stringAt(memberAt(data, "delta"), "stop_reason");
            !reason.empty()) {
            m_sawFinish = true;
            out.emplace_back(Finish {reason});
        }
        usage(memberAt(data, "usage"), true, out);
    } else if (name == "message_stop") {
        m_ended = true;
    }
    // Anything else (new event names, agent events) is dropped, as the SDK does.
}

void AnthropicStreamParser::blockStart(const json &data, std::vector<ChatEvent> &out)
{
    const long long index = countAt(data, "index").value_or(0);
    const json &block = memberAt(data, "content_block");
    const std::string type = stringAt(block, "type");
    Block &state = m_blocks[index];
    if (type == "tool_use" || type == "server_tool_use") {
        state.isTool = true;
        state.toolIndex = m_toolCount++;
        state.startInput = memberAt(block, "input");
        out.emplace_back(
            ToolCallDelta {state.toolIndex, stringAt(block, "id"), stringAt(block, "name"), {}});
    } else if (type == "text") {
        if (std::string text = stringAt(block, "text"); !text.empty())
            out.emplace_back(TextDelta {std::move(text)});
    } else if (type == "thinking") {
        std::string text = stringAt(block, "thinking");
        std::string signature = stringAt(block, "signature");
        if (!text.empty() || !signature.empty())
            out.emplace_back(ReasoningDelta {std::move(text), std::move(signature)});
    }
}

void AnthropicStreamParser::blockDelta(const json &data, std::vector<ChatEvent> &out)
{
    const long long index = countAt(data, "index").value_or(0);
    const json &delta = memberAt(data, "delta");
    const std::string type = stringAt(delta, "type");
    if (type == "text_delta") {
        if (std::string text = stringAt(delta, "text"); !text.empty())
            out.emplace_back(TextDelta {std::move(text)});
    } else if (type == "input_json_delta") {
        const auto it = m_blocks.find(index);
        if (it == m_blocks.end() || !it->second.isTool)
            return; // a fragment for no known call cannot be placed
        std::string fragment = stringAt(delta, "partial_json");
        if (fragment.empty())
            return; // the first piece is often ""
        it->second.gotArguments = true;
        out.emplace_back(ToolCallDelta {it->second.toolIndex, {}, {}, std::move(fragment)});
    } else if (type == "thinking_delta") {
        if (std::string text = stringAt(delta, "thinking"); !text.empty())
            out.emplace_back(ReasoningDelta {std::move(text), {}});
    } else if (type == "signature_delta") {
        if (std::string signature = stringAt(delta, "signature"); !signature.empty())
            out.emplace_back(ReasoningDelta {{}, std::move(signature)});
    }
    // citations_delta and unknown deltas are not part of the answer's text.
}

void AnthropicStreamParser::blockStop(const json &data, std::vector<ChatEvent> &out)
{
    const auto it = m_blocks.find(countAt(data, "index").value_or(0));
    if (it == m_blocks.end() || !it->second.isTool || it->second.gotArguments)
        return;
    // No input_json_delta at all: the call's arguments are whatever its start said, at least {}.
    out.emplace_back(
        ToolCallDelta {it->second.toolIndex, {}, {}, inputText(it->second.startInput)});
}

void AnthropicStreamParser::usage(const json &usage, bool withOutput, std::vector<ChatEvent> &out)
{
    if (!usage.is_object())
        return;
    // message_delta's usage is cumulative and may repeat the input fields: latest wins.
    if (const auto value = countAt(usage, "input_tokens"))
        m_input = value;
    if (const auto value = countAt(usage, "cache_read_input_tokens"))
        m_cacheRead = value;
    if (const auto value = countAt(usage, "cache_creation_input_tokens"))
        m_cacheCreation = value;
    Usage update;
    if (m_input || m_cacheRead || m_cacheCreation)
        update.inputTokens
            = m_input.value_or(0) + m_cacheRead.value_or(0) + m_cacheCreation.value_or(0);
    update.cachedInputTokens = m_cacheRead;
    // message_start's output count is a placeholder (1): only message_delta's is the answer's.
    if (withOutput)
        update.outputTokens = countAt(usage, "output_tokens");
    if (update != Usage {})
        out.emplace_back(UsageUpdate {update});
}

} // namespace ps::providers
