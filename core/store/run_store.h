#pragma once

#include "model/prompt_record.h"
#include "model/run_record.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

// Runs and their responses as they arrive (DESIGN.md "Run, Response"): what was sent to which
// target, what came back, and how long it took.
namespace ps::store {

class Database;
class Project;

struct ResponseError
{
    std::string category; // CLI.md's error categories
    std::string message;
    std::optional<int> status; // HTTP status when there was one

    bool operator==(const ResponseError &) const = default;
};

struct ResponseRecord
{
    std::int64_t id = 0; // set by the store
    std::string runId; // set by the store
    std::string targetId;
    std::string model;
    // The version the answer came from: 0 when stored means the run's; read back, always set.
    std::int64_t versionId = 0;
    std::string version; // read back: NAME@N
    bool draft = false; // unsaved edits on `version` were sent
    nlohmann::json renderedRequest = nlohmann::json::object(); // as sent, never with a key
    std::string text;
    nlohmann::json toolCalls = nlohmann::json::array();
    // The answer's tokens with their log-probabilities, when the provider sent them:
    // [{"token", "logprob", "top": [[token, logprob], ...]}].
    nlohmann::json logprobs = nlohmann::json::array();
    std::string finishReason;
    std::optional<long long> inputTokens;
    std::optional<long long> outputTokens;
    std::optional<long long> cachedTokens;
    std::optional<long long> reasoningTokens;
    std::optional<double> costUsd;
    std::optional<double> ttftMs;
    double totalMs = 0;
    int attempts = 1;
    bool cached = false;
    std::optional<std::string> fellBackFrom;
    std::optional<ResponseError> error;
    // The provider's batch this answer came from; empty when it was asked live. A batch answer
    // has no latency of its own (totalMs is 0 and is not one).
    std::string batchId;
    std::string created; // set by the store
    // Evaluation cells only (absent for `run`): which case and repeat, and the verdict.
    std::optional<int> caseIndex;
    std::optional<int> repeatIndex;
    std::optional<bool> pass;
    std::optional<double> score;
    // [{"type", "pass", "score", "weight", "reason", ("judge_reason")}] as evaluated
    nlohmann::json assertions = nlohmann::json::array();
};

// One cell of an evaluation run: a version's answer on a target to a case in one repeat.
struct CellKey
{
    std::int64_t versionId = 0; // the answer's own version, else the run's
    std::string targetId;
    int caseIndex = 0;
    int repeatIndex = 0;

    auto operator<=>(const CellKey &) const = default;
};

// A batch a batch evaluation handed to a provider: its cells of one target, answered there within
// 24 hours at the batch price.
struct RunBatch
{
    std::string batchId; // the provider's id (batch_..., msgbatch_...)
    std::string targetId;
    int cells = 0;
    std::string state = "submitted"; // submitted, collected or cancelled
    std::string submitted; // set by the store: UTC, ISO 8601
};

enum class ResponseParts { All, WithoutRequests };

// Reads and writes runs through a Project's connection; each write is its own transaction, so
// a response is on disk the moment addResponse returns, whichever thread calls it.
class RunStore
{
public:
    explicit RunStore(const Project &project);

    // A new run of `version` over `targets`, status running, owned by this process. Eval runs
    // also record their dataset revision and options, so that --resume needs nothing else.
    model::RunRecord startRun(const std::string &kind, const model::VersionRecord &version,
        const std::vector<std::string> &targets, int total,
        std::optional<std::int64_t> datasetId = std::nullopt,
        const nlohmann::json &options = nlohmann::json::object());
    // Takes over an unfinished (or cancelled) run to finish it: running again, owned by this
    // process, `finished` cleared. Atomic: BadInput, naming the process, when another living
    // process owns it (two resumes of one run never both go ahead). NotFound for an unknown run.
    model::RunRecord resumeRun(const std::string &runId);
    // Stores one response of a running run (NotFound for an unknown run); returns its id. An
    // evaluation cell (caseIndex set; its version, target, case and repeat) is stored once: a
    // cell stored with an error is replaced
    // by the new attempt, an answered cell is never replaced (AlreadyExists).
    std::int64_t addResponse(const std::string &runId, const ResponseRecord &response);
    // The same for several responses in one transaction (their ids, in order): all are stored
    // or, on any error, none. What an evaluation does with the cells that arrived together.
    std::vector<std::int64_t> addResponses(
        const std::string &runId, const std::vector<ResponseRecord> &responses);
    // Marks the run complete, cancelled or incomplete (stopped by a failure, for --resume) and
    // stamps `finished`.
    void finishRun(const std::string &runId, model::RunStatus status);

    std::vector<model::RunRecord> listRuns() const; // newest first
    std::optional<model::RunRecord> findRun(const std::string &runId) const;
    // In arrival order. WithoutRequests leaves each renderedRequest null: a report over a big
    // run reads its answers, not the requests that asked them (most of a response's bytes).
    std::vector<ResponseRecord> responses(
        const std::string &runId, ResponseParts parts = ResponseParts::All) const;
    // The evaluation cells of a run that were answered (stored without an error): what a
    // resumed run does not send again. Errored cells are not in it, so a resume retries them.
    std::set<CellKey> answeredCells(const std::string &runId) const;

    // Records a batch the moment the provider gave its id, so that a run killed while it waits
    // collects it on --resume rather than sending its cells again.
    void addBatch(const std::string &runId, const RunBatch &batch);
    void setBatchState(
        const std::string &runId, const std::string &batchId, const std::string &state);
    std::vector<RunBatch> batches(const std::string &runId) const; // in submission order

private:
    // An evaluation cell stored before with an error is deleted; one answered is AlreadyExists.
    void replaceFailedAttempt(const std::string &runId, std::optional<std::int64_t> runVersion,
        const ResponseRecord &response);
    std::string versionReference(std::int64_t versionId) const; // "NAME@N"; NotFound if none
    void insertResponse(const std::string &runId, const ResponseRecord &response,
        const std::optional<std::string> &versionRef);

    Database &m_db;
};

// "NAME@N", or "NAME@N draft" for unsaved edits on it.
std::string versionLabel(const std::string &version, bool draft);

// A new run id: the start time in milliseconds and a random suffix, base 36, 13 characters.
std::string newRunId();

} // namespace ps::store
