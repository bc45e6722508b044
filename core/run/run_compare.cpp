#include "run/run_compare.h"
#include "run/eval_columns.h"
#include "run/eval_report.h"
#include "util/number_text.h"

#include "store/dataset_store.h"
#include "store/project.h"
#include "store/run_store.h"
#include "store/store_error.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace ps::run {

using nlohmann::json;
using util::fixed;

double mcnemarExactP(int onlyA, int onlyB)
{
    const int n = onlyA + onlyB;
    const int smaller = std::min(onlyA, onlyB);
    if (n <= 0)
        return 1.0;
    // Σ C(n, i) / 2^n in logarithms: 2^n underflows long before n reaches a large dataset.
    const double logHalfPower = -n * std::log(2.0);
    double tail = 0.0;
    for (int i = 0; i <= smaller; ++i)
        tail += std::exp(
            std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) + logHalfPower);
    return std::min(1.0, 2.0 * tail);
}

eval::Interval pairedDifferenceInterval(const PairedCounts &counts, double z)
{
    const int n = counts.pairs();
    if (n <= 0)
        return {-1.0, 1.0};
    // Newcombe's notation with B as the first measurement, so the interval is for pB − pA.
    const double a = counts.bothPass;
    const double b = counts.onlyB;
    const double c = counts.onlyA;
    const double d = counts.neither;
    const double p1 = (a + b) / n;
    const double p2 = (a + c) / n;
    const eval::Interval w1 = eval::wilsonInterval(counts.bothPass + counts.onlyB, n, z);
    const eval::Interval w2 = eval::wilsonInterval(counts.bothPass + counts.onlyA, n, z);
    const double product = (a + b) * (c + d) * (a + c) * (b + d);
    const double phi = product > 0 ? (a * d - b * c) / std::sqrt(product) : 0.0;
    const double lowSquared = std::pow(p1 - w1.low, 2) - 2 * phi * (p1 - w1.low) * (w2.high - p2)
        + std::pow(w2.high - p2, 2);
    const double highSquared = std::pow(w1.high - p1, 2) - 2 * phi * (w1.high - p1) * (p2 - w2.low)
        + std::pow(p2 - w2.low, 2);
    const double difference = p1 - p2;
    return {std::max(-1.0, difference - std::sqrt(std::max(0.0, lowSquared))),
        std::min(1.0, difference + std::sqrt(std::max(0.0, highSquared)))};
}

std::optional<int> mcnemarCasesNeeded(int onlyA, int onlyB, int pairs)
{
    if (pairs <= 0 || onlyA == onlyB)
        return std::nullopt;
    constexpr double zAlpha = 1.959963984540054; // two-sided α = 0.05
    constexpr double zPower = 0.8416212335729143; // power 0.8
    const double discordant = double(onlyA + onlyB) / pairs;
    const double difference = double(onlyB - onlyA) / pairs;
    const double root
        = zAlpha * std::sqrt(discordant) + zPower * std::sqrt(discordant - difference * difference);
    return static_cast<int>(std::ceil(root * root / (difference * difference)));
}

