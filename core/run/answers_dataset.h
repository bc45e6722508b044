#pragma once

#include "eval/dataset.h"

#include <string>
#include <vector>

namespace ps::store {
class Project;
}

// "New dataset from these answers": an evaluation run's cases with one column's answers as
// their expected output — reference answers from the model a team trusts, to score others by.
namespace ps::run {

struct AnswersDataset
{
    std::vector<eval::DatasetCase> cases;
    int skipped = 0; // cases that column did not answer (an error, or not yet)
};

// The run's dataset cases (their variables, prior messages and tags) with `column`'s first
// answer to each as `expected`, no assertions, and where it came from in "source". NotFound for
// an unknown run, BadInput for one that is not an evaluation or has no such column.
AnswersDataset answersDataset(
    const store::Project &project, const std::string &runId, const std::string &column);

} // namespace ps::run
