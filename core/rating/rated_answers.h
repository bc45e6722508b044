#pragma once

#include "store/run_store.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ps::store {
class Project;
}

// What a rating session can rate, by case and column: an evaluation run's cells (first
// repeat, answered without an error), or the answers of window runs (`run` and the panes),
// each run one case and each target — or version and target, when the runs sent several
// versions — one column.
namespace ps::rating {

struct RatedAnswers
{
    bool windowRuns = false; // the runs are plain runs, not one evaluation
    std::vector<std::string> columns; // every column, in order
    std::vector<store::ResponseRecord> responses; // of every run
    int cases = 0;

    // The answer of `column` to case `caseIndex`, or null.
    const store::ResponseRecord *answer(int caseIndex, const std::string &column) const;
    void add(int caseIndex, const std::string &column, std::size_t response);

private:
    std::map<std::pair<int, std::string>, std::size_t> m_answerAt;
};

// StoreError NotFound for an unknown run; std::invalid_argument when the runs cannot make one
// session (several evaluations, an evaluation among window runs, none).
RatedAnswers ratedAnswers(const store::Project &project, const std::vector<std::string> &runIds);

// What each case asked, by case index: the dataset's variables of an evaluation; a window
// run's last user message as "prompt".
std::vector<nlohmann::json> caseInputs(
    const store::Project &project, const std::vector<std::string> &runIds);

} // namespace ps::rating