namespace {

struct Verdict
{
    bool pass = false;
    double score = 0.0;
    std::string answer; // as a label (eval::answeredLabel)
};
using CellVerdicts = std::map<std::tuple<std::string, int, int>, Verdict>; // column, case, repeat

CellVerdicts verdicts(
    const std::vector<store::ResponseRecord> &responses, const EvalColumns &columns)
{
    CellVerdicts cells;
    for (const store::ResponseRecord &response : responses) {
        if (!response.caseIndex)
            continue;
        const bool pass = !response.error && response.pass.value_or(false);
        // A failed request scores 0, as in the run's own summary.
        cells[{columns.keyOf(response), *response.caseIndex, response.repeatIndex.value_or(0)}]
            = {pass, response.error ? 0.0 : response.score.value_or(pass ? 1.0 : 0.0),
                eval::answeredLabel(response.text, response.error.has_value())};
    }
    return cells;
}

std::string points(double share)
{
    return fixed(std::abs(share) * 100, 1) + " points";
}

// The comparison in one sentence a PM can paste: which way, how sure, and what would settle it.
std::string verdictOf(const TargetComparison &result)
{
    const int pairs = result.counts.pairs();
    if (pairs == 0)
        return "No case was answered in both columns, so they cannot be compared.";
    const std::string interval = " (95% CI " + fixed(result.differenceCi95.low * 100, 1, true)
        + " to " + fixed(result.differenceCi95.high * 100, 1, true) + ")";
    const std::string p = result.pValue < 0.001 ? "p < 0.001" : "p = " + fixed(result.pValue, 3);
    if (result.difference == 0.0 && result.counts.onlyA == result.counts.onlyB)
        return "A and B pass equally often (" + fixed(result.passRateA * 100, 1)
            + "% of " + std::to_string(pairs) + " paired cases); there is no difference to test.";
    const std::string leader = result.difference > 0 ? "B" : "A";
    std::string sentence = leader + " passes " + points(result.difference) + " more often"
        + interval;
    if (result.significant) {
        sentence += "; the difference is significant (McNemar " + p + ").";
    } else {
        sentence += ", but that is not significant (McNemar " + p + ")";
        if (result.casesNeeded)
            sentence += ": about " + std::to_string(*result.casesNeeded)
                + " paired cases would be needed to detect a difference of "
                + points(result.difference)
                + " with 80% power at α = 0.05 (McNemar's sample size from the observed "
                  "discordance)";
        sentence += ".";
    }
    if (const auto &c = result.classification) {
        const auto range = [](const std::optional<eval::Interval> &interval, double scale,
                               int decimals) {
            return interval ? " (95% CI " + fixed(interval->low * scale, decimals, true) + " to "
                    + fixed(interval->high * scale, decimals, true) + ")"
                            : std::string();
        };
        sentence += " Accuracy " + fixed(c->accuracyA * 100, 1) + "% → "
            + fixed(c->accuracyB * 100, 1) + "% ("
            + fixed((c->accuracyB - c->accuracyA) * 100, 1, true) + " points"
            + range(c->accuracyDifferenceCi95, 100, 1) + "); macro F1 " + fixed(c->macroF1A, 3)
            + " → " + fixed(c->macroF1B, 3) + " (" + fixed(c->macroF1B - c->macroF1A, 3, true)
            + range(c->macroF1DifferenceCi95, 1, 3) + ").";
    }
    return sentence;
}

// Accuracy and macro F1 of both columns over the pairs whose case expects a label, and the
// paired bootstrap intervals of their differences (the same cases drawn for both sides).
std::optional<ClassificationComparison> compareLabels(
    const std::vector<std::array<std::string, 3>> &labelled, // expected, answer A, answer B
    const eval::BootstrapOptions &bootstrap, std::vector<double> &rightA,
    std::vector<double> &rightB)
{
    if (labelled.empty())
        return std::nullopt;
    std::vector<std::string> labels;
    for (const auto &pair : labelled)
        labels.push_back(pair[0]);
    const auto macroF1 = [&](eval::Resample indices, std::size_t side) {
        std::vector<eval::LabelPair> pairs;
        const std::size_t n = indices.empty() ? labelled.size() : indices.size();
        for (std::size_t i = 0; i < n; ++i) {
            const auto &pair = labelled[indices.empty() ? i : indices[i]];
            pairs.push_back({pair[0], pair[side]});
        }
        return eval::classificationMetrics(pairs, labels).macroF1;
    };
    ClassificationComparison result;
    result.pairs = static_cast<int>(labelled.size());
    for (const auto &pair : labelled) {
        rightA.push_back(pair[1] == pair[0] ? 1.0 : 0.0);
        rightB.push_back(pair[2] == pair[0] ? 1.0 : 0.0);
        result.accuracyA += rightA.back() / double(labelled.size());
        result.accuracyB += rightB.back() / double(labelled.size());
    }
    result.macroF1A = macroF1({}, 1);
    result.macroF1B = macroF1({}, 2);
    result.macroF1DifferenceCi95 = eval::bootstrapInterval(
        labelled.size(),
        [&](eval::Resample indices) { return macroF1(indices, 2) - macroF1(indices, 1); },
        bootstrap);
    return result;
}

// Fills `result`; its mean intervals are asked of `intervals` and land in it when drawn.
void compareTarget(const CellVerdicts &a, const CellVerdicts &b, const std::string &targetA,
    const std::string &targetB, const eval::BootstrapOptions &bootstrap,
    const std::map<int, std::string> &labels, eval::MeanIntervals &intervals,
    TargetComparison &result)
{
    std::vector<double> scoresA;
    std::vector<double> scoresB;
    std::vector<std::array<std::string, 3>> labelled;
    for (const auto &[key, verdictA] : a) {
        if (std::get<0>(key) != targetA)
            continue;
        const auto other = b.find({targetB, std::get<1>(key), std::get<2>(key)});
        if (other == b.end())
            continue;
        const bool passA = verdictA.pass;
        const bool passB = other->second.pass;
        scoresA.push_back(verdictA.score);
        scoresB.push_back(other->second.score);
        if (const auto label = labels.find(std::get<1>(key)); label != labels.end())
            labelled.push_back(
                {eval::normalizeLabel(label->second), verdictA.answer, other->second.answer});
        PairedCounts &counts = result.counts;
        (passA ? (passB ? counts.bothPass : counts.onlyA) : (passB ? counts.onlyB : counts.neither))
            += 1;
    }
    const PairedCounts &counts = result.counts;
    if (counts.pairs() > 0) {
        result.passRateA = double(counts.bothPass + counts.onlyA) / counts.pairs();
        result.passRateB = double(counts.bothPass + counts.onlyB) / counts.pairs();
    }
    result.difference = result.passRateB - result.passRateA;
    result.differenceCi95 = pairedDifferenceInterval(counts);
    result.pValue = mcnemarExactP(counts.onlyA, counts.onlyB);
    result.significant = result.pValue < 0.05;
    for (std::size_t i = 0; i < scoresA.size(); ++i) {
        result.meanScoreA += scoresA[i] / double(scoresA.size());
        result.meanScoreB += scoresB[i] / double(scoresB.size());
    }
    intervals.addPairedDifference(scoresA, scoresB,
        [&result](std::optional<eval::Interval> interval) { result.scoreDifferenceCi95 = interval; });
    if (!result.significant)
        result.casesNeeded = mcnemarCasesNeeded(counts.onlyA, counts.onlyB, counts.pairs());
    std::vector<double> rightA;
    std::vector<double> rightB;
    result.classification = compareLabels(labelled, bootstrap, rightA, rightB);
    if (result.classification)
        intervals.addPairedDifference(rightA, rightB,
            [&comparison = *result.classification](std::optional<eval::Interval> interval) {
                comparison.accuracyDifferenceCi95 = interval;
            });
}

// Each pair of columns compared into `into` (sized to the pairs), intervals and verdicts in.
void compareAll(const CellVerdicts &a, const CellVerdicts &b,
    const std::vector<std::pair<std::string, std::string>> &pairs,
    const eval::BootstrapOptions &bootstrap, const std::map<int, std::string> &labels,
    eval::MeanIntervals &intervals, std::vector<TargetComparison> &into)
{
    into.clear();
    into.resize(pairs.size()); // sized once: the intervals land in these elements
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        into[i].targetA = pairs[i].first;
        into[i].targetB = pairs[i].second;
        compareTarget(
            a, b, pairs[i].first, pairs[i].second, bootstrap, labels, intervals, into[i]);
    }
}

