#include "run/eval_report.h"

#include "eval/bleu.h"
#include "eval/chrf.h"
#include "rating/rating_report.h"
#include "run/eval_columns.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "util/ascii_text.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace ps::run {

using nlohmann::json;

namespace {

// A groundedness result that failed is a claim the judge found unsupported; a negated one
// asks the opposite question and says nothing about hallucination.
std::optional<bool> groundedness(const json &assertions)
{
    std::optional<bool> grounded;
    if (!assertions.is_array())
        return grounded;
    for (const json &result : assertions) {
        if (!result.is_object() || result.value("type", std::string()) != "groundedness")
            continue;
        const bool pass = result.value("pass", false);
        grounded = grounded.value_or(true) && pass;
    }
    return grounded;
}

eval::CellOutcome outcomeOf(const store::ResponseRecord &response)
{
    eval::CellOutcome cell;
    cell.error = response.error.has_value();
    cell.pass = response.pass.value_or(false);
    cell.score = response.score.value_or(cell.pass ? 1.0 : 0.0);
    // A batch answer waited in the provider's queue: that is no latency to report.
    if (response.batchId.empty())
        cell.latencyMs = response.totalMs;
    cell.ttftMs = response.ttftMs;
    cell.inputTokens = response.inputTokens.value_or(0);
    cell.outputTokens = response.outputTokens.value_or(0);
    cell.costUsd = response.costUsd;
    cell.cached = response.cached;
    if (!cell.error)
        cell.grounded = groundedness(response.assertions);
    return cell;
}

json optionalJson(const std::optional<double> &value)
{
    return value ? json(*value) : json(nullptr);
}

json intervalJson(const std::optional<eval::Interval> &interval)
{
    return interval ? json::array({interval->low, interval->high}) : json(nullptr);
}

// CLI.md's "classification" object of a summary column.
json classificationJson(const eval::ClassificationMetrics &metrics)
{
    json perClass = json::object();
    for (const auto &[label, of] : metrics.perClass)
        perClass[label] = {{"precision", of.precision}, {"recall", of.recall}, {"f1", of.f1},
            {"support", of.support}};
    json confusion = json::object();
    for (const auto &[expected, row] : metrics.confusion)
        confusion[expected] = row;
    return {{"labels", metrics.labels}, {"n", metrics.n}, {"accuracy", metrics.accuracy},
        {"accuracy_ci95", {metrics.accuracyCi95.low, metrics.accuracyCi95.high}},
        {"macro_f1", metrics.macroF1}, {"macro_f1_ci95", intervalJson(metrics.macroF1Ci95)},
        {"weighted_f1", metrics.weightedF1},
        {"weighted_f1_ci95", intervalJson(metrics.weightedF1Ci95)},
        {"per_class", std::move(perClass)}, {"confusion", std::move(confusion)},
        {"normalisation", eval::kLabelNormalisation}};
}

// CLI.md's assertion results: type, pass, score, and the reason a failure gave.
json assertionsJson(const json &stored)
{
    json list = json::array();
    if (!stored.is_array())
        return list;
    for (const json &result : stored) {
        if (!result.is_object())
            continue;
        json item = {{"type", result.value("type", std::string())},
            {"pass", result.value("pass", false)}, {"score", result.value("score", 0.0)}};
        const auto reason = result.find("reason");
        if (reason != result.end() && reason->is_string() && !reason->get<std::string>().empty())
            item["reason"] = *reason;
        list.push_back(std::move(item));
    }
    return list;
}

json cellJson(const store::ResponseRecord &response, const EvalColumns &columns)
{
    json error = nullptr;
    if (response.error) {
        error = {{"category", response.error->category}, {"message", response.error->message},
            {"status", response.error->status ? json(*response.error->status) : json(nullptr)}};
    }
    json cell = {{"case", *response.caseIndex}, {"target", response.targetId},
        {"column", columns.keyOf(response)}, {"repeat", response.repeatIndex.value_or(0)}, {"text", response.text},
        {"pass", !response.error && response.pass.value_or(false)},
        {"score", response.error ? 0.0 : response.score.value_or(0.0)},
        {"assertions", assertionsJson(response.assertions)},
        {"ttft_ms", optionalJson(response.ttftMs)},
        {"total_ms", response.batchId.empty() ? json(response.totalMs) : json(nullptr)},
        {"cost_usd", optionalJson(response.costUsd)}, {"cached", response.cached},
        {"error", std::move(error)}};
    if (!response.batchId.empty())
        cell["batch_id"] = response.batchId;
    if (columns.byVersion())
        cell["version"] = response.version;
    return cell;
}

int repeatCount(
    const model::RunRecord &run, const std::vector<const store::ResponseRecord *> &cells)
{
    const auto option = run.options.find("repeat");
    if (option != run.options.end() && option->is_number_integer() && option->get<int>() >= 1)
        return option->get<int>();
    int highest = 0;
    for (const store::ResponseRecord *cell : cells)
        highest = std::max(highest, cell->repeatIndex.value_or(0));
    return highest + 1;
}

// One target's cells grouped by case: the repeats' verdicts and texts.
struct CaseRepeats
{
    eval::CaseTrials trials;
    std::set<std::string> texts; // of the repeats that answered
    int answered = 0;
};

void addRepeatFigures(EvalReport &report, const std::string &target,
    const std::vector<const store::ResponseRecord *> &cells)
{
    std::map<int, CaseRepeats> byCase;
    for (const store::ResponseRecord *cell : cells) {
        CaseRepeats &repeats = byCase[*cell->caseIndex];
        ++repeats.trials.trials;
        const bool pass = !cell->error && cell->pass.value_or(false);
        repeats.trials.successes += pass ? 1 : 0;
        if (!cell->error) {
            repeats.texts.insert(cell->text);
            ++repeats.answered;
        }
    }
    std::vector<eval::CaseTrials> trials;
    int compared = 0;
    int identical = 0;
    for (const auto &[index, repeats] : byCase) {
        trials.push_back(repeats.trials);
        // A case says something about consistency only when at least two repeats answered.
        if (repeats.answered >= 2) {
            ++compared;
            identical += repeats.texts.size() == 1 ? 1 : 0;
        }
    }
    if (compared > 0)
        report.identicalShare[target] = double(identical) / compared;
    if (const auto value = eval::passHatK(trials, report.repeats))
        report.passHatK[target] = *value;
}

// The classification metrics of `target`'s cells whose cases expect a label; none when no
// case does.
std::optional<eval::ClassificationMetrics> classifyTarget(
    const std::vector<const store::ResponseRecord *> &cells, const ReportInputs &inputs)
{
    std::vector<eval::LabelPair> pairs;
    for (const store::ResponseRecord *cell : cells) {
        const auto label = inputs.labels.find(*cell->caseIndex);
        if (label == inputs.labels.end())
            continue;
        pairs.push_back({eval::normalizeLabel(label->second),
            eval::answeredLabel(cell->text, cell->error.has_value())});
    }
    if (pairs.empty())
        return std::nullopt;
    return eval::classificationMetrics(pairs, {}, inputs.bootstrap);
}

// Corpus BLEU and chrF of `target`'s answers against the cases' reference texts (a failed
// request answered nothing); none when no case has one.
std::optional<std::pair<double, double>> corpusScores(
    const std::vector<const store::ResponseRecord *> &cells, const ReportInputs &inputs)
{
    std::vector<std::string> hypotheses;
    std::vector<std::vector<std::string>> references;
    for (const store::ResponseRecord *cell : cells) {
        const auto reference = inputs.references.find(*cell->caseIndex);
        if (reference == inputs.references.end())
            continue;
        hypotheses.push_back(cell->error ? std::string() : cell->text);
        references.push_back({reference->second});
    }
    if (hypotheses.empty())
        return std::nullopt;
    return std::pair {eval::corpusBleu(hypotheses, references).score * 100,
        eval::corpusChrf(hypotheses, references)};
}

// The cost a month at `callsPerDay`, from the answers that reached the provider (a cached one
// cost nothing and says nothing of the price); none when one of them has no known cost.
// The cost a month at `callsPerDay`, from the answers that reached the provider (a cached one
// cost nothing and says nothing of the price); none when one of them has no known cost. Its
// interval is asked of `intervals`, filled into `into` when they are drawn.
bool projectCost(const std::vector<const store::ResponseRecord *> &cells, double callsPerDay,
    eval::MeanIntervals &intervals, CostProjection &into)
{
    std::vector<double> costs;
    for (const store::ResponseRecord *cell : cells) {
        if (cell->error || cell->cached)
            continue;
        if (!cell->costUsd)
            return false;
        costs.push_back(*cell->costUsd);
    }
    if (costs.empty())
        return false;
    constexpr double kDaysPerMonth = 730.0 / 24.0; // as `budget` counts a month
    const double scale = callsPerDay * kDaysPerMonth;
    double mean = 0.0;
    for (const double cost : costs)
        mean += cost / double(costs.size());
    into.callsPerDay = callsPerDay;
    into.usdPerMonth = mean * scale;
    intervals.add(std::move(costs), [&into, scale](std::optional<eval::Interval> interval) {
        if (interval)
            into.usdPerMonthCi95 = eval::Interval {interval->low * scale, interval->high * scale};
    });
    return true;
}

} // namespace

