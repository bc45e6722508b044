#pragma once

#include "dispatch/dispatcher.h"
#include "eval/judge.h"
#include "run/eval_cases.h"
#include "store/run_store.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ps::model {
struct VersionRecord;
} // namespace ps::model
namespace ps::store {
class Project;
} // namespace ps::store

// Runs one or more versions over a dataset for several targets (CLI.md "Running": eval): every
// cell — a column's answer to a case in one repeat, a column being a version × a target — is sent through the dispatcher, judged by the case's
// assertions and committed to the project as it completes, so a run cut short resumes where it
// stopped.
namespace ps::run {

// What an evaluation run is, as stored in its options so that --resume needs nothing else.
struct EvalSpec
{
    std::int64_t datasetId = 0; // the dataset revision
    std::vector<std::string> targets; // in order; the first is the default judge
    int repeat = 1;
    int concurrency = 8; // cells in flight at once, over all targets
    // Answer from (and fill) the response cache. Only repeat 0 uses it: later repeats would
    // otherwise be copies of the first answer, and they exist to measure variation.
    bool useCache = true;
    nlohmann::json vars = nlohmann::json::object(); // values under each case's own vars
    // The user's judge prompts for llm-rubric and groundedness; empty: core's defaults.
    std::string rubricPrompt {};
    std::string groundednessPrompt {};
    nlohmann::json extra = nlohmann::json::object(); // kept with the run (e.g. "gates")
    // Send the cells through the targets' batch APIs (openai, anthropic): half the price,
    // answered within 24 hours. Judges still answer live.
    bool batch = false;
    // A cell the batch reports as failed is asked again live; otherwise it is stored with its
    // error (and a later --resume sends it in a new batch).
    bool retryFailedLive = false;
    double batchPollSeconds = 30; // between two looks at a batch's status

    // {"repeat", "concurrency", "cache", "vars", "rubric_prompt"?, "groundedness_prompt"?,
    // "batch"?: {"failed": "retry"|"report", "poll_seconds"}, ...extra}
    nlohmann::json toOptions() const;
    // The spec a run was started with (its dataset, targets and options).
    static EvalSpec fromRun(const model::RunRecord &run);
};

struct EvalProgress
{
    int done = 0; // cells stored, from earlier sessions of the run too
    int total = 0;
    double elapsedSeconds = 0; // of this session
    std::optional<double> etaSeconds; // nullopt until a cell of this session has completed
    // A batch run waiting on its batches: "2 batches at the provider: 340 of 1,000 answered".
    std::string stage;
};

// The USD cost of an answer; nullopt when no price is known. Cached answers cost nothing and
// are never priced.
using CostFunction = std::function<std::optional<double>(
    const dispatch::TargetCall &call, const dispatch::CallOutcome &outcome)>;

struct EvalResult
{
    std::string runId;
    bool cancelled = false;
    int total = 0;
    int skipped = 0; // already answered before this session
    int sent = 0; // cells submitted in this session
    int answered = 0; // stored without an error in this session
    int errored = 0; // stored with an error in this session
    std::vector<std::string> storeErrors; // cells that could not be stored
    // A cell could not be stored: nothing more was sent, the calls in flight were cancelled and
    // the run is left incomplete (never complete) for --resume.
    bool storeFailed = false;
    int unsent = 0; // cells never submitted in this session
    // Batch runs: the batches this session waited on, the cells their results filled, and the
    // problem that stopped the waiting (the run is then incomplete; --resume goes on).
    std::vector<std::string> batchIds;
    int batchAnswered = 0;
    int retriedLive = 0; // cells a batch failed and this session asked again live
    std::string batchProblem;
    bool detached = false; // stopped waiting by detach(): the batches run on
};

class EvalRunner
{
public:
    // `project` and `dispatcher` must outlive the runner.
    EvalRunner(const store::Project &project, dispatch::Dispatcher &dispatcher, CostFunction cost);
    ~EvalRunner();
    EvalRunner(const EvalRunner &) = delete;
    EvalRunner &operator=(const EvalRunner &) = delete;

