#pragma once

#include <string>
#include <string_view>

// Why an answer ended, in one vocabulary for every provider: OpenAI's "stop" and "length",
// Anthropic's "end_turn" and "max_tokens", Gemini's "STOP" and "MAX_TOKENS", Ollama's "stop"
// and "length" read alike; the provider's own word stays available beside it.
namespace ps::providers {

// "stop", "length", "tool call", "content filter", "stop sequence", "refusal", or the raw word
// lower-cased for one no provider documents yet; "" for "".
std::string commonFinishReason(std::string_view raw);

} // namespace ps::providers
