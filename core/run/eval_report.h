#pragma once

#include "eval/bootstrap.h"
#include "eval/classification.h"
#include "eval/dataset.h"
#include "eval/gate.h"
#include "eval/summary.h"
#include "run/run_compare.h"
#include "store/spec_store.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ps::model {
struct RunRecord;
} // namespace ps::model
namespace ps::store {
class Project;
struct ResponseRecord;
} // namespace ps::store

// An evaluation run's results read back from the project: per-target summaries, gates, cells —
// what `eval --output`, `report` and the exit code are made of (CLI.md "Gates and the
// evaluation output").
namespace ps::run {

struct GateOutcome
{
    std::string expression;
    std::string column; // eval_columns.h's key
    eval::GateResult result;
};

// A spec checked on one column of a run.
struct SpecOutcome
{
    store::SpecRecord spec;
    std::string column;
    eval::GateResult result; // its status says met, unmet or undecided
};

// A target's monthly cost at a given traffic, from the measured cost per call.
struct CostProjection
{
    double callsPerDay = 0.0;
    double usdPerMonth = 0.0; // mean cost per call × calls a day × 730/24 days
    std::optional<eval::Interval> usdPerMonthCi95; // the bootstrap interval of the mean, scaled
};

// Human ratings of a run's answers: what one rating session over it says (`rate report`).
struct HumanResults
{
    std::string session;
    nlohmann::json summary; // `rate report --json` without the guideline's text and examples
    std::vector<std::string> lines; // `rate report`'s text, one line each
};

struct EvalReport
{
    std::string runId;
    std::string version; // NAME@N, the run's (its first)
    std::vector<std::string> versions; // each version evaluated, in order (one, or several)
    std::string status; // complete, cancelled, incomplete, running
    std::string started; // ISO 8601 UTC
    std::optional<std::string> finished;
    std::string datasetName; // empty when the run's dataset is not known here
    int datasetRevision = 0;
    std::vector<eval::DatasetCase> cases; // the dataset's, by index: inputs of failing cells
    // The columns' keys in the run's order: target ids, or NAME@N|TARGET with several versions
    // (eval_columns.h). Every per-column map below is by these keys.
    std::vector<std::string> columns;
    std::vector<std::string> targets; // the columns' targets, each once, in order
    int repeats = 1; // answers asked of each case and column
    std::map<std::string, eval::TargetSummary> summary;
    // With repeats: per column, the share of cases whose repeats all answered identically, and
    // pass^k for k = the repeat count.
    std::map<std::string, double> identicalShare;
    std::map<std::string, double> passHatK;
    // Per column, when the run's cases expect labels (classification assertions).
    std::map<std::string, eval::ClassificationMetrics> classification;
    eval::BootstrapOptions bootstrap; // how every bootstrap interval was drawn
    std::vector<GateOutcome> gates;
    std::vector<SpecOutcome> specs; // each spec per column, in the specs' order
    // A/B of the columns a reader compares: each later version against the first on a target,
    // each later target against the first with a version (EvalColumns::comparedPairs).
    std::vector<TargetComparison> comparisons;
    // Per column, with a traffic to project to: only when every answer that reached the
    // provider has a known cost.
    std::map<std::string, CostProjection> projections;
    // Per column, when cases have reference texts: sacreBLEU's corpus BLEU and chrF, 0..100.
    std::map<std::string, std::pair<double, double>> corpus;
    bool specsAreGates = false; // eval --spec: a spec not met fails the run
    std::vector<HumanResults> human; // each rating session over the run that has ratings
    nlohmann::json cells
        = nlohmann::json::array(); // CLI.md's cell objects, by case, target, repeat
};

// What a report needs beyond the run's cells.
struct ReportInputs
{
    std::map<int, std::string> labels; // by case index: the label a case expects (unnormalised)
    std::map<int, std::string> references; // by case index: the text BLEU and chrF compare with
    std::string datasetName;
    int datasetRevision = 0;
    std::vector<eval::DatasetCase> cases;
    eval::BootstrapOptions bootstrap;
    std::vector<store::SpecRecord> specs; // checked per column
    bool specsAreGates = false;
    std::optional<double> callsPerDay; // report --traffic: project each target's monthly cost
    std::vector<HumanResults> human;
    // false: the report's cells (their JSON) are left out. A summary printed as text needs
    // none, and at 20,000 cells they are most of the memory a report takes.
    bool withCells = true;
};

// The expected labels of `run`'s dataset cases (none for a run without a dataset), its
// prompt's specs and its human ratings, with the default bootstrap.
ReportInputs reportInputs(const store::Project &project, const model::RunRecord &run);

// Reads run `runId` (store NotFound if unknown) and checks `gates` (already parsed) per column.
EvalReport buildEvalReport(const store::Project &project, const std::string &runId,
    const std::vector<eval::Gate> &gates, const eval::BootstrapOptions &bootstrap = {},
    std::optional<double> callsPerDay = std::nullopt);

// The same from a run and its responses already read: the cells are the responses with a case
// index; the repeat count is the run's options' "repeat", else the highest repeat seen + 1.
EvalReport buildEvalReport(const model::RunRecord &run,
    const std::vector<store::ResponseRecord> &responses, const std::vector<eval::Gate> &gates,
    const ReportInputs &inputs = {});

// CLI.md's `--output` document.
nlohmann::json toJson(const EvalReport &report);
// One row per cell, with a header row.
std::string toCsv(const EvalReport &report);
// A readable summary table per column, gates, then the failed cells.
std::string toMarkdown(const EvalReport &report);
// A self-contained HTML page (no scripts, no external files): the summary table, gates, cells.
std::string toHtml(const EvalReport &report);

// The report in `format` — "json" (indented, a newline after), "csv", "html", anything else
// Markdown — exactly as `report` writes it, for the CLI and the window alike.
std::string formatReport(const EvalReport &report, const std::string &format);
// The format a file name asks for by its extension (.json, .csv, .html/.htm, else markdown).
std::string reportFormatOf(const std::string &fileName);

// 0 when everything passed; 1 when a gate failed or (specs as gates) a spec was not met, or,
// with neither, when any cell failed.
int exitCode(const EvalReport &report);

} // namespace ps::run
