#include "rating/rater_page.h"

#include "rating/rating_sessions.h"
#include "store/rating_store.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace ps::rating {

using nlohmann::json;

namespace {

// JSON inside <script>: every '<', '>' and '&' (only ever inside strings) as a \u escape, so
// an answer holding "</script>" cannot end the script; ASCII only, so U+2028 is escaped too.
std::string scriptSafe(const json &value)
{
    const std::string text = value.dump(-1, ' ', true);
    std::string safe;
    safe.reserve(text.size());
    for (const char c : text) {
        if (c == '<')
            safe += "\\u003c";
        else if (c == '>')
            safe += "\\u003e";
        else if (c == '&')
            safe += "\\u0026";
        else
            safe += c;
    }
    return safe;
}

} // namespace

std::string raterPage(
    const store::Project &project, const std::string &sessionId, const std::string &rater)
{
    if (rater.empty())
        throw std::invalid_argument("a rater package is for one rater: give their name");
    const model::RatingSessionRecord session = store::RatingStore(project).session(sessionId);
    json items = json::array();
    for (const BlindItem &item : blindItems(project, sessionId, rater))
        items.push_back({{"item", item.id}, {"vars", item.vars}, {"responses", item.responses}});
    // Only what a rater needs: no run, column, target, model, version or path.
    const json data = {{"session", session.id}, {"rater", rater}, {"mode", session.mode},
        {"criteria", session.criteria}, {"scale", session.scale}, {"guideline", session.guideline},
        {"items", items}};
    const std::string_view page = *ratingResource("rater_page.html");
    constexpr std::string_view placeholder = "/*PS_DATA*/";
    const std::size_t at = page.find(placeholder);
    return std::string(page.substr(0, at)) + scriptSafe(data)
        + std::string(page.substr(at + placeholder.size()));
}

} // namespace ps::rating
