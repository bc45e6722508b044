#pragma once

#include "model/rating_record.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ps::store {
class Project;
}

// Blind rating sessions over an evaluation run (or window runs): creating one (its items, sides shuffled from
// a stored seed, answers that give their model away left out), what a rater is shown, and
// taking ratings in. The CLI's `rate` commands and the window drive this one class of calls.
namespace ps::rating {

struct RatingSessionRequest
{
    // One evaluation run, or window runs (each run one case, its targets the columns).
    std::vector<std::string> runIds;
    std::string mode = "pairwise"; // or "rubric"
    std::vector<std::string> columns; // empty: all of the runs''
    std::string scale; // rubric: "1-5" unless given
    std::vector<std::string> criteria; // empty: one, the default question of the mode
    std::string guideline; // Markdown
    // With `guideline`: its text is stored as this guideline's next version. Alone: "NAME" or
    // "NAME@N", a stored version whose text the session shows.
    std::string guidelineName;
    std::uint64_t seed = 1;
};

struct CreatedRatingSession
{
    model::RatingSessionRecord session;
    int items = 0;
    int leftOut = 0; // items left out because an answer names its model or provider
};

// std::invalid_argument with a sentence for a bad request (mode, scale, an unknown column, a
// run that is not an evaluation, nothing to rate); StoreError NotFound for an unknown run.
CreatedRatingSession createRatingSession(
    const store::Project &project, const RatingSessionRequest &request);

// A stored guideline version by "NAME" (its latest) or "NAME@N": std::invalid_argument for
// another form, StoreError NotFound when absent.
model::GuidelineRecord storedGuideline(const store::Project &project, const std::string &ref);

// An item as a rater sees it: the case's variables and the answers as "Response 1", "2" —
// never which model, version, target, latency or cost.
struct BlindItem
{
    std::string id;
    nlohmann::json vars = nlohmann::json::object();
    std::vector<std::string> responses;
};

// The session's items in `rater`'s own order (seeded by the session's seed and the rater's
// name, so each rater sees a different order and the same one every time; "" keeps the
// session's order).
std::vector<BlindItem> blindItems(
    const store::Project &project, const std::string &sessionId, const std::string &rater);

// Checks a rating against the session (a choice of 1, 2, tie or bad in pairwise mode; one
// score per criterion on the scale in rubric mode; a rater's name) and stores it, replacing
// that rater's earlier rating of the item. std::invalid_argument says what is wrong.
void addRating(
    const store::Project &project, const std::string &sessionId, model::RatingRecord rating);

// A ratings file as CLI.md defines it (what the rater page saves): every rating checked
// first, then all stored; returns the session and how many. std::invalid_argument names the
// rating at fault ("ratings[3]: ...").
std::pair<std::string, int> importRatings(const store::Project &project, const nlohmann::json &file);

} // namespace ps::rating