ReportInputs reportInputs(const store::Project &project, const model::RunRecord &run)
{
    ReportInputs inputs;
    if (run.versionId != 0)
        inputs.specs = store::SpecStore(project).listOfVersion(run.versionId);
    // Started with `eval --spec` (or its switch in the window): the specs are its gates.
    if (run.options.is_object())
        if (const auto flag = run.options.find("specs_are_gates");
            flag != run.options.end() && flag->is_boolean())
            inputs.specsAreGates = flag->get<bool>();
    inputs.human = rating::humanResultsOfRun(project, run.id);
    if (!run.datasetId)
        return inputs;
    const store::DatasetStore datasets(project);
    if (const auto record = datasets.findById(*run.datasetId)) {
        inputs.datasetName = record->name;
        inputs.datasetRevision = record->revision;
    }
    inputs.cases = datasets.cases(*run.datasetId);
    const std::vector<eval::DatasetCase> &cases = inputs.cases;
    for (std::size_t index = 0; index < cases.size(); ++index) {
        if (const auto label = eval::expectedLabel(cases[index]))
            inputs.labels[static_cast<int>(index)] = *label;
        if (const auto reference = eval::referenceText(cases[index]))
            inputs.references[static_cast<int>(index)] = *reference;
    }
    return inputs;
}

