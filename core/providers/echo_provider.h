#pragma once

#include "providers/chat_types.h"

#include <string_view>
#include <vector>

// The built-in `echo` provider: answers offline with the last user message, so templates and
// assertions can be tried without a key or a network.
namespace ps::providers {

class EchoProvider
{
public:
    // The reply to `request`, deterministic: one TextDelta per word carrying the whitespace that
    // follows it (whitespace before the first word goes with it), so the deltas join to exactly
    // the last user message; then Finish "stop"; then usage counted in words, not tokens:
    // input = words of all messages, output = words of the answer.
    static std::vector<ChatEvent> reply(const ChatRequest &request);

    // Runs of non-whitespace (ASCII space, tab, CR, LF, FF, VT).
    static long long countWords(std::string_view text);
};

} // namespace ps::providers
