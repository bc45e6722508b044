#include "run/eval_runner.h"
#include "run/eval_session.h"

#include "eval/case_score.h"
#include "run/eval_columns.h"
#include "run/response_record.h"
#include "run/target_calls.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/store_error.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <set>

namespace ps::run {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

json assertionsJson(const std::vector<eval::AssertionResult> &results,
    const std::vector<eval::Assertion> &assertions)
{
    json list = json::array();
    for (std::size_t i = 0; i < results.size(); ++i) {
        const eval::AssertionResult &result = results[i];
        json item = {{"type", result.type}, {"pass", result.pass}, {"score", result.score},
            {"weight", result.weight}, {"reason", result.reason}};
        const eval::AssertionType type = assertions[i].type;
        if (type == eval::AssertionType::LlmRubric || type == eval::AssertionType::Groundedness)
            item["judge_reason"] = result.reason;
        list.push_back(std::move(item));
    }
    return list;
}

// `call` and its fallback chain, each sending `messages`.
dispatch::TargetCall withMessages(
    const dispatch::TargetCall &call, const std::vector<providers::ChatMessage> &messages)
{
    dispatch::TargetCall copy = call;
    copy.request.messages = messages;
    if (call.fallback)
        copy.fallback
            = std::make_shared<const dispatch::TargetCall>(withMessages(*call.fallback, messages));
    return copy;
}

} // namespace

json EvalSpec::toOptions() const
{
    json options = extra.is_object() ? extra : json::object();
    options["repeat"] = repeat;
    options["concurrency"] = concurrency;
    options["cache"] = useCache;
    options["vars"] = vars.is_object() ? vars : json::object();
    if (!rubricPrompt.empty())
        options["rubric_prompt"] = rubricPrompt;
    if (!groundednessPrompt.empty())
        options["groundedness_prompt"] = groundednessPrompt;
    if (batch)
        options["batch"]
            = {{"failed", retryFailedLive ? "retry" : "report"}, {"poll_seconds", batchPollSeconds}};
    return options;
}

EvalSpec EvalSpec::fromRun(const model::RunRecord &run)
{
    EvalSpec spec;
    spec.datasetId = run.datasetId.value_or(0);
    spec.targets = run.targets;
    const json &options = run.options;
    spec.repeat = options.value("repeat", 1);
    spec.concurrency = options.value("concurrency", 8);
    spec.useCache = options.value("cache", true);
    spec.vars = options.value("vars", json::object());
    spec.rubricPrompt = options.value("rubric_prompt", std::string());
    spec.groundednessPrompt = options.value("groundedness_prompt", std::string());
    if (const auto batch = options.find("batch"); batch != options.end() && batch->is_object()) {
        spec.batch = true;
        spec.retryFailedLive = batch->value("failed", std::string()) == "retry";
        spec.batchPollSeconds = batch->value("poll_seconds", 30.0);
    }
    static const std::set<std::string> kOwnKeys = {"repeat", "concurrency", "cache", "vars",
        "rubric_prompt", "groundedness_prompt", "batch"};
    for (const auto &[key, value] : options.items()) {
        if (!kOwnKeys.contains(key))
            spec.extra[key] = value;
    }
    return spec;
}

// What the dispatcher's threads hand to the writer (execute's thread). Shared, so that a call
// that ends after execute() gave up on it still has somewhere to report.
struct EvalRunner::Shared
{
    struct Completed
    {
        std::size_t slot = 0;
        dispatch::CallOutcome outcome;
    };
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Completed> completed;
};

EvalRunner::EvalRunner(
    const store::Project &project, dispatch::Dispatcher &dispatcher, CostFunction cost)
    : m_project(project)
    , m_dispatcher(dispatcher)
    , m_cost(std::move(cost))
{ }

EvalRunner::~EvalRunner() = default;

