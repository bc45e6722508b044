#include "evaluation_results.h"

#include <QObject>

#include <map>
#include <tuple>

#include "eval/classification.h"
#include "eval/dataset.h"
#include "run/eval_report.h"
#include "run/eval_report_sections.h"
#include "store/run_store.h"

namespace ps::app {

using nlohmann::json;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

QString inputsOf(const eval::DatasetCase &item)
{
    QStringList lines;
    for (const auto &[name, value] : item.vars.items())
        lines << qs(name) + QStringLiteral(": ")
                + qs(value.is_string() ? value.get<std::string>() : value.dump());
    return lines.join(QLatin1Char('\n'));
}

// A per-column figure the report has only for some columns (with repeats).
std::optional<double> figureOf(const std::map<std::string, double> &figures, const std::string &column)
{
    const auto found = figures.find(column);
    return found == figures.end() ? std::nullopt : std::optional<double>(found->second);
}

widgets::EvalCellResult cellOf(const json &cell)
{
    widgets::EvalCellResult result;
    result.caseIndex = cell.value("case", 0);
    result.repeat = cell.value("repeat", 0);
    result.column = qs(cell.value("column", std::string()));
    result.pass = cell.value("pass", false);
    result.score = cell.value("score", 0.0);
    result.text = qs(cell.value("text", std::string()));
    result.error = qs(run::report_text::errorText(cell["error"]));
    result.cached = cell.value("cached", false);
    // null for a batch answer, which waited in a queue and has no latency of its own
    if (cell.contains("total_ms") && cell["total_ms"].is_number())
        result.totalMs = cell["total_ms"].get<double>();
    result.batched = cell.contains("batch_id");
    if (cell.contains("cost_usd") && cell["cost_usd"].is_number())
        result.costUsd = cell["cost_usd"].get<double>();
    result.predicted = qs(eval::answeredLabel(
        cell.value("text", std::string()), cell.contains("error") && !cell["error"].is_null()));
    for (const json &assertion : cell.value("assertions", json::array()))
        result.assertions.push_back({qs(assertion.value("type", std::string())),
            assertion.value("pass", false), assertion.value("score", 0.0),
            qs(assertion.value("reason", std::string()))});
    return result;
}

} // namespace

namespace {

// What a stored response adds to its cell beyond the report's figures.
void addRecorded(widgets::EvalCellResult &cell, const store::ResponseRecord &record)
{
    if (record.renderedRequest.is_object() && !record.renderedRequest.empty())
        cell.request = qs(record.renderedRequest.dump(2, ' ', false, json::error_handler_t::replace));
    cell.ttftMs = record.ttftMs;
    cell.inputTokens = record.inputTokens;
    cell.outputTokens = record.outputTokens;
}

} // namespace

widgets::EvalCellResult evalCell(const store::ResponseRecord &record, const QString &column)
{
    json error = nullptr;
    if (record.error)
        error = {{"category", record.error->category}, {"message", record.error->message}};
    json cell = {{"case", record.caseIndex.value_or(0)}, {"repeat", record.repeatIndex.value_or(0)},
        {"column", column.toStdString()}, {"pass", !record.error && record.pass.value_or(false)},
        {"score", record.error ? 0.0 : record.score.value_or(0.0)}, {"text", record.text},
        {"error", error}, {"cached", record.cached}, {"total_ms", record.totalMs},
        {"assertions", record.assertions.is_array() ? record.assertions : json::array()}};
    if (record.costUsd)
        cell["cost_usd"] = *record.costUsd;
    widgets::EvalCellResult result = cellOf(cell);
    addRecorded(result, record);
    return result;
}

widgets::EvalResults evalResults(
    const run::EvalReport &report, const std::vector<store::ResponseRecord> &responses)
{
    widgets::EvalResults results = evalResults(report);
    // By case, column and repeat: how the report keys its cells too.
    std::map<std::tuple<int, QString, int>, const store::ResponseRecord *> byCell;
    for (const store::ResponseRecord &response : responses) {
        if (!response.caseIndex)
            continue;
        const QString target = qs(response.targetId);
        const QString column = results.byVersion ? qs(response.version) + QLatin1Char('|') + target : target;
        byCell[{*response.caseIndex, column, response.repeatIndex.value_or(0)}] = &response;
    }
    for (widgets::EvalCellResult &cell : results.cells)
        if (const auto found = byCell.find({cell.caseIndex, cell.column, cell.repeat});
            found != byCell.end())
            addRecorded(cell, *found->second);
    return results;
}

