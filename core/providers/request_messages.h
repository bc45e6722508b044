#pragma once

#include "providers/chat_types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// The conversation a stored request sent, read back from any kind's body as plain chat messages:
// what fine-tuning data and rating items are built from.
namespace ps::providers {

// The text of a message's content: a string, or its text parts joined by newlines.
std::string contentText(const nlohmann::json &content);

// The messages of `request` (a body as sent: OpenAI's or Ollama's `messages`, Anthropic's
// `system` and `messages`, Gemini's `systemInstruction` and `contents`), in order, the system
// message first. A developer message reads as system; Gemini's "model" as assistant; tool calls
// and their results keep their ids. Empty for a body of no known shape.
std::vector<ChatMessage> requestMessages(const nlohmann::json &request);

} // namespace ps::providers