void EvalRunner::prepare(const std::vector<model::VersionRecord> &versions, const EvalSpec &spec)
{
    if (versions.empty())
        throw store::StoreError(store::StoreError::Kind::BadInput, "an evaluation needs a version");
    if (spec.targets.empty())
        throw store::StoreError(store::StoreError::Kind::BadInput, "an evaluation needs a target");
    if (spec.batch && !(spec.batchPollSeconds > 0))
        throw store::StoreError(
            store::StoreError::Kind::BadInput, "a batch's poll interval must be above 0 s");
    if (spec.repeat < 1 || spec.concurrency < 1)
        throw store::StoreError(store::StoreError::Kind::BadInput,
            "an evaluation's repeat and concurrency are at least 1");
    const store::DatasetStore datasets(m_project);
    if (!datasets.findById(spec.datasetId))
        throw store::StoreError(store::StoreError::Kind::NotFound,
            "there is no dataset revision " + std::to_string(spec.datasetId));
    const std::vector<eval::DatasetCase> cases = datasets.cases(spec.datasetId);

    m_spec = spec;
    m_versionIds.clear();
    m_versionRefs.clear();
    m_cases.clear();
    m_targetCalls.clear();
    std::set<std::string> judges;
    for (const model::VersionRecord &version : versions) {
        if (std::find(m_versionIds.begin(), m_versionIds.end(), version.id) != m_versionIds.end())
            throw store::StoreError(store::StoreError::Kind::BadInput,
                "version " + version.promptName + "@" + std::to_string(version.number)
                    + " is given twice");
        m_versionIds.push_back(version.id);
        m_versionRefs.push_back(version.promptName + "@" + std::to_string(version.number));
        std::vector<PreparedCase> &prepared = m_cases.emplace_back();
        prepared.reserve(cases.size());
        for (std::size_t i = 0; i < cases.size(); ++i) {
            prepared.push_back(
                prepareCase(version.content, cases[i], static_cast<int>(i), spec.vars));
            for (const eval::Assertion &assertion : prepared.back().assertions) {
                if (assertion.provider)
                    judges.insert(*assertion.provider);
            }
        }
        // Each target's call is built once here, so an invalid one stops the run before it
        // starts.
        std::set<std::string> seen;
        std::vector<dispatch::TargetCall> &calls = m_targetCalls.emplace_back();
        for (const std::string &target : spec.targets) {
            if (!seen.insert(target).second)
                throw store::StoreError(
                    store::StoreError::Kind::BadInput, "target '" + target + "' is given twice");
            calls.push_back(buildTargetCall(m_project, target, {}, version.content.params, true));
            m_dispatcher.requireTrusted(calls.back());
            if (spec.batch)
                requireBatchApi(target, calls.back());
        }
    }
    // A judge named only inside a dataset is held to the same trust as the targets.
    for (const std::string &target : judges)
        m_dispatcher.requireTrusted(buildTargetCall(m_project, target, {}, {}, false));
}

model::RunRecord EvalRunner::start(const model::VersionRecord &version, const EvalSpec &spec)
{
    return start(std::vector<model::VersionRecord> {version}, spec);
}

model::RunRecord EvalRunner::start(
    const std::vector<model::VersionRecord> &versions, const EvalSpec &spec)
{
    prepare(versions, spec);
    EvalSpec stored = spec;
    if (versions.size() > 1) {
        json refs = json::array();
        for (const model::VersionRecord &version : versions)
            refs.push_back(version.promptName + "@" + std::to_string(version.number));
        stored.extra["versions"] = std::move(refs); // what --resume and the report read
    }
    const int total
        = static_cast<int>(versions.size() * m_cases.front().size() * spec.targets.size())
        * spec.repeat;
    m_run = store::RunStore(m_project).startRun(
        "eval", versions.front(), spec.targets, total, spec.datasetId, stored.toOptions());
    return *m_run;
}

model::RunRecord EvalRunner::resume(const std::string &runId)
{
    store::RunStore runs(m_project);
    const std::optional<model::RunRecord> run = runs.findRun(runId);
    if (!run)
        throw store::StoreError(
            store::StoreError::Kind::NotFound, "there is no run '" + runId + "' in this project");
    if (run->kind != "eval" || !run->datasetId)
        throw store::StoreError(store::StoreError::Kind::BadInput,
            "run '" + runId + "' is not an evaluation; only eval runs resume");
    if (run->status == model::RunStatus::Running && run->ownerPid != 0)
        throw store::StoreError(store::StoreError::Kind::BadInput,
            "run '" + runId + "' is still running (process " + std::to_string(run->ownerPid) + ")");
    std::vector<model::VersionRecord> versions;
    for (const std::string &ref : evalVersions(*run))
        versions.push_back(m_project.resolve(ref));
    prepare(versions, EvalSpec::fromRun(*run));
    m_run = runs.resumeRun(runId);
    return *m_run;
}

dispatch::TargetCall EvalRunner::callFor(const Cell &cell) const
{
    dispatch::TargetCall call = withMessages(m_targetCalls[cell.versionIndex][cell.targetIndex],
        m_cases[cell.versionIndex][cell.caseIndex].messages);
    // Fallbacks too: a cached fallback answer is as good as a cached first answer.
    return withCache(std::move(call), m_spec.useCache && cell.repeatIndex == 0);
}

