#pragma once

#include "model/rating_record.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ps::store {
class Project;
}

// Examples of each score from a session's real answers — items every rater of it scored the
// same — for the annotation guideline ("what a 5 looks like"), and the guideline's next text
// with them.
namespace ps::rating {

struct ScoreExample
{
    // rubric: the score as given ("5", "pass", a label); pairwise: "better", "tie" or "both bad"
    std::string label;
    int criterion = 0; // rubric: which criterion
    std::string item;
    nlohmann::json vars = nlohmann::json::object(); // what the case asked
    std::vector<std::string> responses; // as shown, Response 1 (and 2)
    int preferred = 0; // pairwise "better": the response chosen, 1 or 2
    int raters = 0; // every rater of the item gave this
    std::vector<std::string> notes; // the raters' notes on it
};

// One example per score (per criterion) and per pairwise choice that some item has with every
// rater agreeing; the item most raters agreed on wins, then the first in the session's order.
// In the scale's order of scores.
std::vector<ScoreExample> scoreExamples(const store::Project &project,
    const model::RatingSessionRecord &session, const std::vector<model::RatingItemRecord> &items,
    const std::vector<model::RatingRecord> &ratings);

// `guideline` with an "Examples from rated answers" section holding `examples`, replacing one an
// earlier call added; answers longer than a screen are cut with a note.
std::string guidelineWithExamples(const std::string &guideline, const model::RatingSessionRecord &session,
    const std::vector<ScoreExample> &examples);

struct StoredExamples
{
    model::GuidelineRecord guideline; // the version stored
    int examples = 0;
};

// The session's guideline stored as the next version of `name` (default: the session's own
// guideline, or "session-ID" when it has none) with the session's examples: what `rate
// guideline examples` and the window's report do.
StoredExamples storeGuidelineExamples(
    const store::Project &project, const std::string &sessionId, std::string name = {});

} // namespace ps::rating
