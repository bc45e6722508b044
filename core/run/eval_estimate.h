#pragma once

#include "run/eval_runner.h"

#include <optional>
#include <string>
#include <vector>

namespace ps::model {
struct VersionRecord;
} // namespace ps::model
namespace ps::store {
class Project;
} // namespace ps::store

// What an evaluation will send and cost before anything is sent (`eval --estimate`, the Evaluate
// tab): each column's cells and the input tokens of every case as sent, exact in the target
// model's public encoding (an estimate otherwise), priced at the catalogue's input price; the
// answers cost what they turn out to, at most max_tokens each. A batch run is priced at the
// catalogue's batch share.
namespace ps::run {

struct ColumnEstimate
{
    std::string version; // NAME@N
    std::string targetId;
    std::string model;
    long long cells = 0; // cases × repeats
    long long inputTokens = 0; // images included
    long long imageTokens = 0; // of inputTokens, by the provider's published rule for the model
    bool exact = true; // every case counted in a public encoding, without tools, every image's tokens known
    std::optional<std::string> encoding; // "o200k_base"; nullopt for an estimate
    std::optional<double> inputUsd; // nullopt: no price known for the model
    // Every answer at its max_tokens: the most the answers can cost; nullopt without a
    // max_tokens or a price.
    std::optional<double> outputUsdAtMost;
};

struct EvalEstimate
{
    std::vector<ColumnEstimate> columns; // versions outermost, then targets, as the run's columns
    long long cells = 0;
    long long inputTokens = 0;
    bool exact = true;
    bool batchPrice = false; // the run goes as a batch, and every figure is its price
    std::optional<double> inputUsd; // nullopt when a column's price is unknown
    std::optional<double> outputUsdAtMost; // nullopt when a column's bound is unknown

    // One line per column and a total, for the terminal.
    std::string toText() const;
    nlohmann::json toJson() const;
};

// Reads the dataset revision, renders every case with each version as the run would (the
// spec's vars under each case's own), and counts. Throws as EvalRunner::start's checks do
// (store NotFound, EvalInputError, TargetCallError); nothing is sent and nothing is written.
EvalEstimate estimateEval(
    const store::Project &project, const std::vector<model::VersionRecord> &versions, const EvalSpec &spec);

} // namespace ps::run
