#include "providers/finish_reason.h"

#include "util/ascii_text.h"

#include <array>
#include <utility>

namespace ps::providers {

std::string commonFinishReason(std::string_view raw)
{
    const std::string word = util::asciiLower(raw);
    // OpenAI (finish_reason), Anthropic (stop_reason), Gemini (finishReason), Ollama (done_reason).
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 13> words = {{
        {"stop", "stop"},
        {"end_turn", "stop"},
        {"length", "length"},
        {"max_tokens", "length"},
        {"model_context_window_exceeded", "length"},
        {"tool_calls", "tool call"},
        {"function_call", "tool call"},
        {"tool_use", "tool call"},
        {"content_filter", "content filter"},
        {"safety", "content filter"},
        {"prohibited_content", "content filter"},
        {"stop_sequence", "stop sequence"},
        {"refusal", "refusal"},
    }};
    for (const auto &[from, to] : words)
        if (word == from)
            return std::string(to);
    return word;
}

} // namespace ps::providers