void addVerdicts(std::vector<TargetComparison> &comparisons)
{
    for (TargetComparison &comparison : comparisons)
        comparison.verdict = verdictOf(comparison);
}

std::string datasetName(const store::DatasetStore &datasets, const std::optional<std::int64_t> &id)
{
    if (!id)
        return "no dataset";
    if (const auto record = datasets.findById(*id))
        return "dataset " + record->name + " revision " + std::to_string(record->revision);
    return "dataset #" + std::to_string(*id);
}

} // namespace

std::vector<TargetComparison> compareColumns(const model::RunRecord &run,
    const std::vector<store::ResponseRecord> &responses,
    const std::vector<std::pair<std::string, std::string>> &pairs,
    const eval::BootstrapOptions &bootstrap, const std::map<int, std::string> &labels)
{
    eval::MeanIntervals intervals(bootstrap);
    std::vector<TargetComparison> comparisons;
    compareColumns(run, responses, pairs, bootstrap, labels, intervals, comparisons);
    intervals.run();
    addVerdicts(comparisons);
    return comparisons;
}

void compareColumns(const model::RunRecord &run, const std::vector<store::ResponseRecord> &responses,
    const std::vector<std::pair<std::string, std::string>> &pairs,
    const eval::BootstrapOptions &bootstrap, const std::map<int, std::string> &labels,
    eval::MeanIntervals &intervals, std::vector<TargetComparison> &into)
{
    const CellVerdicts cells = verdicts(responses, EvalColumns(run, responses));
    compareAll(cells, cells, pairs, bootstrap, labels, intervals, into);
    intervals.afterRun([&into] { addVerdicts(into); }); // a verdict cites the intervals
}

