#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string_view>

// JSON from outside (files, a project from elsewhere, a provider) with its nesting capped:
// copying, printing or comparing a document nested 100,000 levels deep overflows the stack, so
// such text is refused before any code walks it.
namespace ps::util {

// Deeper than any prompt, schema, tool or dataset needs; far below what the stack holds.
constexpr int kMaxJsonDepth = 256;

// `what()`: "JSON nested deeper than 256 levels (at byte N)".
class JsonTooDeep : public std::runtime_error
{
public:
    explicit JsonTooDeep(std::size_t offset);
    std::size_t offset() const { return m_offset; }

private:
    std::size_t m_offset;
};

// The byte offset where `text` first nests arrays and objects deeper than `limit` (brackets in
// strings do not count), or npos. Linear, no allocation.
std::size_t jsonDepthExceededAt(std::string_view text, int limit = kMaxJsonDepth);

// nlohmann::json::parse(text) after the depth check: throws JsonTooDeep, or json::parse_error
// as parse does — also for a number too large for a double (byte 0: no position known).
nlohmann::json parseJson(std::string_view text);

// The same, never throwing: a discarded value (is_discarded()) for text that is not JSON or is
// too deep, as parse(text, nullptr, false) gives.
nlohmann::json parseJsonOrDiscarded(std::string_view text, bool ignoreComments = false);

} // namespace ps::util
