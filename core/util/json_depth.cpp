#include "util/json_depth.h"

#include <string>

namespace ps::util {

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
    return nlohmann::json::parse(text, nullptr, false, ignoreComments);
}

} // namespace ps::util