eval::JudgeVerdict EvalRunner::judge(const eval::JudgeRequest &request)
{
    const std::string target = request.provider.empty() ? m_spec.targets.front() : request.provider;
    // The version's params are not the judge's: a max_tokens of 5 must not cut its verdict.
    providers::ChatMessage question;
    question.role = "user";
    question.content = request.prompt;
    dispatch::TargetCall call
        = withCache(buildTargetCall(m_project, target, {question}, {}, false), m_spec.useCache);
    auto promise = std::make_shared<std::promise<dispatch::CallOutcome>>();
    std::future<dispatch::CallOutcome> answer = promise->get_future();
    dispatch::CallCallbacks callbacks;
    callbacks.onDone = [promise](const dispatch::CallOutcome &outcome) {
        promise->set_value(outcome);
    };
    m_dispatcher.submit(std::move(call), std::move(callbacks));
    const dispatch::CallOutcome outcome = answer.get();
    if (outcome.result.error)
        throw std::runtime_error("judge target '" + target + "': " + outcome.result.error->message);
    std::optional<eval::JudgeVerdict> verdict = eval::parseJudgeReply(outcome.result.text);
    if (!verdict)
        throw std::runtime_error("judge target '" + target
            + "' answered without a {\"pass\", \"score\", \"reason\"} verdict");
    return *verdict;
}

store::ResponseRecord EvalRunner::cellRecord(const Cell &cell, const dispatch::TargetCall &call,
    const dispatch::CallOutcome &outcome)
{
    // Stored under the target asked, even when a fallback answered: that is the cell's column.
    store::ResponseRecord record = responseRecord(outcome, call.targetId, call.request.model);
    record.versionId = m_versionIds[cell.versionIndex];
    record.version = m_versionRefs[cell.versionIndex];
    record.caseIndex = static_cast<int>(cell.caseIndex);
    record.repeatIndex = cell.repeatIndex;
    if (outcome.cached)
        record.costUsd = 0.0; // nothing was sent
    else if (m_cost)
        record.costUsd = m_cost(call, outcome); // CallPricing's rule, errors included

    if (record.error) {
        record.pass = false; // an errored cell counts as failed
        record.score = 0.0;
        return record;
    }

    const PreparedCase &prepared = m_cases[cell.versionIndex][cell.caseIndex];
    eval::EvalContext context;
    context.expected = prepared.expected;
    if (outcome.batchId.empty())
        context.latencyMs = outcome.measurements.totalMs; // a batch answer has none: unmeasured
    context.costUsd = record.costUsd;
    context.variables = prepared.variables;
    context.judge = [this](const eval::JudgeRequest &request) {
        return judge(request);
    };
    context.rubricPrompt = m_spec.rubricPrompt;
    context.groundednessPrompt = m_spec.groundednessPrompt;
    std::vector<eval::AssertionResult> results;
    results.reserve(prepared.assertions.size());
    for (const eval::Assertion &assertion : prepared.assertions)
        results.push_back(eval::evaluate(assertion, outcome.result.text, context));
    const eval::CaseScore verdict = eval::scoreCase(results, prepared.threshold);
    record.pass = verdict.pass;
    record.score = verdict.score;
    record.assertions = assertionsJson(results, prepared.assertions);
    return record;
}

std::vector<EvalRunner::Cell> EvalRunner::pendingCells(EvalResult &result) const
{
    const std::set<store::CellKey> answered = store::RunStore(m_project).answeredCells(m_run->id);
    std::vector<Cell> pending;
    // Case by case, so that an interrupted run has compared its columns on the same cases.
    const std::size_t caseCount = m_cases.front().size();
    for (std::size_t c = 0; c < caseCount; ++c) {
        for (std::size_t v = 0; v < m_versionIds.size(); ++v) {
            for (std::size_t t = 0; t < m_spec.targets.size(); ++t) {
                for (int r = 0; r < m_spec.repeat; ++r) {
                    ++result.total;
                    if (answered.contains(
                            {m_versionIds[v], m_spec.targets[t], static_cast<int>(c), r}))
                        ++result.skipped;
                    else
                        pending.push_back({v, c, t, r});
                }
            }
        }
    }
    return pending;
}

EvalResult EvalRunner::execute(const std::function<void(const EvalProgress &)> &progress)
{
    if (!m_run)
        throw std::logic_error("EvalRunner::execute before start() or resume()");
    store::RunStore runs(m_project);
    EvalResult result;
    result.runId = m_run->id;
    std::vector<Cell> pending = pendingCells(result);
    Session session;
    if (m_spec.batch)
        executeBatch(std::move(pending), result, session, progress);
    else
        sendLive(pending, result, session, progress);
    session.report(result, progress);
    m_project.checkpoint();

    result.cancelled = session.cancelling && !result.detached;
    result.storeFailed = session.storeFailed;
    if (session.storeFailed || result.detached || !result.batchProblem.empty()) {
        // Never marked complete: left unfinished, it is incomplete once this process is gone and
        // --resume finishes it. Marking it may fail like the store did; the result says it all.
        try {
            runs.finishRun(m_run->id, model::RunStatus::Incomplete);
        } catch (const std::exception &) { }
        return result;
    }
    runs.finishRun(
        m_run->id, result.cancelled ? model::RunStatus::Cancelled : model::RunStatus::Complete);
    return result;
}

