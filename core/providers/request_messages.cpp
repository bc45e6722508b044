#include "providers/request_messages.h"

namespace ps::providers {

namespace {

using nlohmann::json;

std::string stringOr(const json &object, const char *key)
{
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string argumentsText(const json &arguments)
{
    return arguments.is_string() ? arguments.get<std::string>() : arguments.dump();
}

// A Gemini function's response: text goes out wrapped as {"output": text}.
std::string toolResultText(const json &response)
{
    if (response.is_object() && response.size() == 1 && response.contains("output") && response["output"].is_string())
        return response["output"].get<std::string>();
    return argumentsText(response);
}

// OpenAI, compatible servers, Ollama and Anthropic: a role and a content, which is a string or
// a list of blocks. OpenAI's calls are a `tool_calls` list; Anthropic's are tool_use blocks, and
// its tool results tool_result blocks of a user turn.
void readMessageTurn(const json &turn, std::vector<ChatMessage> &out)
{
    ChatMessage message;
    message.role = stringOr(turn, "role");
    if (message.role == "developer")
        message.role = "system";
    message.toolCallId = stringOr(turn, "tool_call_id");
    const json content = turn.value("content", json());
    if (content.is_array())
        for (const json &block : content) {
            if (!block.is_object())
                continue;
            const std::string type = stringOr(block, "type");
            if (type == "text")
                message.content += (message.content.empty() ? "" : "\n") + stringOr(block, "text");
            else if (type == "tool_use")
                message.toolCalls.push_back({{"id", stringOr(block, "id")}, {"name", stringOr(block, "name")},
                    {"arguments", argumentsText(block.value("input", json::object()))}});
            else if (type == "tool_result")
                out.push_back({"tool", contentText(block.value("content", json())),
                    stringOr(block, "tool_use_id"), json::array(), {}});
        }
    else
        message.content = contentText(content);
    if (const auto calls = turn.find("tool_calls"); calls != turn.end() && calls->is_array())
        for (const json &call : *calls) {
            if (!call.is_object())
                continue;
            const json function = call.value("function", json::object());
            message.toolCalls.push_back({{"id", stringOr(call, "id")},
                {"name", function.is_object() ? stringOr(function, "name") : std::string()},
                {"arguments", function.is_object() ? argumentsText(function.value("arguments", json(""))) : ""}});
        }
    // A user turn of tool results alone has said everything through them.
    if (!content.is_array() || !message.content.empty() || !message.toolCalls.empty())
        out.push_back(std::move(message));
}

// Gemini: parts of text, functionCall and functionResponse; the model's role is "model".
void readGeminiTurn(const json &turn, std::vector<ChatMessage> &out)
{
    ChatMessage message;
    message.role = stringOr(turn, "role") == "model" ? "assistant" : "user";
    const json parts = turn.value("parts", json::array());
    for (const json &part : parts) {
        if (!part.is_object())
            continue;
        if (part.contains("text") && part["text"].is_string())
            message.content += (message.content.empty() ? "" : "\n") + part["text"].get<std::string>();
        else if (const auto call = part.find("functionCall"); call != part.end() && call->is_object())
            message.toolCalls.push_back({{"id", stringOr(*call, "id")}, {"name", stringOr(*call, "name")},
                {"arguments", argumentsText(call->value("args", json::object()))}});
        else if (const auto result = part.find("functionResponse"); result != part.end() && result->is_object())
            out.push_back({"tool", toolResultText(result->value("response", json::object())),
                stringOr(*result, "id"), json::array(), {}});
    }
    if (!message.content.empty() || !message.toolCalls.empty())
        out.push_back(std::move(message));
}

} // namespace

std::string contentText(const json &content)
{
    if (content.is_string())
        return content.get<std::string>();
    std::string text;
    if (content.is_array())
        for (const json &part : content)
            if (part.is_object() && part.contains("text") && part["text"].is_string())
                text += (text.empty() ? "" : "\n") + part["text"].get<std::string>();
    return text;
}

std::vector<ChatMessage> requestMessages(const json &request)
{
    std::vector<ChatMessage> out;
    if (!request.is_object())
        return out;
    if (const auto contents = request.find("contents"); contents != request.end() && contents->is_array()) {
        if (const auto system = request.find("systemInstruction"); system != request.end() && system->is_object())
            out.push_back({"system", contentText(system->value("parts", json::array())), {}, json::array(), {}});
        for (const json &turn : *contents)
            if (turn.is_object())
                readGeminiTurn(turn, out);
        return out;
    }
    const auto messages = request.find("messages");
    if (messages == request.end() || !messages->is_array())
        return out;
    // Anthropic keeps the system prompt beside the messages; nobody else has a top-level one.
    if (const auto system = request.find("system"); system != request.end())
        out.push_back({"system", contentText(*system), {}, json::array(), {}});
    for (const json &turn : *messages)
        if (turn.is_object())
            readMessageTurn(turn, out);
    return out;
}

} // namespace ps::providers