RunComparison compareRuns(const model::RunRecord &runA,
    const std::vector<store::ResponseRecord> &responsesA, const model::RunRecord &runB,
    const std::vector<store::ResponseRecord> &responsesB, const eval::BootstrapOptions &bootstrap,
    const std::map<int, std::string> &labels, const ColumnChoice &choice)
{
    RunComparison comparison;
    comparison.bootstrap = bootstrap;
    comparison.runA = runA.id;
    comparison.runB = runB.id;
    comparison.versionA = runA.version;
    comparison.versionB = runB.version;
    const EvalColumns columnsA(runA, responsesA);
    const EvalColumns columnsB(runB, responsesB);
    const auto chosen = [](const EvalColumns &columns, const std::string &key,
                            const model::RunRecord &run) -> const EvalColumn & {
        if (const EvalColumn *column = columns.find(key))
            return *column;
        std::string known;
        for (const std::string &each : columns.keys())
            known += (known.empty() ? "" : ", ") + each;
        throw store::StoreError(store::StoreError::Kind::BadInput,
            "run " + run.id + " has no column '" + key + "'; its columns are " + known);
    };
    const std::string &keyA = choice.columnA.empty() ? choice.columnB : choice.columnA;
    const std::string &keyB = choice.columnB.empty() ? choice.columnA : choice.columnB;
    const CellVerdicts a = verdicts(responsesA, columnsA);
    const CellVerdicts b = verdicts(responsesB, columnsB);
    std::vector<std::pair<std::string, std::string>> pairs;
    if (!keyA.empty()) {
        const EvalColumn &columnA = chosen(columnsA, keyA, runA);
        const EvalColumn &columnB = chosen(columnsB, keyB, runB);
        comparison.versionA = columnA.version;
        comparison.versionB = columnB.version;
        pairs.emplace_back(columnA.key, columnB.key);
    } else {
        for (const EvalColumn &column : columnsA.all()) {
            if (columnsB.find(column.key))
                pairs.emplace_back(column.key, column.key);
        }
        // Model A against model B: two one-column runs compare with each other.
        if (pairs.empty() && columnsA.all().size() == 1 && columnsB.all().size() == 1)
            pairs.emplace_back(columnsA.all()[0].key, columnsB.all()[0].key);
    }
    eval::MeanIntervals intervals(bootstrap);
    compareAll(a, b, pairs, bootstrap, labels, intervals, comparison.targets);
    intervals.run();
    addVerdicts(comparison.targets);
    return comparison;
}

RunComparison compareRuns(
    const store::Project &project, const std::string &refA, const std::string &refB)
{
    // RUN or RUN:COLUMN; a run id never holds a colon.
    const auto split = [](const std::string &ref) {
        const std::size_t colon = ref.find(':');
        return colon == std::string::npos
            ? std::pair(ref, std::string())
            : std::pair(ref.substr(0, colon), ref.substr(colon + 1));
    };
    const auto [runA, columnA] = split(refA);
    const auto [runB, columnB] = split(refB);
    if (runA == runB && columnA == columnB)
        throw store::StoreError(store::StoreError::Kind::BadInput,
            "compare needs two different runs, or two columns of one run (RUN:COLUMN)");
    const store::RunStore runs(project);
    std::vector<model::RunRecord> records;
    for (const std::string &id : {runA, runB}) {
        std::optional<model::RunRecord> run = runs.findRun(id);
        if (!run)
            throw store::StoreError(store::StoreError::Kind::NotFound,
                "there is no run '" + id + "' in " + project.path().string());
        if (run->kind != "eval")
            throw store::StoreError(store::StoreError::Kind::BadInput,
                "run " + id
                    + " is not an evaluation (it was made by `run`); compare needs two "
                      "`eval` runs");
        records.push_back(std::move(*run));
    }
    if (records[0].datasetId != records[1].datasetId) {
        const store::DatasetStore datasets(project);
        throw store::StoreError(store::StoreError::Kind::BadInput,
            "runs " + runA + " and " + runB + " used different cases (" + runA + ": "
                + datasetName(datasets, records[0].datasetId) + ", " + runB + ": "
                + datasetName(datasets, records[1].datasetId)
                + "); compare needs runs over the same dataset revision");
    }
    // Same dataset revision: one set of labels for both.
    constexpr auto kAnswers = store::ResponseParts::WithoutRequests;
    return compareRuns(records[0], runs.responses(runA, kAnswers), records[1],
        runs.responses(runB, kAnswers), {}, reportInputs(project, records[0]).labels,
        {columnA, columnB});
}

