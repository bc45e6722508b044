// EvalRunner's batch mode: each target's cells handed to its provider as one batch (or a few,
// within the provider's limits), the batch ids stored before anything else, waited on, and the
// results stored in the same cells a live run fills, at the batch price.

#include "run/eval_runner.h"
#include "run/eval_session.h"

#include "batch/batch_api.h"
#include "dispatch/prepared_target.h"
#include "net/http_fetch.h"
#include "providers/provider_error.h"
#include "secrets/secret_store.h"
#include "store/project.h"
#include "store/store_error.h"
#include "util/number_text.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

namespace ps::run {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// A failure that asking again later can get past: the batch is still there.
bool askAgainLater(const batch::BatchError &error)
{
    switch (error.error().category) {
    case providers::ErrorCategory::RateLimit:
    case providers::ErrorCategory::Overloaded:
    case providers::ErrorCategory::Server:
    case providers::ErrorCategory::Network:
    case providers::ErrorCategory::Timeout:
        return true;
    default:
        return false;
    }
}

} // namespace

std::string EvalRunner::customId(const Cell &cell) const
{
    // The target is the batch's own; version id, case and repeat name the cell.
    return "v" + std::to_string(m_versionIds[cell.versionIndex]) + "-c"
        + std::to_string(cell.caseIndex) + "-r" + std::to_string(cell.repeatIndex);
}

std::optional<EvalRunner::Cell> EvalRunner::cellOf(
    const std::string &customId, std::size_t targetIndex) const
{
    long long version = 0;
    long long caseIndex = 0;
    long long repeat = 0;
    int consumed = 0;
    if (std::sscanf(customId.c_str(), "v%lld-c%lld-r%lld%n", &version, &caseIndex, &repeat,
            &consumed)
            != 3
        || static_cast<std::size_t>(consumed) != customId.size())
        return std::nullopt;
    for (std::size_t v = 0; v < m_versionIds.size(); ++v) {
        if (m_versionIds[v] != version)
            continue;
        if (caseIndex < 0 || static_cast<std::size_t>(caseIndex) >= m_cases[v].size()
            || repeat < 0 || repeat >= m_spec.repeat)
            return std::nullopt;
        return Cell {v, static_cast<std::size_t>(caseIndex), targetIndex, static_cast<int>(repeat)};
    }
    return std::nullopt;
}

// One session of waiting on a run's batches.
class EvalRunner::BatchSession
{
public:
    BatchSession(EvalRunner &runner, EvalResult &result, Session &session,
        const std::function<void(const EvalProgress &)> &progress)
        : m_runner(runner)
        , m_result(result)
        , m_session(session)
        , m_progress(progress)
        , m_runs(runner.m_project)
    { }

    void run(const std::vector<Cell> &pending)
    {
        for (const Cell &cell : pending)
            m_pending[cell.targetIndex][m_runner.customId(cell)] = cell;
        for (const store::RunBatch &batch : m_runs.batches(m_runner.m_run->id)) {
            if (batch.state == "submitted")
                m_outstanding.push_back(batch);
        }
        submit();
        wait();
        if (!m_retry.empty() && !m_session.cancelling && !m_session.storeFailed) {
            m_result.retriedLive = static_cast<int>(m_retry.size());
            m_session.stage.clear();
            m_runner.sendLive(m_retry, m_result, m_session, m_progress);
        }
    }

private:
    std::size_t targetIndex(const std::string &targetId) const
    {
        const std::vector<std::string> &targets = m_runner.m_spec.targets;
        const auto found = std::find(targets.begin(), targets.end(), targetId);
        if (found == targets.end())
            throw batch::BatchError(providers::makeError(providers::ErrorCategory::BadRequest,
                "the run's batch names target '" + targetId + "', which is not one of its own"));
        return static_cast<std::size_t>(found - targets.begin());
    }

    // A cell's call as a batch sends it: whole, never streamed.
    dispatch::TargetCall batchCall(const Cell &cell) const
    {
        dispatch::TargetCall call = m_runner.callFor(cell);
        call.request.stream = false;
        call.fallback = nullptr; // a batch asks its own target only
        call.useCache = false;
        return call;
    }

    batch::BatchApi &api(std::size_t target)
    {
        std::unique_ptr<batch::BatchApi> &api = m_apis[target];
        if (!api) {
            const dispatch::PreparedTarget prepared
                = m_runner.m_dispatcher.prepare(batchCall({0, 0, target, 0}));
            if (prepared.error)
                throw batch::BatchError(*prepared.error);
            net::HttpClient &client = m_runner.m_dispatcher.http();
            api = batch::makeBatchApi(prepared.config.kind, prepared.request,
                [&client](net::HttpRequest request, std::size_t maxBytes) {
                    return net::fetchWhole(client, std::move(request), maxBytes);
                });
        }
        return *api;
    }

