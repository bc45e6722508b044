#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ps::store {
class Project;
}

// The rater package: one self-contained HTML page (no server, no install, works offline) with
// a session's items in one rater's order, the guideline and the rater's name — and nothing
// that identifies a model, version, target, key or the project. The rater rates by keyboard;
// the page saves a ratings file that `rate import` reads.
namespace ps::rating {

std::string raterPage(
    const store::Project &project, const std::string &sessionId, const std::string &rater);

// The bytes of resources/rating/<path> (the page's template), compiled into core.
std::optional<std::string_view> ratingResource(std::string_view path);

} // namespace ps::rating
