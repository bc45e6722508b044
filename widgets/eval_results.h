#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// An evaluation run's results as the Evaluate tab shows them: made by the app from core's
// report (the same figures `report --json` prints), read by the tab's views.
namespace ps::widgets {

struct EvalAssertionResult
{
    QString type;
    bool pass = false;
    double score = 0.0;
    QString reason;
};

// One answer: a column's answer to a case in one repeat.
struct EvalCellResult
{
    int caseIndex = 0;
    int repeat = 0;
    QString column; // a key of EvalResults::columns
    bool pass = false;
    double score = 0.0;
    QString text;
    QString error; // "category: message", empty when it answered
    bool cached = false;
    double totalMs = 0.0;
    bool batched = false; // answered by a provider's batch: no latency of its own
    std::optional<double> costUsd;
    std::vector<EvalAssertionResult> assertions;
    QString predicted; // the answer as a label (normalised), for the confusion matrix
    QString request; // the request as sent (indented JSON, never with a key); "" when unknown
    std::optional<double> ttftMs;
    std::optional<long long> inputTokens;
    std::optional<long long> outputTokens;
};

struct EvalCaseRow
{
    int index = 0;
    QString inputs; // "name: value" lines
    QString expected;
    QString expectedLabel; // normalised; empty when the case expects no label
    QStringList tags;
};

// One column's classification, as the report shows it.
struct EvalClassification
{
    QString column;
    QString headline; // accuracy and F1s with their intervals
    QStringList perClassHeader;
    QList<QStringList> perClass;
    QStringList labels; // the expected labels: the confusion matrix's rows
    QStringList predictedColumns; // its columns: labels, then other answers
    bool othersFolded = false; // a last column counts every other answer
    QList<QList<int>> confusion; // rows by labels, columns as above (+ the folded one)
};

struct EvalColumnSummary
{
    QString column;
    int n = 0;
    int passed = 0;
    double passRate = 0.0;
    double passRateLow = 0.0; // the 95% Wilson interval
    double passRateHigh = 0.0;
    double meanScore = 0.0;
    std::optional<double> latencyMsP50;
    std::optional<double> latencyMsP95;
    std::optional<double> latencyMsP99;
    std::optional<double> costUsd;
    std::optional<double> costUsdPerCall; // over the answers that reached the provider
    int errors = 0;
    int cached = 0;
    // With repeats: the share of cases whose answers were all identical, and pass^k.
    std::optional<double> identicalShare;
    std::optional<double> passHatK;
};

struct EvalResults
{
    QString runId;
    QString title; // "ticket-triage@3 on tickets"
    QString status; // complete, cancelled, incomplete, running
    bool resumable = false; // cancelled or incomplete: Resume sends what is missing
    QStringList columns; // in the run's order
    bool byVersion = false; // columns are NAME@N|TARGET
    int repeats = 1; // answers asked of each case and column
    std::vector<EvalCaseRow> cases;
    std::vector<EvalCellResult> cells; // by case, column, repeat
    std::vector<EvalColumnSummary> summary; // in column order
    QStringList comparisons; // the A/B sentences
    QStringList specs; // "met  name  expr  [column]  value"
    QStringList gates; // "pass pass_rate>=0.8 on T (actual 0.9)"
    // With gates (or specs as gates): whether all pass, as `eval` exits 0 or 1.
    std::optional<bool> gatesPassed;
    std::vector<EvalClassification> classification; // per column, when cases expect labels
};

// What an evaluation is started with (Evaluate ▸ Run).
struct EvalChoice
{
    QStringList versions; // NAME@N, one or more
    QString dataset;
    QStringList targets;
    int repeats = 1;
    int concurrency = 4;
    bool useCache = true;
    QStringList gates; // expressions such as pass_rate>=0.85, checked per column
    bool specsAreGates = false; // the prompt's specs are checked as gates too (eval --spec)
    bool batch = false; // through the targets' batch APIs: half the price, within 24 hours
    bool retryFailedLive = false; // a cell the batch failed is asked again live, not reported
};

// What the tab offers to choose from.
struct EvalOffer
{
    QString prompt;
    QStringList versions; // NAME@N, newest first
    QStringList datasets;
    QStringList targets;
    QStringList specs; // the prompt's, "name: expression — why"
    QStringList batchTargets; // the targets whose provider has a batch API (openai, anthropic)
};

} // namespace ps::widgets
