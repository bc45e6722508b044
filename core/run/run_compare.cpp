#include "run/run_compare.h"
#include "util/number_text.h"

#include "store/dataset_store.h"
#include "store/project.h"
#include "store/run_store.h"
#include "store/store_error.h"

#include <algorithm>
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

namespace {

using CellVerdicts = std::map<std::tuple<std::string, int, int>, bool>; // target, case, repeat

CellVerdicts verdicts(const std::vector<store::ResponseRecord> &responses)
{
    CellVerdicts cells;
    for (const store::ResponseRecord &response : responses) {
        if (!response.caseIndex)
            continue;
        cells[{response.targetId, *response.caseIndex, response.repeatIndex.value_or(0)}]
            = !response.error && response.pass.value_or(false);
    }
    return cells;
}

TargetComparison compareTarget(const CellVerdicts &a, const CellVerdicts &b,
    const std::string &targetA, const std::string &targetB)
{
    TargetComparison result;
    result.targetA = targetA;
    result.targetB = targetB;
    for (const auto &[key, passA] : a) {
        if (std::get<0>(key) != targetA)
            continue;
        const auto other = b.find({targetB, std::get<1>(key), std::get<2>(key)});
        if (other == b.end())
            continue;
        const bool passB = other->second;
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
    return result;
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

RunComparison compareRuns(const model::RunRecord &runA,
    const std::vector<store::ResponseRecord> &responsesA, const model::RunRecord &runB,
    const std::vector<store::ResponseRecord> &responsesB)
{
    RunComparison comparison;
    comparison.runA = runA.id;
    comparison.runB = runB.id;
    comparison.versionA = runA.version;
    comparison.versionB = runB.version;
    const CellVerdicts a = verdicts(responsesA);
    const CellVerdicts b = verdicts(responsesB);
    for (const std::string &target : runA.targets) {
        if (std::find(runB.targets.begin(), runB.targets.end(), target) != runB.targets.end())
            comparison.targets.push_back(compareTarget(a, b, target, target));
    }
    // Model A against model B: two one-target runs compare with each other.
    if (comparison.targets.empty() && runA.targets.size() == 1 && runB.targets.size() == 1)
        comparison.targets.push_back(compareTarget(a, b, runA.targets[0], runB.targets[0]));
    return comparison;
}

RunComparison compareRuns(
    const store::Project &project, const std::string &runA, const std::string &runB)
{
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
    return compareRuns(records[0], runs.responses(runA), records[1], runs.responses(runB));
}

json toJson(const RunComparison &comparison)
{
    json targets = json::array();
    for (const TargetComparison &target : comparison.targets) {
        targets.push_back({{"target_a", target.targetA}, {"target_b", target.targetB},
            {"pairs", target.counts.pairs()}, {"both_pass", target.counts.bothPass},
            {"only_a", target.counts.onlyA}, {"only_b", target.counts.onlyB},
            {"neither", target.counts.neither}, {"pass_rate_a", target.passRateA},
            {"pass_rate_b", target.passRateB}, {"difference", target.difference},
            {"difference_ci95", {target.differenceCi95.low, target.differenceCi95.high}},
            {"p_value", target.pValue}, {"significant", target.significant}});
    }
    return {{"run_a", {{"id", comparison.runA}, {"version", comparison.versionA}}},
        {"run_b", {{"id", comparison.runB}, {"version", comparison.versionB}}},
        {"targets", std::move(targets)}};
}

std::string toText(const RunComparison &comparison)
{
    std::string text = "A: " + comparison.runA + " (" + comparison.versionA
        + ")\nB: " + comparison.runB + " (" + comparison.versionB + ")\n\n";
    if (comparison.targets.empty())
        return text + "The runs share no target, so there is nothing to compare.\n";
    std::vector<std::vector<std::string>> rows = {{"TARGET", "PAIRS", "A PASS", "B PASS", "B - A",
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
    return text
        + "\nPairs are the same case and repeat answered in both runs. McNemar's exact test asks "
          "whether the cases only one run passed lean to one side more than chance would; "
          "significant means p < 0.05.\n";
}

} // namespace ps::run