    // Checks everything before anything is sent — the dataset revision (store NotFound), each
    // case (EvalInputError), each target and judge target (store NotFound, TargetCallError,
    // dispatch::UntrustedProviderError for one this machine has not approved) — then creates
    // the run.
    model::RunRecord start(const model::VersionRecord &version, const EvalSpec &spec);
    // The same over several versions (each once; BadInput otherwise): columns are version ×
    // target, the run is the first version's and its options list them all ("versions").
    model::RunRecord start(const std::vector<model::VersionRecord> &versions, const EvalSpec &spec);
    // Takes over an eval run that is not running elsewhere (store NotFound for an unknown run,
    // BadInput for a run of another kind or one still running), after the same checks.
    model::RunRecord resume(const std::string &runId);

    // Sends every cell not answered yet (errored cells are tried again), at most
    // spec.concurrency at once, commits each as it completes, and marks the run complete, or
    // cancelled after cancel(), or incomplete at the first cell that cannot be stored. `progress`
    // is called on this thread after each completed cell and at least every 100 ms.
    EvalResult execute(const std::function<void(const EvalProgress &)> &progress = {});

    // Called on execute()'s thread with each cell once it is stored (its version's NAME@N in
    // `version`): what a window shows while the run goes on.
    void setCellObserver(std::function<void(const store::ResponseRecord &)> observer)
    {
        m_cellObserver = std::move(observer);
    }

    // Stops submitting and cancels the calls in flight; execute() then returns soon. Only sets
    // a flag: safe from any thread, and from a signal handler.
    void cancel() { m_cancelRequested.store(true); }
    // A batch run stops waiting and leaves its batches running at the provider; the run is
    // incomplete and --resume collects them. A live run treats it as cancel().
    void detach()
    {
        m_detachRequested.store(true);
        m_cancelRequested.store(true);
    }

private:
    struct Cell
    {
        std::size_t versionIndex = 0;
        std::size_t caseIndex = 0;
        std::size_t targetIndex = 0;
        int repeatIndex = 0;
    };
    struct Shared;
    struct Session;
    class BatchSession;

    std::vector<Cell> pendingCells(EvalResult &result) const;
    // Sends `cells` live, at most spec.concurrency at once, storing each as it completes.
    void sendLive(const std::vector<Cell> &cells, EvalResult &result, Session &session,
        const std::function<void(const EvalProgress &)> &progress);
    void executeBatch(std::vector<Cell> pending, EvalResult &result, Session &session,
        const std::function<void(const EvalProgress &)> &progress);
    std::string customId(const Cell &cell) const;
    std::optional<Cell> cellOf(const std::string &customId, std::size_t targetIndex) const;

    void prepare(const std::vector<model::VersionRecord> &versions, const EvalSpec &spec);
    dispatch::TargetCall callFor(const Cell &cell) const;
    eval::JudgeVerdict judge(const eval::JudgeRequest &request);
    store::ResponseRecord cellRecord(const Cell &cell, const dispatch::TargetCall &call,
        const dispatch::CallOutcome &outcome);

    const store::Project &m_project;
    dispatch::Dispatcher &m_dispatcher;
    CostFunction m_cost;
    std::atomic<bool> m_cancelRequested {false};
    std::atomic<bool> m_detachRequested {false};

    std::optional<model::RunRecord> m_run;
    EvalSpec m_spec;
    std::vector<std::int64_t> m_versionIds; // in column order
    std::vector<std::string> m_versionRefs; // NAME@N of each
    std::function<void(const store::ResponseRecord &)> m_cellObserver;
    std::vector<std::vector<PreparedCase>> m_cases; // per version, per case
    // Per version, each target's call without messages (the version's params), built once: a
    // cell's call is a copy with its own.
    std::vector<std::vector<dispatch::TargetCall>> m_targetCalls;
};

} // namespace ps::run