void EvalRunner::sendLive(const std::vector<Cell> &pending, EvalResult &result, Session &session,
    const std::function<void(const EvalProgress &)> &progress)
{
    store::RunStore runs(m_project);
    const auto shared = std::make_shared<Shared>();
    struct InFlight
    {
        Cell cell;
        dispatch::TargetCall call;
        dispatch::CallHandle handle;
    };
    std::map<std::size_t, InFlight> inFlight; // by slot: the index into `pending`

    const std::size_t limit = static_cast<std::size_t>(m_spec.concurrency);
    std::size_t next = 0;
    bool &cancelling = session.cancelling;
    bool &storeFailed = session.storeFailed;
    auto cancelDeadline = std::chrono::steady_clock::time_point::max();
    while (true) {
        while (!cancelling && !storeFailed && next < pending.size() && inFlight.size() < limit
            && !m_cancelRequested.load()) {
            const std::size_t slot = next++;
            InFlight &entry = inFlight[slot];
            entry.cell = pending[slot];
            entry.call = callFor(entry.cell);
            dispatch::CallCallbacks callbacks;
            callbacks.onDone = [shared, slot](const dispatch::CallOutcome &outcome) {
                std::lock_guard lock(shared->mutex);
                shared->completed.push_back({slot, outcome});
                shared->changed.notify_all();
            };
            ++result.sent;
            // A copy is sent: the call stays here for pricing and the record.
            entry.handle = m_dispatcher.submit(entry.call, std::move(callbacks));
        }
        if (m_cancelRequested.load() && !cancelling) {
            cancelling = true;
            for (const auto &[slot, entry] : inFlight)
                entry.handle.cancel();
            cancelDeadline = std::chrono::steady_clock::now() + 5s;
        }
        if (inFlight.empty() && (cancelling || storeFailed || next == pending.size()))
            break;
        if (std::chrono::steady_clock::now() > cancelDeadline)
            break; // a call that ignores its cancel must not hold the run open

        std::deque<Shared::Completed> batch;
        {
            std::unique_lock lock(shared->mutex);
            shared->changed.wait_for(lock, 100ms, [&] { return !shared->completed.empty(); });
            batch.swap(shared->completed);
        }
        // What arrived together is stored in one transaction: one commit for several cells,
        // and still each cell on disk before its slot takes another.
        std::vector<store::ResponseRecord> records;
        records.reserve(batch.size());
        try {
            for (Shared::Completed &done : batch) {
                const auto entry = inFlight.find(done.slot);
                if (entry == inFlight.end())
                    continue;
                const auto &error = done.outcome.result.error;
                // A cell cancelled by us is not an answer: it stays unanswered for --resume. Once
                // the store failed, nothing more is tried: each try could wait out the lock again.
                if (!storeFailed
                    && !(cancelling && error
                        && error->category == providers::ErrorCategory::Cancelled))
                    records.push_back(
                        cellRecord(entry->second.cell, entry->second.call, done.outcome));
            }
            if (!records.empty())
                runs.addResponses(m_run->id, records);
            for (const store::ResponseRecord &record : records) {
                ++(record.error ? result.errored : result.answered);
                ++session.doneThisSession;
                if (m_cellObserver)
                    m_cellObserver(record);
            }
        } catch (const std::exception &storeError) {
            result.storeErrors.push_back(storeError.what());
            if (!storeFailed) {
                // Calls in flight would be paid for and thrown away: stop them too.
                storeFailed = true;
                for (const auto &[slot, other] : inFlight)
                    other.handle.cancel();
                cancelDeadline = std::chrono::steady_clock::now() + 5s;
            }
        }
        for (const Shared::Completed &done : batch)
            inFlight.erase(done.slot); // the slot is free only once its cell is on disk
        session.report(result, progress);
        // The file alone (a copy taken now) holds what is answered, not only the log beside it.
        if (std::chrono::steady_clock::now() - session.lastCheckpoint > 5s) {
            m_project.checkpoint();
            session.lastCheckpoint = std::chrono::steady_clock::now();
        }
    }
    result.unsent += static_cast<int>(pending.size() - next);
}

} // namespace ps::run