    void store(const Cell &cell, const dispatch::TargetCall &call,
        const dispatch::CallOutcome &outcome)
    {
        const store::ResponseRecord record = m_runner.cellRecord(cell, call, outcome);
        m_runs.addResponse(m_runner.m_run->id, record);
        ++(record.error ? m_result.errored : m_result.answered);
        ++m_session.doneThisSession;
        if (!outcome.batchId.empty())
            ++m_result.batchAnswered;
        if (m_runner.m_cellObserver)
            m_runner.m_cellObserver(record);
    }

    // A batch's result for a cell, stored as the live answer would be (its request as prepared
    // for sending, with images by hash), under the batch's id.
    void storeAnswer(const Cell &cell, const std::string &batchId, providers::ChatResult result)
    {
        const dispatch::TargetCall call = batchCall(cell);
        const dispatch::PreparedTarget prepared = m_runner.m_dispatcher.prepare(call);
        dispatch::CallOutcome outcome = prepared.base;
        outcome.result = std::move(result);
        outcome.batchId = batchId;
        // Should a server echo the key, it never reaches the project.
        outcome.result.text = secrets::redact(outcome.result.text, prepared.apiKey);
        if (outcome.result.error)
            outcome.result.error->message
                = secrets::redact(outcome.result.error->message, prepared.apiKey);
        store(cell, call, outcome);
    }

    void submit()
    {
        std::set<std::size_t> waiting;
        for (const store::RunBatch &batch : m_outstanding)
            waiting.insert(targetIndex(batch.targetId));
        for (const auto &entry : m_pending) {
            const std::size_t target = entry.first; // not a binding: the lambda below takes it
            const std::map<std::string, Cell> &cells = entry.second;
            if (waiting.contains(target) || m_runner.m_cancelRequested.load())
                continue;
            batch::BatchApi &batchApi = api(target);
            std::vector<batch::BatchRequest> requests;
            std::size_t bytes = 0;
            const auto flush = [&] {
                if (requests.empty())
                    return;
                store::RunBatch batch;
                batch.batchId = batchApi.submit(requests);
                batch.targetId = m_runner.m_spec.targets[target];
                batch.cells = static_cast<int>(requests.size());
                // Stored at once: killed from here on, --resume collects instead of resending.
                m_runs.addBatch(m_runner.m_run->id, batch);
                m_outstanding.push_back(batch);
                m_result.sent += batch.cells;
                requests.clear();
                bytes = 0;
            };
            for (const auto &[id, cell] : cells) {
                const dispatch::TargetCall call = batchCall(cell);
                const dispatch::PreparedTarget prepared = m_runner.m_dispatcher.prepare(call);
                if (prepared.error) { // e.g. an image to a model that takes none: never sent
                    dispatch::CallOutcome outcome = prepared.base;
                    outcome.result.error = prepared.error;
                    store(cell, call, outcome);
                    continue;
                }
                json body = json::parse(prepared.request.body, nullptr, false);
                body.erase("stream");
                body.erase("stream_options");
                const std::size_t size = body.dump().size() + id.size() + 64;
                if (requests.size() >= batchApi.maxRequests() || bytes + size > batchApi.maxBytes())
                    flush();
                requests.push_back({id, std::move(body)});
                bytes += size;
            }
            flush();
        }
        for (const store::RunBatch &batch : m_outstanding)
            m_result.batchIds.push_back(batch.batchId);
    }

    // Waits until every batch has ended and is collected, or the run is cancelled or detached.
    void wait()
    {
        while (!m_outstanding.empty()) {
            int answeredThere = 0;
            int total = 0;
            for (auto batch = m_outstanding.begin(); batch != m_outstanding.end();) {
                const std::size_t target = targetIndex(batch->targetId);
                batch::BatchStatus status;
                try {
                    status = api(target).status(batch->batchId);
                } catch (const batch::BatchError &error) {
                    if (!askAgainLater(error))
                        throw;
                    m_session.stage = "the provider did not answer about batch " + batch->batchId
                        + " (" + error.what() + "); asking again";
                    ++batch;
                    continue;
                }
                if (status.phase == batch::BatchPhase::Ended
                    || status.phase == batch::BatchPhase::Failed) {
                    collect(*batch, target, status);
                    batch = m_outstanding.erase(batch);
                    continue;
                }
                answeredThere += status.succeeded + status.failed;
                total += status.total > 0 ? status.total : batch->cells;
                ++batch;
            }
            if (m_outstanding.empty())
                break;
            if (total > 0)
                m_session.stage = std::to_string(m_outstanding.size())
                    + (m_outstanding.size() == 1 ? " batch" : " batches") + " at the provider: "
                    + util::grouped(answeredThere) + " of " + util::grouped(total)
                    + " requests answered there";
            m_session.report(m_result, m_progress, false);
            if (!pause())
                return;
        }
    }

