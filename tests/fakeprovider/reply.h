#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The deterministic answer of the fake provider, independent of any wire format.
namespace ps::fakeprovider {

struct ChatMessage
{
    std::string role;
    std::string text; // all text parts joined with a space
};

struct ChatCall
{
    std::string model;
    std::vector<ChatMessage> messages;
    std::optional<long long> maxTokens;
    bool stream = false;
    bool includeUsage = false;
};

struct Reply
{
    std::vector<std::string> tokens; // "Echo", " from", " m:", " first", " words", ...
    std::string finishReason; // "stop", or "length" when maxTokens cut it short
    int promptTokens = 0; // whitespace-separated words in all input messages
    int completionTokens = 0; // words in the reply (one per token)

    std::string text() const;
};

// The number of the words that the reply echoes from the last user message.
inline constexpr std::size_t kEchoedWords = 8;

// "Echo from <model>: " followed by the first words of the last user message, one token a word.
Reply composeReply(const ChatCall &call);

int countWords(std::string_view text);

} // namespace ps::fakeprovider
