#include "badcase/regression_check.h"

#include "run/eval_columns.h"
#include "run/eval_report.h"
#include "store/badcase_store.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "util/ascii_text.h"
#include "util/number_text.h"

#include <map>
#include <stdexcept>

namespace ps::badcase {

using nlohmann::json;

namespace {

std::string plural(int n, const std::string &one, const std::string &many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

RegressionCheck checkRegression(const store::Project &project, const std::string &runId,
    const std::string &before, const std::string &after)
{
    const store::RunStore runs(project);
    const std::optional<model::RunRecord> run = runs.findRun(runId);
    if (!run)
        throw store::StoreError(store::StoreError::Kind::NotFound, "there is no run '" + runId + "' (`runs` lists them)");
    if (run->kind != "eval")
        throw std::invalid_argument("run " + runId + " is not an evaluation: evaluate the regression dataset "
                                    "with the version that failed and the fix (`eval OLD NEW --dataset NAME`)");
    const std::vector<store::ResponseRecord> responses
        = runs.responses(runId, store::ResponseParts::WithoutRequests);
    const run::EvalColumns columns(*run, responses);
    const std::vector<std::string> keys = columns.keys();
    RegressionCheck check;
    check.runId = runId;
    check.before = !before.empty() ? before : keys.size() >= 2 ? keys[0] : std::string();
    check.after = !after.empty() ? after : keys.size() >= 2 ? keys[1] : std::string();
    for (const std::string &column : {check.before, check.after})
        if (column.empty() || !columns.find(column))
            throw std::invalid_argument("run " + runId + " needs two columns to compare, the one that failed and the fix"
                + (column.empty() ? std::string() : "; it has no column '" + column + "'") + " (its columns: "
                + util::join(keys) + ")");
    if (check.before == check.after)
        throw std::invalid_argument("compare two different columns");
    check.afterVersion = columns.find(check.after)->version;

    // A case passes in a column when every answer it has there passed.
    std::map<int, std::pair<std::optional<bool>, std::optional<bool>>> passes;
    for (const store::ResponseRecord &response : responses) {
        if (!response.caseIndex)
            continue;
        const std::string key = columns.keyOf(response);
        const bool pass = response.pass.value_or(false) && !response.error;
        auto &[beforePass, afterPass] = passes[*response.caseIndex];
        if (key == check.before)
            beforePass = beforePass.value_or(true) && pass;
        else if (key == check.after)
            afterPass = afterPass.value_or(true) && pass;
    }
    std::vector<eval::DatasetCase> cases;
    if (run->datasetId)
        cases = store::DatasetStore(project).cases(*run->datasetId);
    for (const auto &[caseIndex, pair] : passes) {
        if (!pair.first || !pair.second)
            continue;
        CaseOutcome outcome;
        outcome.caseIndex = caseIndex;
        outcome.passedBefore = *pair.first;
        outcome.passedAfter = *pair.second;
        if (std::size_t(caseIndex) < cases.size()) {
            const eval::DatasetCase &datasetCase = cases[std::size_t(caseIndex)];
            outcome.tags = datasetCase.tags;
            const json &source = datasetCase.extra.contains("source") ? datasetCase.extra["source"] : json();
            if (source.is_object() && source.contains("badcase") && source["badcase"].is_number_integer())
                outcome.badcase = source["badcase"].get<std::int64_t>();
        }
        outcome.outcome = !outcome.passedBefore ? (outcome.passedAfter ? "fixed" : "still bad")
                                                : (outcome.passedAfter ? "still good" : "newly broken");
        (!outcome.passedBefore ? (outcome.passedAfter ? check.fixed : check.stillBad)
                               : (outcome.passedAfter ? check.stillGood : check.newlyBroken))++;
        check.cases.push_back(std::move(outcome));
    }
    const std::vector<run::TargetComparison> compared = run::compareColumns(*run, responses,
        {{check.before, check.after}}, {}, run::reportInputs(project, *run).labels);
    if (!compared.empty())
        check.comparison = compared.front();
    const int bad = check.fixed + check.stillBad;
    check.sentence = check.after + " repairs " + std::to_string(check.fixed) + " of "
        + plural(bad, "bad case", "bad cases") + " that " + check.before + " failed";
    if (check.newlyBroken > 0)
        check.sentence += "; " + plural(check.newlyBroken, "case that passed before now fails",
                                     "cases that passed before now fail");
    else
        check.sentence += "; no case that passed before fails now";
    check.sentence += " (McNemar p = " + util::fixed(check.comparison.pValue, 3)
        + (check.comparison.significant ? ", significant)." : ", not significant).");
    return check;
}

int applyOutcomes(const store::Project &project, const RegressionCheck &check)
{
    store::BadcaseStore store(project);
    int changed = 0;
    for (const CaseOutcome &outcome : check.cases) {
        if (!outcome.badcase)
            continue;
        model::BadcaseRecord badcase;
        try {
            badcase = store.find(*outcome.badcase);
        } catch (const store::StoreError &) {
            continue; // a case made by hand with a source that is not ours
        }
        if (outcome.passedAfter && badcase.status != "fixed") {
            store.setStatus(badcase.id, "fixed", check.afterVersion);
            ++changed;
        } else if (!outcome.passedAfter && badcase.status == "fixed") {
            store.setStatus(badcase.id, "open");
            ++changed;
        }
    }
    return changed;
}

} // namespace ps::badcase
