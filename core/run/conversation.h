#pragma once

#include "model/version_content.h"
#include "providers/chat_types.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

// A conversation continued after the prompt, in one pane or the presenter: the answers and the
// user's replies, replayed after the prompt's rendered messages on the next request.
namespace ps::run {

class Conversation
{
public:
    // What the next request sends: the prompt's messages, then every turn asked so far (the
    // answer being replaced, when one is asked again, is not among them).
    std::vector<providers::ChatMessage> messagesAfter(
        std::vector<providers::ChatMessage> prompt) const;

    // The user replies to the current answer: it joins the turns, and the reply is asked next.
    // False (nothing changes) when there is no answer to reply to yet.
    bool reply(const std::string &text);
    // The results of the current answer's tool calls ({call id, result}), mocked by the user:
    // they join the turns as tool messages, and the model is asked to go on. False (nothing
    // changes) when there is no answer to give them to.
    bool toolResults(const std::vector<std::pair<std::string, std::string>> &results);
    // The answer to what was asked last (a new one replaces the one asked again).
    void answered(const providers::ChatResult &result);
    // Back to the prompt alone.
    void clear();

    // Replies made so far (0: the prompt alone).
    int replies() const { return m_replies; }
    bool hasAnswer() const { return m_answer.has_value(); }
    // Everything after the prompt — the answers and the replies, the current answer last — as
    // messages a version can hold ("Keep as prompt"); their text is kept literal, so "{{" in an
    // answer is not read as a variable.
    std::vector<model::Message> asVersionMessages() const;

private:
    std::vector<providers::ChatMessage> m_asked; // turns before the answer being shown
    std::optional<providers::ChatMessage> m_answer;
    int m_replies = 0;
};

// `text` as Mustache template text that renders to exactly `text`.
std::string literalTemplateText(const std::string &text);

} // namespace ps::run
