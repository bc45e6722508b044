#include "run/answers_dataset.h"

#include "run/eval_columns.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/run_store.h"
#include "store/store_error.h"

#include <map>

namespace ps::run {

AnswersDataset answersDataset(
    const store::Project &project, const std::string &runId, const std::string &column)
{
    const store::RunStore runs(project);
    const std::optional<model::RunRecord> run = runs.findRun(runId);
    if (!run)
        throw store::StoreError(store::StoreError::Kind::NotFound, "there is no run '" + runId + "'");
    if (run->kind != "eval" || !run->datasetId)
        throw store::StoreError(store::StoreError::Kind::BadInput,
            "run " + runId + " is not an evaluation: it has no cases to take");
    const std::vector<store::ResponseRecord> responses = runs.responses(runId);
    const EvalColumns columns(*run, responses);
    if (!columns.find(column))
        throw store::StoreError(store::StoreError::Kind::BadInput,
            "run " + runId + " has no column '" + column + "'");
    std::map<int, const store::ResponseRecord *> answers; // by case: the first repeat answered
    for (const store::ResponseRecord &response : responses) {
        if (!response.caseIndex || response.error || columns.keyOf(response) != column)
            continue;
        const auto found = answers.find(*response.caseIndex);
        if (found == answers.end()
            || response.repeatIndex.value_or(0) < found->second->repeatIndex.value_or(0))
            answers[*response.caseIndex] = &response;
    }
    AnswersDataset made;
    const std::vector<eval::DatasetCase> cases = store::DatasetStore(project).cases(*run->datasetId);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto answer = answers.find(int(i));
        if (answer == answers.end()) {
            ++made.skipped;
            continue;
        }
        eval::DatasetCase item;
        item.vars = cases[i].vars;
        item.messages = cases[i].messages;
        item.tags = cases[i].tags;
        item.expected = answer->second->text;
        item.extra["source"] = "run " + runId + ", case " + std::to_string(i) + ", " + column;
        made.cases.push_back(std::move(item));
    }
    return made;
}

} // namespace ps::run
