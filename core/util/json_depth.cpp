#include "util/json_depth.h"

#include <simdjson.h>

#include <cmath>
#include <optional>
#include <string>

namespace ps::util {

namespace {

// Past this a document is parsed by nlohmann alone: the reused parser below keeps buffers about
// ten times the largest document it read, on each thread that parses. Streamed chunks, replies
// and stored cells are far smaller; a request holding an image is not.
constexpr std::size_t kFastParseLimit = 64 * 1024;

// The element as nlohmann::json; false for the one thing the two parsers read apart: "-0",
// an integer to nlohmann and a double to simdjson inside a document (left to nlohmann).
bool fromElement(simdjson::dom::element element, nlohmann::json &out)
{
    switch (element.type()) {
    case simdjson::dom::element_type::ARRAY: {
        out = nlohmann::json::array();
        const simdjson::dom::array items = element.get_array().value_unsafe();
        for (const simdjson::dom::element item : items)
            if (!fromElement(item, out.emplace_back()))
                return false;
        return true;
    }
    case simdjson::dom::element_type::OBJECT: {
        out = nlohmann::json::object();
        // Assigned in order: a repeated key keeps its last value, as nlohmann's parser does.
        const simdjson::dom::object members = element.get_object().value_unsafe();
        for (const simdjson::dom::key_value_pair member : members)
            if (!fromElement(member.value, out[std::string(member.key)]))
                return false;
        return true;
    }
    case simdjson::dom::element_type::INT64: {
        // nlohmann keeps a non-negative integer unsigned; so does this, for the same dumps.
        const std::int64_t value = element.get_int64().value_unsafe();
        out = value >= 0 ? nlohmann::json(static_cast<std::uint64_t>(value)) : nlohmann::json(value);
        return true;
    }
    case simdjson::dom::element_type::UINT64:
        out = element.get_uint64().value_unsafe();
        return true;
    case simdjson::dom::element_type::DOUBLE: {
        const double value = element.get_double().value_unsafe();
        out = value;
        return !(value == 0.0 && std::signbit(value));
    }
    case simdjson::dom::element_type::STRING:
        out = std::string(element.get_string().value_unsafe());
        return true;
    case simdjson::dom::element_type::BOOL:
        out = element.get_bool().value_unsafe();
        return true;
    case simdjson::dom::element_type::NULL_VALUE:
        out = nullptr;
        return true;
    }
    return false;
}

// The document simdjson reads (several times faster than nlohmann's lexer: a streamed answer is
// a small JSON document per token), built as nlohmann::json; nullopt for anything it does not
// take, which nlohmann then parses or refuses exactly as before: its rules stay the rules.
std::optional<nlohmann::json> parsedFast(std::string_view text)
{
    if (text.size() > kFastParseLimit)
        return std::nullopt;
    thread_local simdjson::dom::parser parser; // reused: no allocation once warm
    simdjson::dom::element root;
    if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS)
        return std::nullopt;
    // A bare value is rare and cheap; simdjson reads a bare "-0" as the integer 0 (nlohmann as
    // a negative integer): left to nlohmann.
    if (!root.is_array() && !root.is_object())
        return std::nullopt;
    nlohmann::json parsed;
    if (!fromElement(root, parsed))
        return std::nullopt;
    return parsed;
}

} // namespace

JsonTooDeep::JsonTooDeep(std::size_t offset)
    : std::runtime_error("JSON nested deeper than " + std::to_string(kMaxJsonDepth)
        + " levels (at byte " + std::to_string(offset) + ")")
    , m_offset(offset)
{ }

std::size_t jsonDepthExceededAt(std::string_view text, int limit)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::string_view::npos;
}

nlohmann::json parseJson(std::string_view text)
{
    if (const std::size_t at = jsonDepthExceededAt(text); at != std::string_view::npos)
        throw JsonTooDeep(at);
    if (std::optional<nlohmann::json> parsed = parsedFast(text))
        return std::move(*parsed);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::out_of_range &error) {
        // A number no double holds (7E777) is malformed input like any other, but nlohmann
        // reports it apart, past every caller's parse_error handler (found by fuzzing).
        std::string reason = error.what();
        if (const auto end = reason.find("] "); end != std::string::npos)
            reason.erase(0, end + 2);
        throw nlohmann::json::parse_error::create(101, 0, reason, nullptr);
    }
}

nlohmann::json parseJsonOrDiscarded(std::string_view text, bool ignoreComments)
{
    if (jsonDepthExceededAt(text) != std::string_view::npos)
        return nlohmann::json(nlohmann::json::value_t::discarded);
    if (!ignoreComments)
        if (std::optional<nlohmann::json> parsed = parsedFast(text))
            return std::move(*parsed);
    return nlohmann::json::parse(text, nullptr, false, ignoreComments);
}

} // namespace ps::util
