#pragma once

#include <nlohmann/json.hpp>

#include <string>

// Text and JSON as the store writes them: what a provider sent is repaired, never refused.
namespace ps::store {

// JSON text the store can read back: invalid UTF-8 is replaced rather than refused, since a
// provider's bytes must never lose the response that carried them.
std::string jsonText(const nlohmann::json &value);

// Kept as is when valid UTF-8 without NUL; a reply cut inside a multi-byte character is
// repaired instead.
std::string safeText(const std::string &text);

} // namespace ps::store
