#include "providers/ollama_stream_parser.h"

#include "providers/json_fields.h"
#include "providers/ollama_error.h"
#include "providers/provider_error.h"
#include "util/json_depth.h"

namespace ps::providers {

namespace {

using json_fields::countAt;
using json_fields::memberAt;
using json_fields::stringAt;
using nlohmann::json;

std::optional<double> millisecondsAt(const json &object, const char *key)
{
    const auto nanoseconds = countAt(object, key);
    if (!nanoseconds)
        return std::nullopt;
    return static_cast<double>(*nanoseconds) / 1e6;
}

} // namespace

std::vector<ChatEvent> OllamaStreamParser::feed(std::string_view bytes)
{
    std::vector<ChatEvent> out;
    if (m_ended)
        return out;
    for (const std::string &line : m_decoder.feed(bytes)) {
        if (m_ended)
            break;
        handleLine(line, out);
    }
    return out;
}

std::vector<ChatEvent> OllamaStreamParser::finish()
{
    std::vector<ChatEvent> out;
    if (m_ended)
        return out;
    // A reply to stream:false is one object, often without a newline after it.
    // A last line that does not parse was cut off with the connection, not garbled.
    if (const std::string last = m_decoder.finish(); !last.empty()) {
        if (json::accept(last))
            handleLine(last, out);
        else
            m_sawLine = true;
    }
    if (!m_ended)
        fail(streamCutOff(m_sawLine), out);
    return out;
}

void OllamaStreamParser::fail(ProviderError error, std::vector<ChatEvent> &out)
{
    out.emplace_back(StreamError {std::move(error)});
    m_ended = true;
}

void OllamaStreamParser::handleLine(const std::string &line, std::vector<ChatEvent> &out)
{
    m_sawLine = true;
    const json data = util::parseJsonOrDiscarded(line);
    if (data.is_discarded() || !data.is_object()) {
        fail(makeError(ErrorCategory::BadResponse,
                 "the stream sent a line that is not a JSON object: " + snippet(line, 120)),
            out);
        return;
    }
    if (const auto it = data.find("error"); it != data.end() && !it->is_null()) {
        fail(ollamaErrorFromJson(data, 0), out);
        return;
    }
    const json &message = memberAt(data, "message");
    // "thinking" is the reasoning of a thinking model, apart from the answer.
    if (std::string thinking = stringAt(message, "thinking"); !thinking.empty())
        out.emplace_back(ReasoningDelta {std::move(thinking), {}});
    if (std::string text = stringAt(message, "content"); !text.empty())
        out.emplace_back(TextDelta {std::move(text)});
    // With "logprobs": true each line carries its own tokens' log-probabilities.
    if (std::vector<TokenLogprob> tokens = json_fields::tokenLogprobs(memberAt(data, "logprobs"));
        !tokens.empty())
        out.emplace_back(LogprobsDelta {std::move(tokens)});
    const json &calls = memberAt(message, "tool_calls");
    if (calls.is_array()) {
        for (const json &call : calls) {
            const int index = m_toolCount++;
            const json &function = memberAt(call, "function");
            // Ollama gives calls no id (newer versions may): results refer to a synthetic one.
            std::string id = stringAt(call, "id");
            if (id.empty())
                id = "call_" + std::to_string(index);
            const json &arguments = memberAt(function, "arguments");
            std::string argumentsText = arguments.is_string() ? arguments.get<std::string>()
                : arguments.is_object()                       ? arguments.dump()
                                                              : std::string("{}");
            out.emplace_back(ToolCallDelta {
                index, std::move(id), stringAt(function, "name"), std::move(argumentsText)});
        }
    }
    if (memberAt(data, "done") != json(true))
        return;

    const std::string reason = stringAt(data, "done_reason");
    out.emplace_back(Finish {reason.empty() ? std::string("stop") : reason});
    Usage usage;
    usage.inputTokens = countAt(data, "prompt_eval_count");
    usage.outputTokens = countAt(data, "eval_count");
    if (usage != Usage {})
        out.emplace_back(UsageUpdate {usage});
    m_timings = ServerTimings {millisecondsAt(data, "total_duration"),
        millisecondsAt(data, "load_duration"), millisecondsAt(data, "prompt_eval_duration"),
        millisecondsAt(data, "eval_duration")};
    if (*m_timings != ServerTimings {})
        out.emplace_back(ServerTimingsUpdate {*m_timings});
    m_ended = true;
}

} // namespace ps::providers
