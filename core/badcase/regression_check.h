#pragma once

#include "run/run_compare.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ps::store {
class Project;
}

// Proving a fix: an evaluation of a regression dataset (made of bad cases) in two columns —
// the version (or target) that failed, and the fix — read case by case: fixed, still bad,
// newly broken or still good, with the paired test, in one sentence; and the bad cases'
// statuses following it.
namespace ps::badcase {

struct CaseOutcome
{
    int caseIndex = 0;
    std::optional<std::int64_t> badcase; // the bad case the dataset case was made from
    std::vector<std::string> tags;
    bool passedBefore = false; // every answer of the case passed in the column
    bool passedAfter = false;
    std::string outcome; // "fixed", "still bad", "newly broken" or "still good"
};

struct RegressionCheck
{
    std::string runId;
    std::string before; // column keys
    std::string after;
    std::string afterVersion; // NAME@N of the after column: what a fixed case is fixed in
    std::vector<CaseOutcome> cases; // answered in both columns, by case
    int fixed = 0;
    int stillBad = 0;
    int newlyBroken = 0;
    int stillGood = 0;
    run::TargetComparison comparison; // before as A, after as B
    std::string sentence;
};

// The run's first two columns unless named. std::invalid_argument when the run is not an
// evaluation with those columns; StoreError NotFound for an unknown run.
RegressionCheck checkRegression(const store::Project &project, const std::string &runId,
    const std::string &before = {}, const std::string &after = {});

// Marks each bad case a fixed case came from fixed in the after column's version, and re-opens
// one whose case is still bad or newly broken; returns how many changed.
int applyOutcomes(const store::Project &project, const RegressionCheck &check);

} // namespace ps::badcase
