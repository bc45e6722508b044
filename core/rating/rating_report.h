#pragma once

#include "eval/bootstrap.h"
#include "model/rating_record.h"
#include "rating/guideline_examples.h"
#include "rating/preference.h"
#include "run/eval_report.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ps::store {
class Project;
}

// What a rating session's ratings say (`rate report`): win rates and Bradley-Terry ratings of
// the columns, or their mean scores, and how far the raters agree.
namespace ps::rating {

struct ScoreSummary
{
    std::string column;
    int criterion = 0;
    int n = 0;
    double mean = 0.0;
    std::optional<eval::Interval> ci95; // bootstrap over the ratings
    std::vector<std::pair<std::string, int>> distribution; // each score given, how often
};

struct RaterAgreement
{
    std::optional<double> cohenKappa; // exactly two raters
    std::optional<double> fleissKappa;
    std::optional<double> alphaNominal;
    std::optional<double> alphaOrdinal; // rubric only
    std::optional<double> alphaInterval; // numeric and pass-fail scales only
    std::vector<std::string> sentences; // what the values mean, in words
    std::vector<std::string> disputedItems; // to discuss when tightening the guideline
};

// Where the same answers were judged by an LLM (an llm-rubric or groundedness assertion):
// how often the judge and the raters' majority say the same, so a PM knows whether the judge
// can stand in for people.
struct JudgeAgreement
{
    std::string judge; // the assertion type that judged
    int items = 0; // items with both a judge verdict and a human majority
    double agreement = 0.0; // share of those where they agree
    std::optional<double> cohenKappa; // judge against the majority, chance removed
};

struct RatingReport
{
    model::RatingSessionRecord session;
    std::vector<std::string> raters;
    int items = 0;
    int ratings = 0;
    int bothBad = 0; // pairwise: "both bad" (no preference, not a battle)
    std::vector<PairRecord> pairs; // a, b index session.columns
    std::optional<std::vector<ColumnRating>> bradleyTerry; // null when the MLE does not exist
    eval::BootstrapOptions bootstrap;
    std::vector<ScoreSummary> scores; // rubric: per column and criterion
    RaterAgreement agreement;
    std::optional<JudgeAgreement> judgeVsHuman; // null when no rated answer was judged
    std::vector<ScoreExample> examples; // of each score, where the raters agreed
};

// NotFound for an unknown session. Pairwise intervals resample battles (1,000 by default).
RatingReport buildRatingReport(const store::Project &project, const std::string &sessionId,
    const eval::BootstrapOptions &bootstrap = {1000, 1});

// CLI.md's `rate report --json`.
nlohmann::json toJson(const RatingReport &report);
// The plain-text form `rate report` prints.
std::string reportText(const RatingReport &report);

// The human results an evaluation report shows: each rating session over `runId` that has
// ratings, oldest first.
std::vector<run::HumanResults> humanResultsOfRun(const store::Project &project, const std::string &runId);

} // namespace ps::rating
