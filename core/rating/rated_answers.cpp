#include "rating/rated_answers.h"

#include "providers/request_messages.h"
#include "run/eval_columns.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/store_error.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace ps::rating {

using nlohmann::json;

namespace {

std::vector<model::RunRecord> findRuns(
    const store::Project &project, const std::vector<std::string> &runIds)
{
    if (runIds.empty())
        throw std::invalid_argument("name the run (or window runs) to rate");
    const store::RunStore runs(project);
    std::vector<model::RunRecord> found;
    for (const std::string &id : runIds) {
        std::optional<model::RunRecord> run = runs.findRun(id);
        if (!run)
            throw store::StoreError(store::StoreError::Kind::NotFound,
                "there is no run '" + id + "' in " + project.path().string());
        found.push_back(std::move(*run));
    }
    if (found.front().kind == "eval" && found.size() > 1)
        throw std::invalid_argument("a session rates one evaluation run, or several window runs; "
                                    "not several evaluations");
    if (found.front().kind != "eval")
        for (const model::RunRecord &run : found)
            if (run.kind == "eval")
                throw std::invalid_argument("run " + run.id
                    + " is an evaluation: rate it in a session of its own, not among window runs");
    return found;
}

// The last user turn of a request as sent, in any kind's shape.
std::string lastUserText(const json &request)
{
    const std::vector<providers::ChatMessage> messages = providers::requestMessages(request);
    for (auto message = messages.rbegin(); message != messages.rend(); ++message)
        if (message->role == "user")
            return message->content;
    return {};
}

std::string versionLabel(const store::ResponseRecord &response)
{
    return response.version + (response.draft ? " draft" : "");
}

} // namespace

const store::ResponseRecord *RatedAnswers::answer(int caseIndex, const std::string &column) const
{
    const auto found = m_answerAt.find({caseIndex, column});
    return found == m_answerAt.end() ? nullptr : &responses[found->second];
}

void RatedAnswers::add(int caseIndex, const std::string &column, std::size_t response)
{
    if (!m_answerAt.emplace(std::pair {caseIndex, column}, response).second)
        return; // the first answer of a column counts (a second pane on the same target does not)
    if (std::find(columns.begin(), columns.end(), column) == columns.end())
        columns.push_back(column);
    cases = std::max(cases, caseIndex + 1);
}

RatedAnswers ratedAnswers(const store::Project &project, const std::vector<std::string> &runIds)
{
    const std::vector<model::RunRecord> runs = findRuns(project, runIds);
    const store::RunStore store(project);
    RatedAnswers answers;
    if (runs.front().kind == "eval") {
        answers.responses = store.responses(runs.front().id);
        const run::EvalColumns columns(runs.front(), answers.responses);
        answers.columns = columns.keys(); // every column, answered or not
        for (std::size_t i = 0; i < answers.responses.size(); ++i) {
            const store::ResponseRecord &response = answers.responses[i];
            if (response.caseIndex && !response.error && response.repeatIndex.value_or(0) == 0)
                answers.add(*response.caseIndex, columns.keyOf(response), i);
        }
        return answers;
    }
    answers.windowRuns = true;
    std::vector<int> caseOf;
    for (std::size_t run = 0; run < runs.size(); ++run)
        for (store::ResponseRecord &response : store.responses(runs[run].id)) {
            answers.responses.push_back(std::move(response));
            caseOf.push_back(int(run));
        }
    std::set<std::string> versions;
    for (const store::ResponseRecord &response : answers.responses)
        versions.insert(versionLabel(response));
    for (std::size_t i = 0; i < answers.responses.size(); ++i) {
        const store::ResponseRecord &response = answers.responses[i];
        if (response.error)
            continue;
        answers.add(caseOf[i],
            versions.size() > 1 ? versionLabel(response) + "|" + response.targetId : response.targetId, i);
    }
    answers.cases = int(runs.size());
    return answers;
}

std::vector<json> caseInputs(const store::Project &project, const std::vector<std::string> &runIds)
{
    const std::vector<model::RunRecord> runs = findRuns(project, runIds);
    if (runs.front().kind == "eval") {
        std::vector<json> inputs;
        if (runs.front().datasetId)
            for (eval::DatasetCase &row : store::DatasetStore(project).cases(*runs.front().datasetId))
                inputs.push_back(std::move(row.vars));
        return inputs;
    }
    // A window run keeps what it sent, keys blanked, not its variables: its last user message
    // is what every answer replied to.
    const store::RunStore store(project);
    std::vector<json> inputs;
    for (const model::RunRecord &run : runs) {
        const std::vector<store::ResponseRecord> responses = store.responses(run.id);
        inputs.push_back(responses.empty() ? json::object()
                                           : json {{"prompt", lastUserText(responses.front().renderedRequest)}});
    }
    return inputs;
}

} // namespace ps::rating
