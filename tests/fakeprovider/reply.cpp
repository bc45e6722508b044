#include "reply.h"

#include <algorithm>
#include <sstream>

namespace ps::fakeprovider {

namespace {

std::vector<std::string> splitWords(std::string_view text)
{
    std::vector<std::string> words;
    std::istringstream stream {std::string(text)};
    for (std::string word; stream >> word;)
        words.push_back(word);
    return words;
}

} // namespace

std::string Reply::text() const
{
    std::string out;
    for (const std::string &token : tokens)
        out += token;
    return out;
}

int countWords(std::string_view text)
{
    return static_cast<int>(splitWords(text).size());
}

Reply composeReply(const ChatCall &call)
{
    Reply reply;
    for (const ChatMessage &message : call.messages)
        reply.promptTokens += countWords(message.text);

    std::vector<std::string> words = splitWords("Echo from " + call.model + ":");
    const auto lastUser = std::find_if(call.messages.rbegin(), call.messages.rend(),
        [](const ChatMessage &m) { return m.role == "user" || m.role == "tool"; });
    if (!call.tools.empty() && lastUser != call.messages.rend() && lastUser->role == "user") {
        std::vector<std::string> echoed = splitWords(lastUser->text);
        echoed.resize(std::min(echoed.size(), kEchoedWords));
        std::string query;
        for (const std::string &word : echoed)
            query += (query.empty() ? "" : " ") + word;
        std::string quoted = "\"";
        for (const char c : query)
            quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        quoted += "\"";
        for (std::size_t i = 0; i < call.tools.size(); ++i)
            reply.toolCalls.push_back({"call_fake_" + std::to_string(i + 1), call.tools[i],
                "{\"query\": " + quoted + "}"});
        reply.finishReason = "tool_calls";
        reply.completionTokens = static_cast<int>(call.tools.size() * (echoed.size() + 1));
        return reply;
    }
    if (lastUser != call.messages.rend()) {
        const std::vector<std::string> echoed = splitWords(lastUser->text);
        words.insert(words.end(), echoed.begin(),
            echoed.begin() + static_cast<long>(std::min(echoed.size(), kEchoedWords)));
    }

    reply.finishReason = "stop";
    if (call.maxTokens && *call.maxTokens < static_cast<long long>(words.size())) {
        words.resize(static_cast<std::size_t>(std::max(0LL, *call.maxTokens)));
        reply.finishReason = "length";
    }
    for (std::size_t i = 0; i < words.size(); ++i)
        reply.tokens.push_back(i == 0 ? words[i] : " " + words[i]);
    reply.completionTokens = static_cast<int>(words.size());
    return reply;
}

TokenProbability tokenProbability(const ChatCall &call, const Reply &reply, std::size_t index)
{
    TokenProbability out;
    out.token = index < reply.tokens.size() ? reply.tokens[index] : std::string();
    const double base = call.model.find("unsure") != std::string::npos ? -3.0 : -0.05;
    out.logprob = base - 0.01 * static_cast<double>(out.token.size() % 5);
    for (int k = 0; k < call.topLogprobs; ++k)
        out.top.emplace_back(k == 0 ? out.token : out.token + "~" + std::to_string(k),
            out.logprob - static_cast<double>(k));
    return out;
}

} // namespace ps::fakeprovider