EvalReport buildEvalReport(const store::Project &project, const std::string &runId,
    const std::vector<eval::Gate> &gates, const eval::BootstrapOptions &bootstrap,
    std::optional<double> callsPerDay)
{
    const store::RunStore runs(project);
    const std::optional<model::RunRecord> run = runs.findRun(runId);
    if (!run)
        throw store::StoreError(store::StoreError::Kind::NotFound,
            "there is no run '" + runId + "' in " + project.path().string());
    ReportInputs inputs = reportInputs(project, *run);
    inputs.bootstrap = bootstrap;
    inputs.callsPerDay = callsPerDay;
    return buildEvalReport(
        *run, runs.responses(runId, store::ResponseParts::WithoutRequests), gates, inputs);
}

EvalReport buildEvalReport(const model::RunRecord &run,
    const std::vector<store::ResponseRecord> &responses, const std::vector<eval::Gate> &gates,
    const ReportInputs &inputs)
{
    EvalReport report;
    report.bootstrap = inputs.bootstrap;
    report.specsAreGates = inputs.specsAreGates;
    report.human = inputs.human;
    report.started = run.started;
    report.finished = run.finished;
    report.datasetName = inputs.datasetName;
    report.datasetRevision = inputs.datasetRevision;
    report.cases = inputs.cases;
    report.runId = run.id;
    report.version = run.version;
    report.status = model::toString(run.status);
    report.versions = evalVersions(run);
    const EvalColumns columns(run, responses);
    report.columns = columns.keys();
    for (const EvalColumn &column : columns.all())
        if (std::find(report.targets.begin(), report.targets.end(), column.targetId)
            == report.targets.end())
            report.targets.push_back(column.targetId);

    // Each cell with its column's position, to read cells by case, column and repeat.
    std::vector<std::pair<const store::ResponseRecord *, std::size_t>> placed;
    for (const store::ResponseRecord &response : responses) {
        if (!response.caseIndex)
            continue;
        const std::string key = columns.keyOf(response);
        placed.emplace_back(&response,
            std::find(report.columns.begin(), report.columns.end(), key) - report.columns.begin());
    }
    std::stable_sort(placed.begin(), placed.end(), [](const auto &a, const auto &b) {
        return std::tuple(*a.first->caseIndex, a.second, a.first->repeatIndex.value_or(0))
            < std::tuple(*b.first->caseIndex, b.second, b.first->repeatIndex.value_or(0));
    });
    std::vector<const store::ResponseRecord *> cells;
    for (const auto &[cell, position] : placed)
        cells.push_back(cell);
    report.repeats = repeatCount(run, cells);

    // A run stopped by a failure is judged on every cell it was to answer: the ones never
    // stored count as errors, and no gate passes.
    const bool incomplete = run.status == model::RunStatus::Incomplete;
    const std::size_t plannedColumns = run.targets.size() * report.versions.size();
    const std::size_t expectedPerColumn = incomplete && plannedColumns > 0
        ? static_cast<std::size_t>(std::max(run.total, 0)) / plannedColumns
        : 0;
    // Every column's mean intervals (and the comparisons') are drawn together once the columns
    // are summed up: the gates read them.
    eval::MeanIntervals intervals(inputs.bootstrap);
    std::vector<std::size_t> missingCells(report.columns.size());
    for (std::size_t position = 0; position < report.columns.size(); ++position) {
        const std::string &target = report.columns[position];
        std::vector<const store::ResponseRecord *> own;
        std::vector<eval::CellOutcome> outcomes;
        for (const auto &[cell, at] : placed) {
            if (at != position)
                continue;
            own.push_back(cell);
            outcomes.push_back(outcomeOf(*cell));
        }
        const std::size_t missing
            = expectedPerColumn > own.size() ? expectedPerColumn - own.size() : 0;
        missingCells[position] = missing;
        eval::CellOutcome unanswered;
        unanswered.error = true;
        outcomes.insert(outcomes.end(), missing, unanswered);
        eval::TargetSummary &summary = report.summary[target] = eval::summarize(outcomes);
        intervals.add(eval::scoreValues(outcomes),
            [&summary](std::optional<eval::Interval> interval) { summary.meanScoreCi95 = interval; });
        if (auto metrics = classifyTarget(own, inputs))
            report.classification[target] = std::move(*metrics);
        if (const auto scores = corpusScores(own, inputs))
            report.corpus[target] = *scores;
        if (inputs.callsPerDay
            && !projectCost(own, *inputs.callsPerDay, intervals, report.projections[target]))
            report.projections.erase(target);
        if (report.repeats > 1)
            addRepeatFigures(report, target, own);
    }
    compareColumns(run, responses, columns.comparedPairs(), inputs.bootstrap, inputs.labels,
        intervals, report.comparisons);
    intervals.run();

    for (std::size_t position = 0; position < report.columns.size(); ++position) {
        const std::string &target = report.columns[position];
        const std::size_t missing = missingCells[position];
        for (const eval::Gate &gate : gates) {
            eval::GateResult result = eval::evaluateGate(gate, report.summary[target]);
            if (incomplete) {
                result.pass = false;
                result.reason = "the run is incomplete (" + std::to_string(missing)
                    + " cells of this column were not stored)";
            }
            report.gates.push_back({gate.expression, target, std::move(result)});
        }
        const auto classification = report.classification.find(target);
        for (const store::SpecRecord &spec : inputs.specs) {
            eval::GateResult result;
            try {
                result = eval::evaluateGate(eval::parseGate(spec.expression),
                    report.summary[target],
                    classification == report.classification.end() ? nullptr
                                                                  : &classification->second);
            } catch (const eval::GateError &error) {
                result.reason = error.what(); // a spec from an older file's rules
            }
            if (incomplete) {
                result.pass = false;
                result.status = eval::GateStatus::Unmet;
                result.reason = "the run is incomplete";
            }
            report.specs.push_back({spec, target, std::move(result)});
        }
    }
    // Specs read by spec, then column.
    std::stable_sort(report.specs.begin(), report.specs.end(),
        [](const SpecOutcome &a, const SpecOutcome &b) { return a.spec.name < b.spec.name; });
    // Gates read by expression, then column: the order they were written in.
    std::stable_sort(report.gates.begin(), report.gates.end(),
        [&gates](const GateOutcome &a, const GateOutcome &b) {
            const auto position = [&gates](const std::string &expression) {
                return std::find_if(gates.begin(), gates.end(),
                           [&expression](
                               const eval::Gate &gate) { return gate.expression == expression; })
                    - gates.begin();
            };
            return position(a.expression) < position(b.expression);
        });

    if (inputs.withCells)
        for (const auto &[cell, position] : placed)
            report.cells.push_back(cellJson(*cell, columns));
    return report;
}

