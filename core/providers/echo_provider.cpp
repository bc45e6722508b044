#include "providers/echo_provider.h"

#include <string>

namespace ps::providers {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

long long EchoProvider::countWords(std::string_view text)
{
    long long words = 0;
    bool inWord = false;
    for (char c : text) {
        if (isSpace(c)) {
            inWord = false;
        } else if (!inWord) {
            inWord = true;
            ++words;
        }
    }
    return words;
}

std::vector<ChatEvent> EchoProvider::reply(const ChatRequest &request)
{
    std::string_view answer;
    for (auto it = request.messages.rbegin(); it != request.messages.rend(); ++it) {
        if (it->role == "user") {
            answer = it->content;
            break;
        }
    }

    std::vector<ChatEvent> events;
    // Each piece is a word plus the whitespace after it; cut where the next word starts.
    std::size_t start = 0;
    bool seenWord = false;
    for (std::size_t i = 0; i < answer.size(); ++i) {
        const bool wordStarts = !isSpace(answer[i]) && (i == 0 || isSpace(answer[i - 1]));
        if (wordStarts && seenWord) {
            events.emplace_back(TextDelta {std::string(answer.substr(start, i - start))});
            start = i;
        }
        seenWord = seenWord || wordStarts;
    }
    if (start < answer.size())
        events.emplace_back(TextDelta {std::string(answer.substr(start))});

    long long inputWords = 0;
    for (const ChatMessage &message : request.messages)
        inputWords += countWords(message.content);
    events.emplace_back(Finish {"stop"});
    Usage usage;
    usage.inputTokens = inputWords;
    usage.outputTokens = countWords(answer);
    events.emplace_back(UsageUpdate {usage});
    return events;
}

} // namespace ps::providers
