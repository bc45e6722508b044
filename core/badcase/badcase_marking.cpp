#include "badcase/badcase_marking.h"

#include "run/eval_columns.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "util/ascii_text.h"

#include <algorithm>
#include <stdexcept>

namespace ps::badcase {

using nlohmann::json;

namespace {

std::vector<std::string> split(const std::string &text, char separator)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + 1)
        parts.push_back(text.substr(start, at - start));
    parts.push_back(text.substr(start));
    return parts;
}

std::optional<int> number(const std::string &text)
{
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoi(text);
}

store::StoreError notFound(const std::string &what)
{
    return store::StoreError(store::StoreError::Kind::NotFound, what);
}

} // namespace

model::BadcaseRecord markAnswer(const store::Project &project, const MarkRequest &request)
{
    const std::vector<std::string> parts = split(request.answer, ':');
    if (parts.size() < 2 || parts.size() > 4 || parts[0].empty())
        throw std::invalid_argument("an answer is RUN_ID:CASE:COLUMN[:REPEAT] (an evaluation's cell) "
                                    "or RUN_ID:TARGET (a run's), not '" + request.answer + "'");
    const store::RunStore runs(project);
    const std::optional<model::RunRecord> run = runs.findRun(parts[0]);
    if (!run)
        throw notFound("there is no run '" + parts[0] + "' (`runs` lists them)");
    const std::vector<store::ResponseRecord> responses = runs.responses(run->id);
    const store::ResponseRecord *answer = nullptr;
    json vars = json::object();
    if (parts.size() == 2) {
        if (run->kind == "eval")
            throw std::invalid_argument("run " + run->id + " is an evaluation: name its cell as "
                + run->id + ":CASE:COLUMN");
        for (const store::ResponseRecord &response : responses)
            if (response.targetId == parts[1]
                && (request.version.empty()
                    || response.version + (response.draft ? " draft" : "") == request.version)) {
                answer = &response;
                break;
            }
        if (!answer)
            throw notFound("run " + run->id + " has no answer from target '" + parts[1] + "'"
                + (request.version.empty() ? "" : " to " + request.version));
    } else {
        if (run->kind != "eval")
            throw std::invalid_argument("run " + run->id + " is not an evaluation: name its answer as "
                + run->id + ":TARGET");
        const std::optional<int> caseIndex = number(parts[1]);
        const std::optional<int> repeat = parts.size() == 4 ? number(parts[3]) : std::optional<int>(0);
        if (!caseIndex || !repeat)
            throw std::invalid_argument("CASE and REPEAT are numbers from 0, as `report --json` gives them, in '"
                + request.answer + "'");
        const run::EvalColumns columns(*run, responses);
        if (!columns.find(parts[2]))
            throw notFound("run " + run->id + " has no column '" + parts[2] + "' (its columns: "
                + util::join(columns.keys()) + ")");
        for (const store::ResponseRecord &response : responses)
            if (response.caseIndex == caseIndex && response.repeatIndex.value_or(0) == *repeat
                && columns.keyOf(response) == parts[2]) {
                answer = &response;
                break;
            }
        if (!answer)
            throw notFound("run " + run->id + " has no answer for case " + parts[1] + " in column " + parts[2]);
        // The values it rendered with: the run's own, under the case's.
        vars = run->options.value("vars", json::object());
        if (!vars.is_object())
            vars = json::object();
        if (run->datasetId) {
            const std::vector<eval::DatasetCase> cases = store::DatasetStore(project).cases(*run->datasetId);
            if (std::size_t(*caseIndex) < cases.size())
                for (const auto &[name, value] : cases[std::size_t(*caseIndex)].vars.items())
                    vars[name] = value;
        }
    }

    model::BadcaseRecord record;
    record.answer = request.answer;
    record.runId = run->id;
    record.responseId = answer->id;
    record.caseIndex = answer->caseIndex;
    if (answer->caseIndex)
        record.datasetId = run->datasetId;
    record.version = answer->version + (answer->draft ? " draft" : "");
    record.prompt = answer->version.substr(0, answer->version.rfind('@'));
    record.target = answer->targetId;
    record.model = answer->model;
    record.request = answer->renderedRequest;
    record.vars = request.vars ? *request.vars : vars;
    record.text = answer->text;
    record.verdict = request.verdict;
    record.tags = request.tags;
    record.note = request.note;
    record.corrected = request.corrected;
    record.by = request.by;
    return store::BadcaseStore(project).add(std::move(record));
}