json toJson(const EvalReport &report)
{
    json gates = json::array();
    for (const GateOutcome &gate : report.gates) {
        json item = {{"expr", gate.expression}, {"target", gate.column}, {"column", gate.column},
            {"pass", gate.result.pass}, {"actual", gate.result.actual}};
        if (!gate.result.reason.empty())
            item["reason"] = gate.result.reason;
        gates.push_back(std::move(item));
    }
    json summary = json::object();
    for (const std::string &target : report.columns) {
        const auto found = report.summary.find(target);
        if (found == report.summary.end())
            continue;
        const eval::TargetSummary &s = found->second;
        json item = {{"n", s.n}, {"passed", s.passed}, {"pass_rate", s.passRate},
            {"pass_rate_ci95", {s.passRateCi95.low, s.passRateCi95.high}},
            {"mean_score", s.meanScore}, {"mean_score_ci95", intervalJson(s.meanScoreCi95)},
            {"latency_ms_p50", optionalJson(s.latencyMsP50)},
            {"latency_ms_p95", optionalJson(s.latencyMsP95)},
            {"latency_ms_p99", optionalJson(s.latencyMsP99)},
            {"ttft_ms_p50", optionalJson(s.ttftMsP50)}, {"ttft_ms_p95", optionalJson(s.ttftMsP95)},
            {"input_tokens", s.inputTokens}, {"output_tokens", s.outputTokens},
            {"cost_usd", optionalJson(s.costUsd)},
            {"cost_usd_per_call", optionalJson(s.costUsdPerCall)}, {"errors", s.errors},
            {"cached", s.cached}};
        if (const auto metrics = report.classification.find(target);
            metrics != report.classification.end())
            item["classification"] = classificationJson(metrics->second);
        if (const auto scores = report.corpus.find(target); scores != report.corpus.end())
            item["corpus"] = {{"bleu", scores->second.first}, {"chrf", scores->second.second}};
        if (const auto projection = report.projections.find(target);
            projection != report.projections.end())
            item["projection"] = {{"calls_per_day", projection->second.callsPerDay},
                {"usd_per_month", projection->second.usdPerMonth},
                {"usd_per_month_ci95", intervalJson(projection->second.usdPerMonthCi95)}};
        if (s.hallucinationRate) {
            item["hallucination_rate"] = *s.hallucinationRate;
            item["hallucination_rate_ci95"] = intervalJson(s.hallucinationRateCi95);
        }
        if (const auto share = report.identicalShare.find(target);
            share != report.identicalShare.end())
            item["identical_share"] = share->second;
        if (const auto hat = report.passHatK.find(target); hat != report.passHatK.end())
            item["pass_hat_k"] = hat->second;
        summary[target] = std::move(item);
    }
    json specs = json::array();
    for (const SpecOutcome &outcome : report.specs) {
        json item = {{"name", outcome.spec.name}, {"expr", outcome.spec.expression},
            {"why", outcome.spec.why}, {"column", outcome.column},
            {"value", outcome.result.measured ? json(outcome.result.actual) : json(nullptr)},
            {"ci95", intervalJson(outcome.result.ci95)},
            {"status", eval::toString(outcome.result.status)}};
        if (!outcome.result.reason.empty())
            item["reason"] = outcome.result.reason;
        specs.push_back(std::move(item));
    }
    json comparisons = json::array();
    for (const TargetComparison &comparison : report.comparisons)
        comparisons.push_back(toJson(comparison));
    json humanRatings = json::array();
    for (const HumanResults &human : report.human)
        humanRatings.push_back(human.summary);
    return {{"run_id", report.runId}, {"version", report.version}, {"versions", report.versions},
        {"columns", report.columns}, {"status", report.status}, {"comparisons", comparisons},
        {"bootstrap", {{"resamples", report.bootstrap.resamples}, {"seed", report.bootstrap.seed}}},
        {"specs", std::move(specs)}, {"gates", std::move(gates)}, {"summary", std::move(summary)},
        {"human_ratings", humanRatings}, {"cells", report.cells}};
}

