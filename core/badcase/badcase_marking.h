#pragma once

#include "model/badcase_record.h"
#include "model/dataset_record.h"
#include "store/badcase_store.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ps::store {
class Project;
}

// Marking answers bad (or good) and turning bad cases into a regression dataset: the use case
// the CLI's `badcase` and `dataset from-badcases` and the window's marks drive.
namespace ps::badcase {

struct MarkRequest
{
    // RUN_ID:CASE:COLUMN[:REPEAT] for an evaluation cell, RUN_ID:TARGET for a run's answer.
    std::string answer;
    std::string verdict = "bad";
    std::vector<std::string> tags;
    std::string note;
    std::optional<std::string> corrected;
    std::string by;
    // The values a window run rendered with (a stored run keeps its request, not its values).
    std::optional<nlohmann::json> vars;
    // RUN_ID:TARGET only: the version ("NAME@N", or "NAME@N draft") of the answer, when the
    // run sent several versions to the target (panes comparing versions); "" for the first.
    std::string version;
};

// Resolves the answer and stores the mark with a copy of what reproduces it. Throws
// std::invalid_argument saying what a reference is, StoreError NotFound for an unknown run,
// case, column or target, and StoreError BadInput for a tag the taxonomy lacks.
model::BadcaseRecord markAnswer(const store::Project &project, const MarkRequest &request);

// How stored response `responseId` (of one of `runIds`) is referred to: RUN_ID:CASE:COLUMN[:REPEAT]
// in an evaluation, RUN_ID:TARGET in a run (its version in `version`, for a run that sent
// several to the target). StoreError NotFound when none of the runs holds it.
std::string answerOfResponse(const store::Project &project, const std::vector<std::string> &runIds,
    std::int64_t responseId, std::string *version);

// How many marked bad answers carry each tag.
std::map<std::string, int> countByTag(const std::vector<model::BadcaseRecord> &badcases);

struct RegressionDataset
{
    model::DatasetRecord dataset;
    int cases = 0;
    std::vector<std::int64_t> skipped; // bad cases without variable values to replay
};

// The chosen bad cases as the next revision of dataset `name`: each case's variables intact,
// the corrected answer as `expected` (with an equals assertion) else the case's own
// assertions, its tags kept, and where it came from under "source". std::invalid_argument when
// none is chosen or none can be replayed.
RegressionDataset datasetFromBadcases(
    const store::Project &project, const std::string &name, const store::BadcaseFilter &filter);

} // namespace ps::badcase
