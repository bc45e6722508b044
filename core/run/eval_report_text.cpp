// The eval report as CSV, Markdown and HTML: the same figures as toJson, for people and
// spreadsheets.

#include "run/eval_report.h"
#include "run/eval_report_sections.h"
#include "util/ascii_text.h"
#include "util/csv_text.h"
#include "util/number_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

namespace ps::run {

using nlohmann::json;
using util::fixed;
namespace report_text {

std::string percent(double share)
{
    return fixed(share * 100.0, 1) + "%";
}

std::string milliseconds(const std::optional<double> &value)
{
    return value ? fixed(*value, 0) : std::string("–");
}

// A JSON number as written in the JSON document (shortest round trip); empty for null.
std::string numberText(const json &value)
{
    return value.is_null() ? std::string() : value.dump();
}

std::string errorText(const json &error)
{
    if (!error.is_object())
        return {};
    std::string text = error.value("category", std::string());
    const std::string message = error.value("message", std::string());
    if (!message.empty())
        text += ": " + message;
    return text;
}

// "icontains: pass; rouge-l: fail (0.42)": each assertion's verdict, on one line.
std::string assertionsText(const json &assertions, bool failedOnly)
{
    std::string text;
    for (const json &result : assertions) {
        const bool pass = result.value("pass", false);
        if (failedOnly && pass)
            continue;
        if (!text.empty())
            text += "; ";
        text += result.value("type", std::string()) + ": " + (pass ? "pass" : "fail");
        if (!pass)
            text += " (" + fixed(result.value("score", 0.0), 2) + ")";
    }
    return text;
}

// At most `limit` code points, on one line; cut text ends with an ellipsis.
std::string excerpt(const std::string &text, std::size_t limit)
{
    std::string line;
    std::size_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const bool starts = (byte & 0xC0) != 0x80;
        if (starts && points++ == limit)
            return line + "…";
        line += (text[i] == '\n' || text[i] == '\r' || text[i] == '\t') ? ' ' : text[i];
    }
    return line;
}

// A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula:
// model text such as "=HYPERLINK(...)" would act when the report is opened. Such a cell gets a
// leading apostrophe (OWASP's advice), unless it is a plain number ("-0.5").
std::string neutralisedFormula(const std::string &field)
{
    if (field.empty() || std::string_view("=+-@\t\r").find(field.front()) == std::string_view::npos)
        return field;
    char *end = nullptr;
    std::strtod(field.c_str(), &end);
    if (end == field.c_str() + field.size())
        return field;
    return "'" + field;
}

// A report is read in a spreadsheet: its cells are neutralised before they are quoted.
std::string csvField(const std::string &raw)
{
    return util::csvField(neutralisedFormula(raw));
}

using util::markdownCell;

// The summary's columns; the optional ones appear when some target has the figure.

SummaryTable summaryTable(const EvalReport &report)
{
    bool hallucination = false;
    for (const auto &[target, summary] : report.summary)
        hallucination = hallucination || summary.hallucinationRate.has_value();
    const bool repeats = !report.identicalShare.empty() || !report.passHatK.empty();

    SummaryTable table;
    table.header = {columnHeading(report), "n", "Passed", "Pass rate", "95% CI", "Mean score", "p50 ms",
        "p95 ms", "TTFT p50 ms", "Tokens in", "Tokens out", "Cost", "Errors", "Cached"};
    if (hallucination)
        table.header.push_back("Hallucination");
    if (repeats) {
        table.header.push_back("Identical");
        table.header.push_back("pass^" + std::to_string(report.repeats));
    }
    for (const std::string &target : report.columns) {
        const auto found = report.summary.find(target);
        if (found == report.summary.end())
            continue;
        const eval::TargetSummary &s = found->second;
        std::vector<std::string> row = {target, std::to_string(s.n), std::to_string(s.passed),
            percent(s.passRate), percent(s.passRateCi95.low) + " – " + percent(s.passRateCi95.high),
            fixed(s.meanScore, 3), milliseconds(s.latencyMsP50), milliseconds(s.latencyMsP95),
            milliseconds(s.ttftMsP50), std::to_string(s.inputTokens),
            std::to_string(s.outputTokens), util::dollars(s.costUsd), std::to_string(s.errors),
            std::to_string(s.cached)};
        if (hallucination)
            row.push_back(s.hallucinationRate ? percent(*s.hallucinationRate) : "–");
        if (repeats) {
            const auto share = report.identicalShare.find(target);
            row.push_back(share != report.identicalShare.end() ? percent(share->second) : "–");
            const auto hat = report.passHatK.find(target);
            row.push_back(hat != report.passHatK.end() ? fixed(hat->second, 3) : "–");
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}


std::string intervalText(const std::optional<eval::Interval> &interval, int decimals)
{
    return interval ? " [" + fixed(interval->low, decimals) + "–" + fixed(interval->high, decimals)
            + "]"
                    : "";
}

std::vector<ClassificationSection> classificationSections(const EvalReport &report)
{
    std::vector<ClassificationSection> sections;
    for (const std::string &target : report.columns) {
        const auto found = report.classification.find(target);
        if (found == report.classification.end())
            continue;
        const eval::ClassificationMetrics &m = found->second;
        ClassificationSection section;
        section.target = target;
        section.headline = "Accuracy " + percent(m.accuracy) + " [" + percent(m.accuracyCi95.low)
            + " – " + percent(m.accuracyCi95.high) + "] over " + std::to_string(m.n)
            + " answers; macro F1 " + fixed(m.macroF1, 3) + intervalText(m.macroF1Ci95, 3)
            + "; weighted F1 " + fixed(m.weightedF1, 3) + intervalText(m.weightedF1Ci95, 3) + ".";
        section.perClass.header = {"Label", "Precision", "Recall", "F1", "Support"};
        for (const std::string &label : m.labels) {
            const eval::ClassMetrics &of = m.perClass.at(label);
            section.perClass.rows.push_back({label, fixed(of.precision, 3), fixed(of.recall, 3),
                fixed(of.f1, 3), std::to_string(of.support)});
        }
        // Columns: the labels, then the other answers given (each a wrong one): a few short
        // ones each in its own column, else all in one, so that free text keeps the table
        // readable (the JSON has every one).
        std::vector<std::string> columns = m.labels;
        std::vector<std::string> others;
        bool shortOthers = true;
        for (const auto &[expected, row] : m.confusion)
            for (const auto &[predicted, count] : row)
                if (std::find(columns.begin(), columns.end(), predicted) == columns.end()
                    && std::find(others.begin(), others.end(), predicted) == others.end()) {
                    others.push_back(predicted);
                    shortOthers = shortOthers && predicted.size() <= 24
                        && predicted.find('\n') == std::string::npos;
                }
        const bool foldOthers = others.size() > 3 || !shortOthers;
        if (!foldOthers)
            columns.insert(columns.end(), others.begin(), others.end());
        section.confusion.header = {"Expected ↓ answered →"};
        section.confusion.header.insert(
            section.confusion.header.end(), columns.begin(), columns.end());
        if (foldOthers)
            section.confusion.header.push_back(
                "Any other answer (" + std::to_string(others.size()) + " different)");
        for (const std::string &expected : m.labels) {
            std::vector<std::string> row = {expected};
            const auto counts = m.confusion.find(expected);
            int other = 0;
            for (const std::string &predicted : columns) {
                int count = 0;
                if (counts != m.confusion.end())
                    if (const auto cell = counts->second.find(predicted);
                        cell != counts->second.end())
                        count = cell->second;
                row.push_back(std::to_string(count));
            }
            if (counts != m.confusion.end())
                for (const auto &[predicted, count] : counts->second)
                    if (std::find(columns.begin(), columns.end(), predicted) == columns.end())
                        other += count;
            if (foldOthers)
                row.push_back(std::to_string(other));
            section.confusion.rows.push_back(std::move(row));
        }
        sections.push_back(std::move(section));
    }
    return sections;
}

// The specs, each per column: what is required, what was measured, and whether that settles it.
SummaryTable specTable(const EvalReport &report)
{
    SummaryTable table;
    table.header = {"Spec", "Column", "Requirement", "Value", "95% CI", "Status", "Why"};
    for (const SpecOutcome &outcome : report.specs) {
        const eval::GateResult &result = outcome.result;
        const std::string status = result.status == eval::GateStatus::Met ? "met"
            : result.status == eval::GateStatus::Undecided ? "undecided: more cases needed"
                                                           : "NOT MET";
        table.rows.push_back({outcome.spec.name, outcome.column, outcome.spec.expression,
            result.measured ? fixed(result.actual, 3) : "not measured",
            result.ci95 ? fixed(result.ci95->low, 3) + " – " + fixed(result.ci95->high, 3) : "–",
            status, outcome.spec.why});
    }
    return table;
}

// Per target with reference texts: its corpus BLEU and chrF, saying how they were computed.
std::vector<std::string> corpusLines(const EvalReport &report)
{
    std::vector<std::string> lines;
    for (const std::string &target : report.columns)
        if (const auto found = report.corpus.find(target); found != report.corpus.end())
            lines.push_back(target + ": corpus BLEU " + fixed(found->second.first, 1) + ", chrF "
                + fixed(found->second.second, 1)
                + " (as sacreBLEU computes them: corpus_bleu with 13a tokens; chrF with "
                  "character 6-grams, β 2)");
    return lines;
}

// Per target: its monthly cost at the report's traffic, with the interval the spread of the
// measured costs per call gives.
std::vector<std::string> projectionLines(const EvalReport &report)
{
    std::vector<std::string> lines;
    for (const std::string &target : report.columns) {
        const auto found = report.projections.find(target);
        if (found == report.projections.end())
            continue;
        const CostProjection &projection = found->second;
        std::string line = target + ": " + util::dollars(projection.usdPerMonth) + " a month";
        if (projection.usdPerMonthCi95)
            line += " (95% CI " + util::dollars(projection.usdPerMonthCi95->low) + " – "
                + util::dollars(projection.usdPerMonthCi95->high) + ")";
        lines.push_back(line + ", at the mean measured cost per call");
    }
    return lines;
}

// How the classification figures were made, so a reader can make them again.
std::string classificationMethods(const EvalReport &report)
{
    std::string note = eval::kLabelNormalisation;
    note[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(note[0])));
    return note + "; intervals: Wilson for accuracy, percentile bootstrap for F1 ("
        + std::to_string(report.bootstrap.resamples) + " resamples, seed "
        + std::to_string(report.bootstrap.seed) + ").";
}

std::string gateLine(const GateOutcome &gate)
{
    std::string line = std::string(gate.result.pass ? "pass" : "FAIL") + " " + gate.expression
        + " on " + gate.column + " (actual " + json(gate.result.actual).dump() + ")";
    if (!gate.result.reason.empty())
        line += ": " + gate.result.reason;
    return line;
}

std::string whyFailed(const json &cell)
{
    const std::string error = errorText(cell["error"]);
    return error.empty() ? assertionsText(cell["assertions"], true) : error;
}

std::string versionsText(const EvalReport &report)
{
    std::string text;
    for (const std::string &version : report.versions)
        text += (text.empty() ? "" : ", ") + version;
    return text.empty() ? report.version : text;
}

std::string columnHeading(const EvalReport &report)
{
    return report.versions.size() > 1 ? "Column" : "Target";
}

std::vector<std::string> comparisonLines(const EvalReport &report)
{
    std::vector<std::string> lines;
    for (const TargetComparison &comparison : report.comparisons)
        lines.push_back("A " + comparison.targetA + ", B " + comparison.targetB + ": "
            + comparison.verdict);
    return lines;
}

std::string title(const EvalReport &report)
{
    return "Evaluation " + report.runId + " of " + versionsText(report) + " (" + report.status
        + ")";
}

} // namespace report_text

using namespace report_text;

std::string toCsv(const EvalReport &report)
{
    // RFC 4180: CRLF line ends; a field with a comma, quote or line break is quoted.
    std::string csv = "case,target,column,repeat,pass,score,text,assertions,ttft_ms,total_ms,"
                      "cost_usd,cached,error\r\n";
    for (const json &cell : report.cells) {
        const std::vector<std::string> fields = {numberText(cell["case"]),
            cell["target"].get<std::string>(), cell["column"].get<std::string>(),
            numberText(cell["repeat"]),
            cell["pass"].get<bool>() ? "true" : "false", numberText(cell["score"]),
            cell["text"].get<std::string>(), assertionsText(cell["assertions"], false),
            numberText(cell["ttft_ms"]), numberText(cell["total_ms"]), numberText(cell["cost_usd"]),
            cell["cached"].get<bool>() ? "true" : "false", errorText(cell["error"])};
        for (std::size_t i = 0; i < fields.size(); ++i)
            csv += (i ? "," : "") + csvField(fields[i]);
        csv += "\r\n";
    }
    return csv;
}

std::string toMarkdown(const EvalReport &report)
{
    std::string md = "# " + markdownCell(title(report)) + "\n\n";
    const SummaryTable table = summaryTable(report);
    const auto addRow = [&md](const std::vector<std::string> &cells) {
        md += "|";
        for (const std::string &cell : cells)
            md += " " + markdownCell(cell) + " |";
        md += "\n";
    };
    const auto addTable = [&md, &addRow](const SummaryTable &table) {
        addRow(table.header);
        md += "|";
        for (std::size_t i = 0; i < table.header.size(); ++i)
            md += i == 0 ? " --- |" : " ---: |";
        md += "\n";
        for (const auto &row : table.rows)
            addRow(row);
    };
    // The acceptance criteria come first: what a reader of a PRD looks for.
    if (!report.specs.empty()) {
        const SummaryTable specs = specTable(report);
        md += "## Specs\n\n";
        addRow(specs.header);
        md += "| --- | --- | --- | ---: | ---: | --- | --- |\n";
        for (const auto &row : specs.rows)
            addRow(row);
        md += "\nUndecided: the 95% interval reaches past the requirement, so this run cannot "
              "tell; it fails like an unmet spec until more cases decide it.\n\n## Summary\n\n";
    }
    if (table.rows.empty()) {
        md += "No cells answered yet.\n";
    } else {
        addTable(table);
    }
    for (const std::string &line : corpusLines(report))
        md += "\n" + markdownCell(line) + "\n";
    if (!report.comparisons.empty()) {
        md += "\n## A/B\n\n";
        for (const std::string &line : comparisonLines(report))
            md += "- " + markdownCell(line) + "\n";
    }
    if (!report.projections.empty()) {
        md += "\n## Cost at " + fixed(report.projections.begin()->second.callsPerDay, 0)
            + " calls a day\n\n";
        for (const auto &line : projectionLines(report))
            md += "- " + markdownCell(line) + "\n";
    }
    for (const ClassificationSection &section : classificationSections(report)) {
        md += "\n## Classification: " + markdownCell(section.target) + "\n\n" + section.headline
            + "\n\n";
        addTable(section.perClass);
        md += "\nConfusion matrix (rows: expected label, columns: the answer):\n\n";
        addTable(section.confusion);
        md += "\n" + classificationMethods(report) + "\n";
    }
    for (const HumanResults &human : report.human) {
        md += "\n## Human ratings: session " + markdownCell(human.session) + "\n\n";
        for (const std::string &line : human.lines)
            md += "- " + markdownCell(std::string(util::trimAsciiSpace(line))) + "\n";
    }
    if (!report.gates.empty()) {
        md += "\n## Gates\n\n";
        for (const GateOutcome &gate : report.gates)
            md += "- " + markdownCell(gateLine(gate)) + "\n";
    }
    std::vector<const json *> failed;
    for (const json &cell : report.cells) {
        if (!cell["pass"].get<bool>())
            failed.push_back(&cell);
    }
    if (!failed.empty()) {
        md += "\n## Failed cells (" + std::to_string(failed.size()) + ")\n\n";
        addRow({"Case", columnHeading(report), "Repeat", "Why", "Answer"});
        md += "| ---: | --- | ---: | --- | --- |\n";
        for (const json *cell : failed)
            addRow({numberText((*cell)["case"]), (*cell)["column"].get<std::string>(),
                numberText((*cell)["repeat"]), excerpt(whyFailed(*cell), 120),
                excerpt((*cell)["text"].get<std::string>(), 80)});
    }
    return md;
}

} // namespace ps::run
