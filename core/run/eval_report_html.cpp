// The evaluation report as the HTML document a PM attaches to a PRD: what was evaluated, the
// specs, the figures with their intervals and charts (inline SVG), the failing cases with their
// inputs, and how every number was made. One file, no scripts, prints cleanly to PDF.

#include "run/eval_report.h"
#include "run/eval_report_sections.h"
#include "run/report_charts.h"
#include "util/html_text.h"
#include "util/number_text.h"

namespace ps::run {

using namespace report_text;
using nlohmann::json;
using util::fixed;
using util::htmlEscaped;

namespace {

constexpr const char *kStyle
    = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1.5em;"
      "color:#1f1f1f;line-height:1.45}\n"
      "h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;"
      "padding-bottom:.2em}\n"
      ".meta{color:#555;margin-top:0}.note{color:#555;font-size:.92em}\n"
      "table{border-collapse:collapse;margin:1em 0;max-width:100%}\n"
      "th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}\n"
      "th{background:#f3f3f3}td.num{text-align:right;white-space:nowrap}"
      "td:first-child{white-space:nowrap}\n"
      ".pass{color:#176f2c}.fail{color:#b3261e;font-weight:bold}\n"
      ".met{color:#176f2c;font-weight:bold}.unmet{color:#b3261e;font-weight:bold}"
      ".undecided{color:#8a5a00;font-weight:bold}\n"
      "td.text{white-space:pre-wrap;overflow-wrap:anywhere;max-width:32em}\n"
      "figure{margin:1em 0;break-inside:avoid}figcaption{color:#555;font-size:.92em}\n"
      "svg{max-width:100%;height:auto}\n"
      "dt{font-weight:bold;margin-top:.6em}dd{margin-left:1.2em}\n"
      "table.cells{font-size:.9em}\n"
      "@page{margin:14mm}\n"
      "@media print{body{margin:0;max-width:none;padding:0}h2{break-after:avoid}"
      "tr,figure{break-inside:avoid}table.cells{font-size:8pt}}\n";

std::string table(const SummaryTable &rows, const char *cssClass = nullptr)
{
    std::string html = cssClass ? std::string("<table class=\"") + cssClass + "\">\n<tr>"
                                : std::string("<table>\n<tr>");
    for (const std::string &heading : rows.header)
        html += "<th>" + htmlEscaped(heading) + "</th>";
    html += "</tr>\n";
    for (const auto &row : rows.rows) {
        html += "<tr>";
        for (std::size_t i = 0; i < row.size(); ++i)
            html += (i ? "<td class=\"num\">" : "<td>") + htmlEscaped(row[i]) + "</td>";
        html += "</tr>\n";
    }
    return html + "</table>\n";
}

std::string figure(const std::string &svg, const std::string &caption)
{
    if (svg.empty())
        return {};
    return "<figure>\n" + svg + "<figcaption>" + htmlEscaped(caption) + "</figcaption>\n</figure>\n";
}

// "2026-12-06T10:17:03Z" -> "2026-12-06 10:17 UTC".
std::string when(const std::string &iso)
{
    if (iso.size() < 16)
        return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string heading(const EvalReport &report)
{
    std::string h1;
    for (const std::string &version : report.versions)
        h1 += (h1.empty() ? "" : " vs ") + version;
    if (h1.empty())
        h1 = report.version;
    if (!report.datasetName.empty())
        h1 += " on " + report.datasetName;
    std::string meta = "Evaluation " + report.runId;
    if (!report.datasetName.empty())
        meta += " · dataset " + report.datasetName + " revision "
            + std::to_string(report.datasetRevision);
    std::string targets;
    for (const std::string &target : report.targets)
        targets += (targets.empty() ? "" : ", ") + target;
    meta += " · targets " + targets;
    if (!report.cases.empty())
        meta += " · " + std::to_string(report.cases.size()) + " cases × "
            + std::to_string(report.repeats) + (report.repeats == 1 ? " answer" : " answers");
    meta += " · started " + when(report.started) + " · " + report.status;
    return "<header>\n<h1>" + htmlEscaped(h1) + "</h1>\n<p class=\"meta\">" + htmlEscaped(meta)
        + "</p>\n</header>\n";
}

std::string specSection(const EvalReport &report)
{
    if (report.specs.empty())
        return {};
    std::string html = "<h2>Specs</h2>\n<table>\n<tr><th>Spec</th><th>Column</th>"
                       "<th>Requirement</th><th>Value</th><th>95% CI</th><th>Status</th>"
                       "<th>Why</th></tr>\n";
    const SummaryTable rows = specTable(report);
    for (std::size_t i = 0; i < report.specs.size(); ++i) {
        const std::vector<std::string> &row = rows.rows[i];
        const std::string status(eval::toString(report.specs[i].result.status));
        html += "<tr><td>" + htmlEscaped(row[0]) + "</td><td>" + htmlEscaped(row[1])
            + "</td><td><code>" + htmlEscaped(row[2]) + "</code></td><td class=\"num\">"
            + htmlEscaped(row[3]) + "</td><td class=\"num\">" + htmlEscaped(row[4])
            + "</td><td class=\"" + status + "\">" + htmlEscaped(row[5]) + "</td><td>"
            + htmlEscaped(row[6]) + "</td></tr>\n";
    }
    return html
        + "</table>\n<p class=\"note\">Undecided: the figure's 95% interval reaches past the "
          "requirement, so this run cannot tell; it counts as not met until more cases decide "
          "it.</p>\n";
}

// A case's inputs, one "name: value" line each, long values cut.
std::string inputsText(const EvalReport &report, int caseIndex)
{
    if (caseIndex < 0 || std::size_t(caseIndex) >= report.cases.size())
        return "–";
    std::string text;
    for (const auto &[name, value] : report.cases[std::size_t(caseIndex)].vars.items())
        text += (text.empty() ? "" : "\n") + name + ": "
            + excerpt(value.is_string() ? value.get<std::string>() : value.dump(), 300);
    return text.empty() ? "–" : text;
}

std::string failingCases(const EvalReport &report)
{
    std::vector<const json *> failed;
    for (const json &cell : report.cells)
        if (!cell["pass"].get<bool>())
            failed.push_back(&cell);
    if (failed.empty())
        return "<h2>Failing cases</h2>\n<p>Every cell passed.</p>\n";
    std::string html = "<h2>Failing cases (" + std::to_string(failed.size())
        + ")</h2>\n<table>\n<tr><th>Case</th><th>Inputs</th><th>Expected</th><th>"
        + columnHeading(report) + "</th><th>Answer</th><th>Why it failed</th></tr>\n";
    for (const json *cell : failed) {
        const int index = (*cell)["case"].get<int>();
        const std::string expected = index >= 0 && std::size_t(index) < report.cases.size()
            ? report.cases[std::size_t(index)].expected.value_or("–")
            : "–";
        html += "<tr><td class=\"num\">" + numberText((*cell)["case"]) + "</td><td class=\"text\">"
            + htmlEscaped(inputsText(report, index)) + "</td><td class=\"text\">"
            + htmlEscaped(excerpt(expected, 300)) + "</td><td>"
            + htmlEscaped((*cell)["column"].get<std::string>()) + "</td><td class=\"text\">"
            + htmlEscaped(excerpt((*cell)["text"].get<std::string>(), 400)) + "</td><td class=\"text\">"
            + htmlEscaped(excerpt(whyFailed(*cell), 300)) + "</td></tr>\n";
    }
    return html + "</table>\n";
}

std::string methods(const EvalReport &report)
{
    std::string html = "<h2>Methods</h2>\n<dl>\n";
    const auto item = [&html](const std::string &term, const std::string &meaning) {
        html += "<dt>" + htmlEscaped(term) + "</dt><dd>" + htmlEscaped(meaning) + "</dd>\n";
    };
    item("Pass rate",
        "The share of cells whose every assertion passed; a cell whose request failed counts as "
        "failed. Its 95% interval is Wilson's score interval (z = 1.959963984540054).");
    item("Mean score",
        "The weighted assertion score (0 to 1) averaged over the cells, with a percentile "
        "bootstrap 95% interval: "
            + std::to_string(report.bootstrap.resamples) + " resamples drawn with seed "
            + std::to_string(report.bootstrap.seed)
            + " (report --seed draws them again, to the last digit).");
    int cached = 0;
    for (const auto &[target, summary] : report.summary)
        cached += summary.cached;
    item("Latency and time to first token",
        "p50, p95 and p99 by linear interpolation between ranks (numpy's default), over the "
        "answers that reached the provider. Cached answers sent nothing and are counted apart ("
            + std::to_string(cached) + " in this run), never as 0 ms.");
    item("Cost",
        "Each answer's tokens at the project's price, else the catalogue's. A total adds the "
        "known costs and is unknown when an answer has no price; the cost per call averages the "
        "answers that reached the provider.");
    if (!report.classification.empty())
        item("Classification", std::string(eval::kLabelNormalisation)
                + ". Precision, recall and F1 per class, macro and weighted F1 and the confusion "
                  "matrix are scikit-learn's (classification_report, zero_division=0), averaged "
                  "over the expected labels; a failed request is the answer \"(no answer)\". "
                  "Accuracy's interval is Wilson's, the F1s' are percentile bootstrap intervals.");
    if (!report.corpus.empty())
        item("Corpus BLEU and chrF",
            "As sacreBLEU 2.x computes them: corpus_bleu with 13a tokens and exp smoothing; chrF "
            "with character 6-grams, β = 2, whitespace removed.");
    if (!report.specs.empty())
        item("Specs",
            "Met when the figure and its whole 95% interval satisfy the requirement, not met "
            "when neither does, undecided otherwise; figures without an interval (bounds, "
            "latency, cost) are decided by their value.");
    if (!report.projections.empty())
        item("Cost projection",
            "The mean cost per call of the answers that reached the provider × calls a day × "
            "730/24 days; its interval is the bootstrap interval of that mean, scaled.");
    return html + "</dl>\n";
}

} // namespace

std::string toHtml(const EvalReport &report)
{
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>"
        + htmlEscaped(title(report)) + "</title>\n<style>\n" + kStyle
        + "</style>\n</head>\n<body>\n" + heading(report) + specSection(report);

    html += "<h2>Summary</h2>\n" + table(summaryTable(report));
    for (const std::string &line : corpusLines(report))
        html += "<p>" + htmlEscaped(line) + "</p>\n";
    const std::string each = report.versions.size() > 1 ? "column" : "target";
    html += figure(passRateChart(report),
        "Pass rate per " + each + "; the whisker is its 95% Wilson interval.");
    html += figure(qualityCostChart(report),
        "Quality against cost: pass rate and mean cost per call of each " + each
            + " (up and to the left is better).");
    html += figure(latencyChart(report),
        "Latency: the box spans p50 to p95, the whisker reaches p99.");
    if (!report.comparisons.empty()) {
        html += "<h2>A/B</h2>\n<ul>\n";
        for (const std::string &line : comparisonLines(report))
            html += "<li>" + htmlEscaped(line) + "</li>\n";
        html += "</ul>\n<p class=\"note\">Each pair is the same case and repeat answered in both "
                "columns; `promptsmith-cli compare RUN:A RUN:B` gives the same figures.</p>\n";
    }
    if (!report.projections.empty()) {
        html += "<h2>Cost at " + fixed(report.projections.begin()->second.callsPerDay, 0)
            + " calls a day</h2>\n<ul>\n";
        for (const std::string &line : projectionLines(report))
            html += "<li>" + htmlEscaped(line) + "</li>\n";
        html += "</ul>\n";
    }
    for (const ClassificationSection &section : classificationSections(report)) {
        html += "<h2>Classification: " + htmlEscaped(section.target) + "</h2>\n<p>"
            + htmlEscaped(section.headline) + "</p>\n" + table(section.perClass);
        html += figure(confusionHeatmap(report.classification.at(section.target)),
            "Confusion matrix: rows are the expected labels, columns the answers; blue cells are "
            "right, red ones wrong, stronger the larger their share of the row.");
        html += table(section.confusion)
            + "<p class=\"note\">" + htmlEscaped(classificationMethods(report)) + "</p>\n";
    }
    for (const HumanResults &human : report.human) {
        html += "<h2>Human ratings: session " + htmlEscaped(human.session) + "</h2>\n<ul>\n";
        for (const std::string &line : human.lines)
            html += "<li>" + htmlEscaped(line) + "</li>\n";
        html += "</ul>\n";
    }
    if (!report.gates.empty()) {
        html += "<h2>Gates</h2>\n<ul>\n";
        for (const GateOutcome &gate : report.gates)
            html += std::string("<li class=\"") + (gate.result.pass ? "pass" : "fail") + "\">"
                + htmlEscaped(gateLine(gate)) + "</li>\n";
        html += "</ul>\n";
    }
    html += failingCases(report) + methods(report);

    html += "<h2>All cells</h2>\n<table class=\"cells\">\n<tr><th>Case</th><th>"
        + columnHeading(report)
        + "</th><th>Repeat</th><th>Result</th><th>Score</th><th>Answer</th><th>Assertions</th>"
            "<th>ms</th></tr>\n";
    for (const json &cell : report.cells) {
        const bool pass = cell["pass"].get<bool>();
        const std::string error = errorText(cell["error"]);
        html += "<tr><td class=\"num\">" + numberText(cell["case"]) + "</td><td>"
            + htmlEscaped(cell["column"].get<std::string>()) + "</td><td class=\"num\">"
            + numberText(cell["repeat"]) + "</td><td class=\""
            + (pass ? "pass\">pass" : "fail\">fail") + "</td><td class=\"num\">"
            + fixed(cell["score"].get<double>(), 3) + "</td><td class=\"text\">"
            + htmlEscaped(error.empty() ? cell["text"].get<std::string>() : error) + "</td><td>"
            + htmlEscaped(assertionsText(cell["assertions"], false)) + "</td><td class=\"num\">"
            + (cell["cached"].get<bool>() ? std::string("cached")
                                          : fixed(cell["total_ms"].get<double>(), 0))
            + "</td></tr>\n";
    }
    return html + "</table>\n</body>\n</html>\n";
}

} // namespace ps::run
