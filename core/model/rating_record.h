#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

// Blind rating as the project holds it: a session over a run's columns, the items raters see,
// and their ratings.
namespace ps::model {

struct RatingSessionRecord
{
    std::string id; // set by the store: short and sortable by creation time
    std::string runId; // the first of runIds
    // Every run rated: one evaluation, or window runs of one prompt (each run one case).
    std::vector<std::string> runIds;
    std::string mode; // "pairwise" or "rubric"
    std::vector<std::string> columns; // the run's columns rated (version x target keys)
    std::string scale; // rubric: "1-5", "pass-fail" or "LABEL,LABEL,..."; pairwise: ""
    std::vector<std::string> criteria; // one question each (at least one)
    std::string guideline; // Markdown: the annotation standard raters read beside each item
    std::string guidelineRef; // "NAME@N": the stored guideline version it is; "" for none
    std::uint64_t seed = 1; // sides and each rater's order of items
    std::string created; // ISO 8601 UTC; set by the store
    int itemCount = 0; // read back by RatingStore::list()
    int ratingCount = 0; // the same
};

// One version of an annotation guideline: the question, what each score means, examples.
struct GuidelineRecord
{
    std::string name;
    int version = 0;
    std::string text; // Markdown
    std::string created; // ISO 8601 UTC; set by the store
    int versions = 0; // RatingStore::guidelines(): how many versions the name has

    std::string ref() const { return name + "@" + std::to_string(version); }
};

struct RatingItemRecord
{
    std::string id; // opaque: says nothing of what it holds
    int index = 0; // in the session's own order
    int caseIndex = 0; // the evaluation's case; for window runs, the run's place in runIds
    std::vector<std::string> columns; // as shown: Response 1 (and Response 2)
    std::vector<std::int64_t> responseIds; // the answers shown, in the same order
};

struct RatingRecord
{
    std::string item;
    std::string rater;
    std::string choice; // pairwise: "1", "2" (the side shown), "tie" or "bad"; rubric: ""
    nlohmann::json scores = nlohmann::json::array(); // rubric: one per criterion, in order
    std::string note;
    std::string rated; // ISO 8601 UTC; set by the store when empty
};

} // namespace ps::model
