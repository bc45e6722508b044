#pragma once

// The parts the report's Markdown and HTML share (eval_report_text.cpp): tables as rows of
// text, and the sentences around them. Internal to core/run.

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

} // namespace ps::run::report_text
