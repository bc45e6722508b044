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
        [](const ChatMessage &m) { return m.role == "user"; });
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

} // namespace ps::fakeprovider