std::string formatReport(const EvalReport &report, const std::string &format)
{
    if (format == "json")
        return toJson(report).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    if (format == "csv")
        return toCsv(report);
    if (format == "html")
        return toHtml(report);
    return toMarkdown(report);
}

std::string reportFormatOf(const std::string &fileName)
{
    const std::string name = util::asciiLower(fileName);
    const auto endsWith = [&name](std::string_view suffix) { return name.ends_with(suffix); };
    if (endsWith(".json"))
        return "json";
    if (endsWith(".csv"))
        return "csv";
    if (endsWith(".html") || endsWith(".htm"))
        return "html";
    return "markdown";
}

int exitCode(const EvalReport &report)
{
    if (!report.gates.empty() || report.specsAreGates) {
        const bool gatesPass = std::all_of(report.gates.begin(), report.gates.end(),
            [](const GateOutcome &gate) { return gate.result.pass; });
        // Undecided fails like unmet: a spec is accepted only when the evidence is enough.
        const bool specsMet = !report.specsAreGates
            || std::all_of(report.specs.begin(), report.specs.end(), [](const SpecOutcome &spec) {
                   return spec.result.status == eval::GateStatus::Met;
               });
        return gatesPass && specsMet ? 0 : 1;
    }
    for (const auto &[target, summary] : report.summary) {
        if (summary.passed < summary.n)
            return 1;
    }
    return 0;
}

} // namespace ps::run