    // Sleeps a poll interval; false when the run was cancelled or detached meanwhile.
    bool pause()
    {
        const auto until = std::chrono::steady_clock::now()
            + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                std::chrono::duration<double>(m_runner.m_spec.batchPollSeconds));
        auto reported = std::chrono::steady_clock::now();
        while (std::chrono::steady_clock::now() < until && !m_runner.m_cancelRequested.load()) {
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                until - std::chrono::steady_clock::now(), 50ms));
            // The front ends decide on cancel and detach in the progress callback: it is asked
            // often enough while a long poll interval passes.
            if (std::chrono::steady_clock::now() - reported > 250ms) {
                m_session.report(m_result, m_progress, false);
                reported = std::chrono::steady_clock::now();
            }
        }
        if (!m_runner.m_cancelRequested.load())
            return true;
        m_session.cancelling = true;
        if (m_runner.m_detachRequested.load()) {
            m_result.detached = true; // the batches run on; --resume collects them
            return false;
        }
        for (const store::RunBatch &batch : m_outstanding) {
            try {
                api(targetIndex(batch.targetId)).cancel(batch.batchId);
                m_runs.setBatchState(m_runner.m_run->id, batch.batchId, "cancelled");
            } catch (const batch::BatchError &error) {
                m_result.batchProblem
                    = "batch " + batch.batchId + " could not be cancelled: " + error.what();
            }
        }
        return false;
    }

    void collect(const store::RunBatch &batch, std::size_t target, const batch::BatchStatus &status)
    {
        std::map<std::string, Cell> &cells = m_pending[target];
        if (status.phase != batch::BatchPhase::Failed) {
            for (batch::BatchItem &item : api(target).results(status)) {
                const auto cell = cells.find(item.customId);
                if (cell == cells.end())
                    continue; // stored before this session, or not ours
                if (item.result.error && m_runner.m_spec.retryFailedLive)
                    m_retry.push_back(cell->second);
                else
                    storeAnswer(cell->second, batch.batchId, std::move(item.result));
                cells.erase(cell);
            }
        }
        m_runs.setBatchState(m_runner.m_run->id, batch.batchId, "collected");
        const bool lastOfTarget = std::none_of(m_outstanding.begin(), m_outstanding.end(),
            [&](const store::RunBatch &other) {
                return other.batchId != batch.batchId && other.targetId == batch.targetId;
            });
        if (!lastOfTarget)
            return;
        // What no batch of this target answered: failed as a whole, cancelled or expired.
        const std::string why = status.phase == batch::BatchPhase::Failed
            ? "batch " + batch.batchId + " failed: " + status.problem
            : "batch " + batch.batchId + " ended without an answer to this request"
                + (status.problem.empty() ? std::string() : " (" + status.problem + ")");
        for (const auto &[id, cell] : cells) {
            if (m_runner.m_spec.retryFailedLive) {
                m_retry.push_back(cell);
                continue;
            }
            providers::ChatResult failure;
            failure.error = providers::makeError(providers::ErrorCategory::Server, why);
            storeAnswer(cell, batch.batchId, std::move(failure));
        }
        cells.clear();
    }

    EvalRunner &m_runner;
    EvalResult &m_result;
    Session &m_session;
    const std::function<void(const EvalProgress &)> &m_progress;
    store::RunStore m_runs;
    std::map<std::size_t, std::map<std::string, Cell>> m_pending; // by target, by custom id
    std::vector<store::RunBatch> m_outstanding;
    std::map<std::size_t, std::unique_ptr<batch::BatchApi>> m_apis; // by target
    std::vector<Cell> m_retry;
};

void EvalRunner::executeBatch(std::vector<Cell> pending, EvalResult &result, Session &session,
    const std::function<void(const EvalProgress &)> &progress)
{
    if (m_cases.front().empty())
        return;
    BatchSession batches(*this, result, session, progress);
    try {
        batches.run(pending);
    } catch (const batch::BatchError &error) {
        result.batchProblem = error.what();
    } catch (const store::StoreError &error) {
        result.storeErrors.push_back(error.what());
        session.storeFailed = true;
    }
}

} // namespace ps::run
