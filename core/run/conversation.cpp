#include "run/conversation.h"

#include <utility>

namespace ps::run {

std::vector<providers::ChatMessage> Conversation::messagesAfter(
    std::vector<providers::ChatMessage> prompt) const
{
    prompt.insert(prompt.end(), m_asked.begin(), m_asked.end());
    return prompt;
}

bool Conversation::reply(const std::string &text)
{
    if (!m_answer)
        return false;
    m_asked.push_back(std::move(*m_answer));
    m_answer.reset();
    providers::ChatMessage user;
    user.role = "user";
    user.content = text;
    m_asked.push_back(std::move(user));
    ++m_replies;
    return true;
}

bool Conversation::toolResults(const std::vector<std::pair<std::string, std::string>> &results)
{
    if (!m_answer)
        return false;
    m_asked.push_back(std::move(*m_answer));
    m_answer.reset();
    for (const auto &[id, content] : results) {
        providers::ChatMessage tool;
        tool.role = "tool";
        tool.toolCallId = id;
        tool.content = content;
        m_asked.push_back(std::move(tool));
    }
    ++m_replies;
    return true;
}

void Conversation::answered(const providers::ChatResult &result)
{
    m_answer = result.assistantTurn();
}

void Conversation::clear()
{
    m_asked.clear();
    m_answer.reset();
    m_replies = 0;
}

std::vector<model::Message> Conversation::asVersionMessages() const
{
    std::vector<model::Message> messages;
    const auto keep = [&messages](const providers::ChatMessage &turn) {
        model::Message message;
        message.role = turn.role;
        message.content = literalTemplateText(turn.content);
        message.toolCallId = turn.toolCallId;
        message.toolCalls = turn.toolCalls;
        // A replayed reasoning signature belongs to the provider's session, not to a prompt.
        for (nlohmann::json &call : message.toolCalls)
            if (call.is_object())
                call.erase("reasoning");
        messages.push_back(std::move(message));
    };
    for (const providers::ChatMessage &turn : m_asked)
        keep(turn);
    if (m_answer)
        keep(*m_answer);
    return messages;
}

std::string literalTemplateText(const std::string &text)
{
    if (text.find("{{") == std::string::npos)
        return text;
    // Mustache's set-delimiter tag: from here on, tags are written with delimiters the text
    // does not hold, so every "{{" in it is text.
    for (const auto &[open, close] : {std::pair {"<%", "%>"}, std::pair {"[[[", "]]]"},
             std::pair {"<<<<", ">>>>"}})
        if (text.find(open) == std::string::npos && text.find(close) == std::string::npos)
            return std::string("{{=") + open + " " + close + "=}}" + text;
    return "{{=\x1f \x1e=}}" + text; // control characters no answer text carries
}

} // namespace ps::run