widgets::EvalResults evalResults(const run::EvalReport &report)
{
    widgets::EvalResults results;
    results.runId = qs(report.runId);
    results.title = qs(run::report_text::versionsText(report));
    if (!report.datasetName.empty())
        results.title += QObject::tr(" on %1 (revision %2)")
                             .arg(qs(report.datasetName))
                             .arg(report.datasetRevision);
    results.status = qs(report.status);
    results.resumable = report.status == "cancelled" || report.status == "incomplete";
    results.byVersion = report.versions.size() > 1;
    results.repeats = report.repeats;
    for (const std::string &column : report.columns)
        results.columns << qs(column);
    for (std::size_t i = 0; i < report.cases.size(); ++i) {
        const eval::DatasetCase &item = report.cases[i];
        const auto label = eval::expectedLabel(item);
        QStringList tags;
        for (const std::string &tag : item.tags)
            tags << qs(tag);
        results.cases.push_back({int(i), inputsOf(item), qs(item.expected.value_or("")),
            label ? qs(eval::normalizeLabel(*label)) : QString(), tags});
    }
    for (const json &cell : report.cells)
        results.cells.push_back(cellOf(cell));
    for (const std::string &column : report.columns) {
        const auto found = report.summary.find(column);
        if (found == report.summary.end())
            continue;
        const eval::TargetSummary &s = found->second;
        results.summary.push_back({qs(column), s.n, s.passed, s.passRate, s.passRateCi95.low,
            s.passRateCi95.high, s.meanScore, s.latencyMsP50, s.latencyMsP95, s.latencyMsP99,
            s.costUsd, s.costUsdPerCall, s.errors, s.cached, figureOf(report.identicalShare, column),
            figureOf(report.passHatK, column)});
    }
    for (const run::report_text::ClassificationSection &section :
        run::report_text::classificationSections(report)) {
        const eval::ClassificationMetrics &metrics = report.classification.at(section.target);
        widgets::EvalClassification shown;
        shown.column = qs(section.target);
        shown.headline = qs(section.headline);
        for (const std::string &heading : section.perClass.header)
            shown.perClassHeader << qs(heading);
        for (const auto &row : section.perClass.rows) {
            QStringList cells;
            for (const std::string &cell : row)
                cells << qs(cell);
            shown.perClass << cells;
        }
        for (const std::string &label : metrics.labels)
            shown.labels << qs(label);
        // The confusion table's header: "Expected ↓ answered →", the predicted columns, and
        // perhaps the folded one; its rows: the label, then counts.
        const auto &header = section.confusion.header;
        shown.othersFolded = header.size() > 1 && header.back().rfind("Any other answer", 0) == 0;
        for (std::size_t i = 1; i + (shown.othersFolded ? 1 : 0) < header.size(); ++i)
            shown.predictedColumns << qs(header[i]);
        for (const auto &row : section.confusion.rows) {
            QList<int> counts;
            for (std::size_t i = 1; i < row.size(); ++i)
                counts << std::stoi(row[i]);
            shown.confusion << counts;
        }
        results.classification.push_back(std::move(shown));
    }
    for (const std::string &line : run::report_text::comparisonLines(report))
        results.comparisons << qs(line);
    for (const run::GateOutcome &gate : report.gates)
        results.gates << qs(run::report_text::gateLine(gate));
    for (const run::SpecOutcome &spec : report.specs)
        results.specs << QStringLiteral("%1 · %2 · %3 [%4]")
                             .arg(qs(std::string(eval::toString(spec.result.status))),
                                 qs(spec.spec.name), qs(spec.spec.expression), qs(spec.column));
    if (!report.gates.empty() || report.specsAreGates)
        results.gatesPassed = run::exitCode(report) == 0; // eval's own verdict
    return results;
}

} // namespace ps::app
