// A/B comparison of two evaluation runs on the same dataset cases, or of two columns of one
// run: paired pass rates, the difference with a 95% interval, and McNemar's exact test (what
// `compare` prints and the report's A/B sentences say).
#pragma once

#include "eval/bootstrap.h"
#include "eval/classification.h"
#include "eval/statistics.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ps::model {
struct RunRecord;
} // namespace ps::model
namespace ps::store {
class Project;
struct ResponseRecord;
} // namespace ps::store

namespace ps::run {

// The 2×2 table of paired cells: each pair is one case (and repeat) answered in both runs.
struct PairedCounts
{
    int bothPass = 0;
    int onlyA = 0; // passed in A, failed in B
    int onlyB = 0; // failed in A, passed in B
    int neither = 0;

    int pairs() const { return bothPass + onlyA + onlyB + neither; }
};

// McNemar's exact test: the two-sided binomial p-value of the discordant pairs under "A and B
// are equally likely to win one", min(1, 2·P(X ≤ min(onlyA, onlyB))) for X ~ Bin(onlyA +
// onlyB, 1/2). No discordant pair: 1.
double mcnemarExactP(int onlyA, int onlyB);

// A 95% interval for pass rate B − pass rate A on paired cells: Newcombe's hybrid score
// interval for paired proportions (1998, method 10): Wilson intervals of each rate combined
// with the pairs' correlation. No pairs: [−1, 1].
eval::Interval pairedDifferenceInterval(const PairedCounts &counts, double z = eval::wilsonZ95);

// Cases a McNemar test needs to detect the observed difference with 80% power at α = 0.05
// (two-sided), from the observed discordance (Connor 1987): n = (z₀.₉₇₅·√ψ + z₀.₈·√(ψ − δ²))² / δ²
// with ψ = (onlyA + onlyB) / pairs and δ = (onlyB − onlyA) / pairs, rounded up. nullopt when
// the runs never disagree one way more than the other (δ = 0) or there are no pairs.
std::optional<int> mcnemarCasesNeeded(int onlyA, int onlyB, int pairs);

// Two columns' classification on the same labelled cases, with paired bootstrap intervals of
// the differences (B − A).
struct ClassificationComparison
{
    int pairs = 0;
    double accuracyA = 0.0;
    double accuracyB = 0.0;
    std::optional<eval::Interval> accuracyDifferenceCi95;
    double macroF1A = 0.0;
    double macroF1B = 0.0;
    std::optional<eval::Interval> macroF1DifferenceCi95;
};

struct TargetComparison
{
    // Column keys (eval_columns.h): the same unless two one-column runs or two columns of one
    // run are compared.
    std::string targetA;
    std::string targetB;
    PairedCounts counts;
    double passRateA = 0.0; // over the paired cells
    double passRateB = 0.0;
    double difference = 0.0; // B − A
    eval::Interval differenceCi95;
    double pValue = 1.0; // McNemar's exact test
    bool significant = false; // p < 0.05
    // The mean scores over the paired cells and the paired bootstrap interval of B − A.
    double meanScoreA = 0.0;
    double meanScoreB = 0.0;
    std::optional<eval::Interval> scoreDifferenceCi95;
    std::optional<int> casesNeeded; // when not significant: mcnemarCasesNeeded()
    std::optional<ClassificationComparison> classification; // when the cases expect labels
    std::string verdict; // the result in one plain sentence
};

struct RunComparison
{
    std::string runA;
    std::string runB;
    std::string versionA; // NAME@N
    std::string versionB;
    std::vector<TargetComparison> targets;
    eval::BootstrapOptions bootstrap;
};

// The columns to compare when not all: one given alone names the same column on both sides.
struct ColumnChoice
{
    std::string columnA;
    std::string columnB;
};

// Pairs the cells of both runs by case index and repeat, per column present in both (two runs
// of one column each are compared with each other whatever their keys), or only the chosen
// columns (BadInput naming the run's columns for one it does not have).
RunComparison compareRuns(const model::RunRecord &runA,
    const std::vector<store::ResponseRecord> &responsesA, const model::RunRecord &runB,
    const std::vector<store::ResponseRecord> &responsesB,
    const eval::BootstrapOptions &bootstrap = {}, const std::map<int, std::string> &labels = {},
    const ColumnChoice &choice = {});

// Pairs of columns of one run (A, B), each compared as compareRuns compares them.
std::vector<TargetComparison> compareColumns(const model::RunRecord &run,
    const std::vector<store::ResponseRecord> &responses,
    const std::vector<std::pair<std::string, std::string>> &pairs,
    const eval::BootstrapOptions &bootstrap, const std::map<int, std::string> &labels);
// The same into `into` (emptied first), its mean intervals asked of `intervals`: filled when
// they are drawn, together with a report's other means.
void compareColumns(const model::RunRecord &run, const std::vector<store::ResponseRecord> &responses,
    const std::vector<std::pair<std::string, std::string>> &pairs,
    const eval::BootstrapOptions &bootstrap, const std::map<int, std::string> &labels,
    eval::MeanIntervals &intervals, std::vector<TargetComparison> &into);

// `compare REF_A REF_B`, each RUN or RUN:COLUMN. Reads both runs (NotFound if unknown); refuses
// (BadInput) a run that is not an evaluation, or two runs over different dataset revisions,
// naming both.
RunComparison compareRuns(
    const store::Project &project, const std::string &refA, const std::string &refB);

// {"run_a": {"id", "version"}, "run_b": {...}, "targets": [{"target_a", "target_b", "pairs",
//  "both_pass", "only_a", "only_b", "neither", "pass_rate_a", "pass_rate_b", "difference",
//  "difference_ci95": [lo, hi], "p_value", "significant", "mean_score_a", "mean_score_b",
//  "score_difference_ci95", "cases_needed", "classification"?: {"pairs", "accuracy_a",
//  "accuracy_b", "accuracy_difference_ci95", "macro_f1_a", "macro_f1_b",
//  "macro_f1_difference_ci95"}, "verdict"}], "bootstrap": {"resamples", "seed"}}
nlohmann::json toJson(const RunComparison &comparison);
// One element of "targets" above.
nlohmann::json toJson(const TargetComparison &comparison);
// A table, one row per target, and a line saying what the test means.
std::string toText(const RunComparison &comparison);

} // namespace ps::run
