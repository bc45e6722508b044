#pragma once

// The parts the report's Markdown and HTML (and the CLI's summary) share: tables as rows of
// text, and the sentences around them. Not for the window.

#include "run/eval_report.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ps::run::report_text {

struct SummaryTable
{
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

// One target's classification: its headline figures, per-class table and confusion matrix.
struct ClassificationSection
{
    std::string target;
    std::string headline;
    SummaryTable perClass;
    SummaryTable confusion; // rows expected, columns predicted
};

std::string percent(double share);
std::string numberText(const nlohmann::json &value);
std::string errorText(const nlohmann::json &error);
std::string assertionsText(const nlohmann::json &assertions, bool failedOnly);
std::string excerpt(const std::string &text, std::size_t limit);
SummaryTable summaryTable(const EvalReport &report);
SummaryTable specTable(const EvalReport &report);
std::vector<ClassificationSection> classificationSections(const EvalReport &report);
std::vector<std::string> corpusLines(const EvalReport &report);
std::vector<std::string> projectionLines(const EvalReport &report);
std::string classificationMethods(const EvalReport &report);
std::string gateLine(const GateOutcome &gate);
std::string whyFailed(const nlohmann::json &cell);
std::string title(const EvalReport &report);
// "ticket-triage@1, ticket-triage@3": the versions a run evaluated.
std::string versionsText(const EvalReport &report);
// "Target", or "Column" when columns are version × target.
std::string columnHeading(const EvalReport &report);
// Each A/B of the report in one line: which columns, then the verdict `compare` gives.
std::vector<std::string> comparisonLines(const EvalReport &report);

} // namespace ps::run::report_text
