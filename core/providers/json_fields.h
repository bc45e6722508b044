#pragma once

#include "providers/chat_types.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

// Lenient readers of reply and request JSON that every adapter shares: a missing or mistyped
// member reads as empty instead of throwing, because servers differ in what they leave out.
namespace ps::providers::json_fields {

// A number member as a count (a float is truncated); nullopt when absent or not a number.
std::optional<long long> countAt(const nlohmann::json &object, const char *key);

// A string member; empty when absent or not a string.
std::string stringAt(const nlohmann::json &object, const char *key);

// Any member; a null value when absent or when `object` is not an object.
const nlohmann::json &memberAt(const nlohmann::json &object, const char *key);

// An object member; nullptr when absent or not an object.
const nlohmann::json *objectAt(const nlohmann::json &object, const char *key);

// A tool or call in OpenAI's shape {"function": {...}} as its function object; any other
// shape (our own {"name", ...}) is returned as it is.
const nlohmann::json &functionOf(const nlohmann::json &item);

// Tool-call arguments (JSON text or an object) as an object; anything else becomes {}.
nlohmann::json argumentsObject(const nlohmann::json &arguments);

// Per-token log-probabilities in the shape OpenAI-compatible servers and Ollama share:
// [{"token","logprob","top_logprobs":[{"token","logprob"}]}]; entries without a numeric
// logprob are skipped, anything but an array reads as none.
std::vector<TokenLogprob> tokenLogprobs(const nlohmann::json &tokens);

// `body` from its first non-whitespace byte, so a JSON reply is known by its first character.
std::string_view withoutLeadingSpace(std::string_view body);

} // namespace ps::providers::json_fields