json toJson(const TargetComparison &target)
{
    json item = {{"target_a", target.targetA}, {"target_b", target.targetB},
        {"pairs", target.counts.pairs()}, {"both_pass", target.counts.bothPass},
        {"only_a", target.counts.onlyA}, {"only_b", target.counts.onlyB},
        {"neither", target.counts.neither}, {"pass_rate_a", target.passRateA},
        {"pass_rate_b", target.passRateB}, {"difference", target.difference},
        {"difference_ci95", {target.differenceCi95.low, target.differenceCi95.high}},
        {"p_value", target.pValue}, {"significant", target.significant},
        {"mean_score_a", target.meanScoreA}, {"mean_score_b", target.meanScoreB},
        {"score_difference_ci95",
            target.scoreDifferenceCi95
                ? json::array({target.scoreDifferenceCi95->low, target.scoreDifferenceCi95->high})
                : json(nullptr)},
        {"cases_needed", target.casesNeeded ? json(*target.casesNeeded) : json(nullptr)},
        {"verdict", target.verdict}};
    if (const auto &c = target.classification) {
        const auto interval = [](const std::optional<eval::Interval> &range) {
            return range ? json::array({range->low, range->high}) : json(nullptr);
        };
        item["classification"] = {{"pairs", c->pairs}, {"accuracy_a", c->accuracyA},
            {"accuracy_b", c->accuracyB},
            {"accuracy_difference_ci95", interval(c->accuracyDifferenceCi95)},
            {"macro_f1_a", c->macroF1A}, {"macro_f1_b", c->macroF1B},
            {"macro_f1_difference_ci95", interval(c->macroF1DifferenceCi95)}};
    }
    return item;
}

json toJson(const RunComparison &comparison)
{
    json targets = json::array();
    for (const TargetComparison &target : comparison.targets)
        targets.push_back(toJson(target));
    return {{"run_a", {{"id", comparison.runA}, {"version", comparison.versionA}}},
        {"run_b", {{"id", comparison.runB}, {"version", comparison.versionB}}},
        {"targets", std::move(targets)},
        {"bootstrap",
            {{"resamples", comparison.bootstrap.resamples}, {"seed", comparison.bootstrap.seed}}}};
}

std::string toText(const RunComparison &comparison)
{
    std::string text = "A: " + comparison.runA + " (" + comparison.versionA
        + ")\nB: " + comparison.runB + " (" + comparison.versionB + ")\n\n";
    if (comparison.targets.empty())
        return text + "The runs share no column, so there is nothing to compare.\n";
    std::vector<std::vector<std::string>> rows = {{"COLUMN", "PAIRS", "A PASS", "B PASS", "B - A",
        "95% CI", "ONLY A", "ONLY B", "P (MCNEMAR)", ""}};
    for (const TargetComparison &target : comparison.targets) {
        const std::string name = target.targetA == target.targetB
            ? target.targetA
            : target.targetA + " vs " + target.targetB;
        rows.push_back({name, std::to_string(target.counts.pairs()),
            fixed(target.passRateA * 100, 1) + "%", fixed(target.passRateB * 100, 1) + "%",
            fixed(target.difference * 100, 1, true) + " pts",
            "[" + fixed(target.differenceCi95.low * 100, 1, true) + ", "
                + fixed(target.differenceCi95.high * 100, 1, true) + "]",
            std::to_string(target.counts.onlyA), std::to_string(target.counts.onlyB),
            target.pValue < 0.001 ? std::string("<0.001") : fixed(target.pValue, 3),
            target.significant ? "significant" : "not significant"});
    }
    std::vector<std::size_t> widths(rows[0].size(), 0);
    for (const auto &row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    }
    for (const auto &row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += std::string(widths[i] - row[i].size() + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        text += line + "\n";
    }
    text += "\n";
    for (const TargetComparison &target : comparison.targets) {
        const std::string name = target.targetA == target.targetB
            ? target.targetA
            : target.targetA + " vs " + target.targetB;
        text += name + ": " + target.verdict + "\n";
    }
    return text
        + "\nPairs are the same case and repeat answered in both columns. McNemar's exact test asks "
          "whether the cases only one side passed lean to one side more than chance would; "
          "significant means p < 0.05.\n";
}

} // namespace ps::run