std::string answerOfResponse(const store::Project &project, const std::vector<std::string> &runIds,
    std::int64_t responseId, std::string *version)
{
    const store::RunStore runs(project);
    for (const std::string &runId : runIds) {
        const std::optional<model::RunRecord> run = runs.findRun(runId);
        if (!run)
            continue;
        const std::vector<store::ResponseRecord> responses = runs.responses(run->id);
        for (const store::ResponseRecord &response : responses) {
            if (response.id != responseId)
                continue;
            if (run->kind != "eval") {
                if (version)
                    *version = response.version + (response.draft ? " draft" : "");
                return run->id + ":" + response.targetId;
            }
            const run::EvalColumns columns(*run, responses);
            const int repeat = response.repeatIndex.value_or(0);
            return run->id + ":" + std::to_string(response.caseIndex.value_or(0)) + ":" + columns.keyOf(response)
                + (repeat > 0 ? ":" + std::to_string(repeat) : "");
        }
    }
    throw notFound("the answer is no longer stored in run " + util::join(runIds));
}

std::map<std::string, int> countByTag(const std::vector<model::BadcaseRecord> &badcases)
{
    std::map<std::string, int> counts;
    for (const model::BadcaseRecord &badcase : badcases)
        if (badcase.verdict == "bad")
            for (const std::string &tag : badcase.tags)
                ++counts[tag];
    return counts;
}

RegressionDataset datasetFromBadcases(
    const store::Project &project, const std::string &name, const store::BadcaseFilter &filter)
{
    const std::vector<model::BadcaseRecord> chosen = store::BadcaseStore(project).list(filter);
    RegressionDataset result;
    std::vector<eval::DatasetCase> cases;
    std::map<std::int64_t, std::vector<eval::DatasetCase>> datasets; // each revision read once
    for (const model::BadcaseRecord &badcase : chosen) {
        if (badcase.verdict != "bad")
            continue;
        if (badcase.vars.empty()) {
            result.skipped.push_back(badcase.id);
            continue;
        }
        eval::DatasetCase made;
        made.vars = badcase.vars;
        // The case as it was evaluated: its assertions, conversation and tags.
        if (badcase.caseIndex && badcase.datasetId) {
            auto found = datasets.find(*badcase.datasetId);
            if (found == datasets.end())
                found = datasets.emplace(*badcase.datasetId, store::DatasetStore(project).cases(*badcase.datasetId)).first;
            if (std::size_t(*badcase.caseIndex) < found->second.size()) {
                const eval::DatasetCase &original = found->second[std::size_t(*badcase.caseIndex)];
                made.assertions = original.assertions;
                made.messages = original.messages;
                made.tags = original.tags;
                made.expected = original.expected;
            }
        }
        if (badcase.corrected) {
            made.expected = *badcase.corrected;
            if (made.assertions.empty())
                made.assertions.push_back({{"type", "equals"}, {"value", *badcase.corrected}});
        }
        for (const std::string &tag : badcase.tags)
            if (std::find(made.tags.begin(), made.tags.end(), tag) == made.tags.end())
                made.tags.push_back(tag);
        made.extra["source"] = {{"badcase", badcase.id}, {"answer", badcase.answer},
            {"version", badcase.version}, {"target", badcase.target}};
        cases.push_back(std::move(made));
    }
    if (cases.empty())
        throw std::invalid_argument(chosen.empty()
                ? "no bad case matches: `badcase list` shows them"
                : "none of the chosen bad cases has variable values to replay (a window run marked "
                  "without them); mark an evaluation's cell instead");
    result.dataset = store::DatasetStore(project).appendCases(name, "bad cases", cases);
    result.cases = int(cases.size());
    return result;
}

} // namespace ps::badcase
