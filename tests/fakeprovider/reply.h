#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
    bool logprobs = false; // the request asked for token log-probabilities
    int topLogprobs = 0; // and this many alternatives per token
    std::vector<std::string> tools; // the names of the tools the request offers
};

// A tool the fake model calls instead of answering.
struct ToolCallReply
{
    std::string id; // "call_fake_1", ... in the order of the request's tools
    std::string name;
    std::string arguments; // JSON text: {"query": "<the echoed words>"}
};

struct Reply
{
    std::vector<std::string> tokens; // "Echo", " from", " m:", " first", " words", ...
    std::string finishReason; // "stop", or "length" when maxTokens cut it short
    int promptTokens = 0; // whitespace-separated words in all input messages
    int completionTokens = 0; // words in the reply (one per token)
    // Offered tools and asked by a user message, the model calls each of them (in parallel) and
    // says nothing; finishReason is then "tool_calls". Given the tools' results (the last
    // message a tool result), it echoes the result.
    std::vector<ToolCallReply> toolCalls;

    std::string text() const;
};

// The number of the words that the reply echoes from the last user message.
inline constexpr std::size_t kEchoedWords = 8;

// "Echo from <model>: " followed by the first words of the last user message (or tool result),
// one token a word; or, offered tools after a user message, a call to each tool.
Reply composeReply(const ChatCall &call);

int countWords(std::string_view text);

// The log-probability reported for one token, with its alternatives (best first).
struct TokenProbability
{
    std::string token;
    double logprob = 0.0;
    std::vector<std::pair<std::string, double>> top;
};

// The fixed log-probability of token `index`: about -0.05 (a confident answer), or about -3
// when the model name contains "unsure"; a little lower for longer words, so tokens differ. The
// alternatives are the token itself, then "<token>~1", "<token>~2", ... each 1 lower, as many
// as call.topLogprobs asks.
TokenProbability tokenProbability(const ChatCall &call, const Reply &reply, std::size_t index);

} // namespace ps::fakeprovider
