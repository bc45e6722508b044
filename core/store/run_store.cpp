#include "store/run_store.h"

#include "store/database.h"
#include "store/names.h"
#include "store/stored_text.h"
#include "store/project.h"
#include "store/store_error.h"
#include "store/version_queries.h"
#include "util/json_depth.h"
#include "util/utf8.h"

#include <cerrno>
#include <chrono>
#include <map>
#include <csignal>
#include <mutex>
#include <random>
#include <unistd.h>

namespace ps::store {

using nlohmann::json;

namespace {

std::optional<double> readReal(const Statement &row, const char *name)
{
    const int column = row.column(name);
    if (row.isNull(column))
        return std::nullopt;
    return row.real(column);
}

std::optional<long long> readInt(const Statement &row, const char *name)
{
    const int column = row.column(name);
    if (row.isNull(column))
        return std::nullopt;
    return row.int64(column);
}

std::optional<std::string> readText(const Statement &row, const char *name)
{
    const int column = row.column(name);
    if (row.isNull(column))
        return std::nullopt;
    return row.text(column);
}


bool processIsAlive(std::int64_t pid)
{
    if (pid <= 0)
        return false;
    if (pid == static_cast<std::int64_t>(::getpid()))
        return true;
    // Signal 0 checks existence only; EPERM means it exists under another user.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

model::RunStatus statusFromText(const std::string &text, std::int64_t ownerPid)
{
    if (text == "complete")
        return model::RunStatus::Complete;
    if (text == "cancelled")
        return model::RunStatus::Cancelled;
    if (text == "incomplete")
        return model::RunStatus::Incomplete;
    return processIsAlive(ownerPid) ? model::RunStatus::Running : model::RunStatus::Incomplete;
}

constexpr const char *kRunSelect
    = "SELECT r.id AS id, r.kind AS kind, r.version_id AS version_id, "
      "r.version_ref AS version_ref, r.targets AS targets, r.status AS status, r.total AS total, "
      "r.started AS started, r.finished AS finished, r.owner_pid AS owner_pid, "
      "(SELECT count(*) FROM responses s WHERE s.run_id = r.id) AS done, "
      "(SELECT count(*) FROM responses s WHERE s.run_id = r.id AND s.pass IS NOT NULL) AS judged, "
      "(SELECT count(*) FROM responses s WHERE s.run_id = r.id AND s.pass = 1) AS passed, "
      "r.dataset_id AS dataset_id, r.options AS options FROM run_records r ";

model::RunRecord readRun(const Database &db, const Statement &row)
{
    const auto at = [&row](const char *name) {
        return row.column(name);
    };
    model::RunRecord run;
    run.id = row.text(at("id"));
    run.kind = row.text(at("kind"));
    run.versionId = row.int64(at("version_id"));
    run.version = row.text(at("version_ref"));
    try {
        run.targets = util::parseJson(row.text(at("targets"))).get<std::vector<std::string>>();
    } catch (const json::exception &) {
        throw StoreError(StoreError::Kind::Damaged,
            db.path().string() + " is damaged: the targets of run " + run.id + " cannot be read");
    }
    run.ownerPid = row.int64(at("owner_pid"));
    run.status = statusFromText(row.text(at("status")), run.ownerPid);
    run.total = row.integer(at("total"));
    run.started = row.text(at("started"));
    run.finished = readText(row, "finished");
    run.done = row.integer(at("done"));
    run.judged = row.integer(at("judged"));
    run.passed = row.integer(at("passed"));
    run.datasetId = readInt(row, "dataset_id");
    try {
        run.options = util::parseJson(row.text(at("options")));
    } catch (const json::exception &) {
        throw StoreError(StoreError::Kind::Damaged,
            db.path().string() + " is damaged: the options of run " + run.id + " cannot be read");
    }
    return run;
}

json parseColumn(
    const Database &db, const Statement &row, const char *name, const std::string &what)
{
    try {
        return util::parseJson(row.text(row.column(name)));
    } catch (const json::exception &) {
        throw StoreError(StoreError::Kind::Damaged,
            db.path().string() + " is damaged: " + what + " cannot be read");
    }
}

// Whether a response sent unsaved edits: its own flag, or (before schema 12) its run's option.
#define PS_RESPONSE_DRAFT                                                                       \
    "coalesce(s.draft, CASE WHEN json_valid(r.options) THEN json_extract(r.options, '$.draft') " \
    "END, 0)"

constexpr const char *kResponseSelect
    = "SELECT s.id AS id, s.run_id AS run_id, s.target_id AS target_id, s.model AS model, "
      "s.rendered_request AS rendered_request, s.text AS text, s.tool_calls AS tool_calls, "
      "s.finish_reason AS finish_reason, s.input_tokens AS input_tokens, "
      "s.output_tokens AS output_tokens, s.cached_tokens AS cached_tokens, "
      "s.reasoning_tokens AS reasoning_tokens, s.cost_usd AS cost_usd, s.ttft_ms AS ttft_ms, "
      "s.total_ms AS total_ms, s.attempts AS attempts, s.cached AS cached, "
      "s.fell_back_from AS fell_back_from, s.error_category AS error_category, "
      "s.error_message AS error_message, s.error_status AS error_status, s.created AS created, "
      "s.case_index AS case_index, s.repeat_index AS repeat_index, s.pass AS pass, "
      "s.score AS score, s.assertions AS assertions, s.logprobs AS logprobs, "
      "s.batch_id AS batch_id, "
      // A response without its own version is the run's (every one before schema 12).
      "coalesce(s.version_id, r.version_id) AS version_id, "
      "coalesce(s.version_ref, r.version_ref) AS version_ref, "
      PS_RESPONSE_DRAFT " AS draft FROM responses s JOIN run_records r ON r.id = s.run_id ";

// Per run, each version its answers came from with whether it was a draft, and the first
// response of each (to order them as they first answered).
constexpr const char *kAnsweredVersionsSelect
    = "SELECT s.run_id, coalesce(s.version_ref, r.version_ref) AS version, " PS_RESPONSE_DRAFT
      " AS draft, min(s.id) AS first FROM responses s JOIN run_records r ON r.id = s.run_id ";
constexpr const char *kAnsweredVersionsGroup = "GROUP BY s.run_id, version, draft ";

// A run that has answered nothing yet names its own version.
void setVersions(model::RunRecord &run, std::vector<std::string> labels)
{
    if (labels.empty())
        labels.push_back(versionLabel(
            run.version, run.options.is_object() && run.options.value("draft", false)));
    run.versions = std::move(labels);
}

ResponseRecord readResponse(const Database &db, const Statement &row)
{
    const auto at = [&row](const char *name) {
        return row.column(name);
    };
    ResponseRecord response;
    response.id = row.int64(at("id"));
    response.runId = row.text(at("run_id"));
    response.targetId = row.text(at("target_id"));
    response.model = row.text(at("model"));
    response.versionId = row.int64(at("version_id"));
    response.version = row.text(at("version_ref"));
    response.draft = row.int64(at("draft")) != 0;
    const std::string what
        = "response " + std::to_string(response.id) + " of run " + response.runId;
    if (!row.isNull(at("rendered_request"))) // NULL: read without requests (ResponseParts)
        response.renderedRequest
            = parseColumn(db, row, "rendered_request", "the request of " + what);
    response.text = row.text(at("text"));
    response.toolCalls = parseColumn(db, row, "tool_calls", "the tool calls of " + what);
    response.finishReason = row.text(at("finish_reason"));
    response.inputTokens = readInt(row, "input_tokens");
    response.outputTokens = readInt(row, "output_tokens");
    response.cachedTokens = readInt(row, "cached_tokens");
    response.reasoningTokens = readInt(row, "reasoning_tokens");
    response.costUsd = readReal(row, "cost_usd");
    response.ttftMs = readReal(row, "ttft_ms");
    response.totalMs = readReal(row, "total_ms").value_or(0);
    response.attempts = row.integer(at("attempts"));
    response.cached = row.int64(at("cached")) != 0;
    response.fellBackFrom = readText(row, "fell_back_from");
    response.batchId = readText(row, "batch_id").value_or(std::string());
    if (const auto category = readText(row, "error_category")) {
        ResponseError error;
        error.category = *category;
        error.message = row.text(at("error_message"));
        if (const auto status = readInt(row, "error_status"))
            error.status = static_cast<int>(*status);
        response.error = std::move(error);
    }
    response.created = row.text(at("created"));
    if (const auto index = readInt(row, "case_index"))
        response.caseIndex = static_cast<int>(*index);
    if (const auto repeat = readInt(row, "repeat_index"))
        response.repeatIndex = static_cast<int>(*repeat);
    if (const auto pass = readInt(row, "pass"))
        response.pass = *pass != 0;
    response.score = readReal(row, "score");
    response.assertions = parseColumn(db, row, "assertions", "the assertions of " + what);
    if (readText(row, "logprobs"))
        response.logprobs = parseColumn(db, row, "logprobs", "the log-probabilities of " + what);
    return response;
}

} // namespace

std::string versionLabel(const std::string &version, bool draft)
{
    return draft ? version + " draft" : version;
}

std::string newRunId()
{
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch())
                            .count();
    // 9 digits of base 36 hold milliseconds until the year 5138: fixed width sorts by time.
    std::string id(9, '0');
    auto value = static_cast<unsigned long long>(millis);
    for (int i = 8; i >= 0 && value; --i, value /= 36)
        id[static_cast<std::size_t>(i)] = kDigits[value % 36];
    // The last four digits: random for a new millisecond (so two processes rarely meet), then
    // counting up within it, so ids this process makes never repeat (200 random draws in one
    // millisecond collided about once in a hundred runs of the test).
    static std::mutex mutex;
    static long long lastMillis = -1;
    static unsigned long long sequence = 0;
    constexpr unsigned long long kSpace = 36ULL * 36 * 36 * 36;
    unsigned long long suffix = 0;
    {
        const std::lock_guard<std::mutex> lock(mutex);
        if (millis != lastMillis) {
            static std::mt19937_64 random {std::random_device {}()};
            lastMillis = millis;
            sequence = random() % (kSpace / 2);
        }
        suffix = sequence++ % kSpace;
    }
    std::string tail(4, '0');
    for (int i = 3; i >= 0; --i, suffix /= 36)
        tail[static_cast<std::size_t>(i)] = kDigits[suffix % 36];
    return id + tail;
}

RunStore::RunStore(const Project &project)
    : m_db(project.database())
{ }

model::RunRecord RunStore::startRun(const std::string &kind, const model::VersionRecord &version,
    const std::vector<std::string> &targets, int total, std::optional<std::int64_t> datasetId,
    const json &options)
{
    if (kind != "run" && kind != "eval")
        throw StoreError(
            StoreError::Kind::BadInput, "a run's kind is 'run' or 'eval', not '" + kind + "'");
    model::RunRecord run;
    run.id = newRunId();
    run.kind = kind;
    run.versionId = version.id;
    run.version = version.promptName + "@" + std::to_string(version.number);
    run.targets = targets;
    run.total = total;
    run.started = utcNow();
    run.ownerPid = ::getpid();
    run.datasetId = datasetId;
    run.options = options.is_object() ? options : json::object();

    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement insert(m_db,
        "INSERT INTO run_records (id, kind, version_id, version_ref, targets, status, total, "
        "started, owner_pid, dataset_id, options) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, "
        "?)");
    insert.bind(1, run.id).bind(2, kind).bind(3, version.id).bind(4, run.version);
    insert.bind(5, jsonText(targets)).bind(6, total).bind(7, run.started).bind(8, run.ownerPid);
    if (datasetId)
        insert.bind(9, *datasetId);
    else
        insert.bindNull(9);
    insert.bind(10, jsonText(run.options));
    insert.run();
    transaction.commit();
    return run;
}

model::RunRecord RunStore::resumeRun(const std::string &runId)
{
    {
        auto lock = m_db.lock();
        // The check and the claim are one write transaction: of two processes resuming the same
        // dead run at once, the second sees the first as its owner and is refused.
        Transaction transaction(m_db);
        {
            Statement owner(m_db, "SELECT status, owner_pid FROM run_records WHERE id = ?");
            owner.bind(1, runId);
            if (owner.step()) {
                const std::int64_t pid = owner.int64(1);
                if (owner.text(0) == "running" && pid != static_cast<std::int64_t>(::getpid())
                    && processIsAlive(pid))
                    throw StoreError(StoreError::Kind::BadInput,
                        "run '" + runId + "' is already running (process " + std::to_string(pid)
                            + "); only one process may resume it");
            }
        }
        Statement update(m_db,
            "UPDATE run_records SET status = 'running', finished = NULL, owner_pid = ? "
            "WHERE id = ?");
        update.bind(1, static_cast<std::int64_t>(::getpid())).bind(2, runId);
        update.run();
        if (m_db.changes() == 0)
            throw StoreError(StoreError::Kind::NotFound,
                "there is no run '" + runId + "' in " + m_db.path().string());
        transaction.commit();
    }
    return *findRun(runId);
}

void RunStore::finishRun(const std::string &runId, model::RunStatus status)
{
    if (status == model::RunStatus::Running)
        throw StoreError(
            StoreError::Kind::BadInput, "a run finishes complete, cancelled or incomplete");
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    // The file's runs table takes running, complete or cancelled (schema 3): an incomplete run
    // stays "running" with no owner, which reads as incomplete, and any process may resume it.
    Statement update(m_db,
        status == model::RunStatus::Incomplete
            ? "UPDATE run_records SET owner_pid = 0, finished = ?2 WHERE id = ?3"
            : "UPDATE run_records SET status = ?1, finished = ?2 WHERE id = ?3");
    if (status != model::RunStatus::Incomplete)
        update.bind(1, model::toString(status));
    update.bind(2, utcNow()).bind(3, runId);
    update.run();
    if (m_db.changes() == 0)
        throw StoreError(StoreError::Kind::NotFound,
            "there is no run '" + runId + "' in " + m_db.path().string());
    transaction.commit();
}

std::vector<model::RunRecord> RunStore::listRuns() const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    // Ids sort by start time; started breaks no ties they leave.
    Statement query(m_db, std::string(kRunSelect) + "ORDER BY r.id DESC");
    std::vector<model::RunRecord> runs;
    while (query.step())
        runs.push_back(readRun(m_db, query));
    // Each run's answered versions, in one pass over the responses rather than one per run.
    Statement versions(m_db, std::string(kAnsweredVersionsSelect) + kAnsweredVersionsGroup + "ORDER BY s.run_id, first");
    std::map<std::string, std::vector<std::string>> byRun;
    while (versions.step())
        byRun[versions.text(0)].push_back(
            versionLabel(versions.text(1), versions.int64(2) != 0));
    for (model::RunRecord &run : runs)
        setVersions(run, std::move(byRun[run.id]));
    return runs;
}

std::optional<model::RunRecord> RunStore::findRun(const std::string &runId) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db, std::string(kRunSelect) + "WHERE r.id = ?");
    query.bind(1, runId);
    if (!query.step())
        return std::nullopt;
    model::RunRecord run = readRun(m_db, query);
    Statement versions(m_db,
        std::string(kAnsweredVersionsSelect) + "WHERE s.run_id = ? " + kAnsweredVersionsGroup
            + "ORDER BY first");
    versions.bind(1, runId);
    std::vector<std::string> labels;
    while (versions.step())
        labels.push_back(versionLabel(versions.text(1), versions.int64(2) != 0));
    setVersions(run, std::move(labels));
    return run;
}

std::vector<ResponseRecord> RunStore::responses(const std::string &runId, ResponseParts parts) const
{
    std::string select = kResponseSelect;
    if (parts == ResponseParts::WithoutRequests) {
        static constexpr std::string_view kRequest = "s.rendered_request AS rendered_request";
        select.replace(select.find(kRequest), kRequest.size(), "NULL AS rendered_request");
    }
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db, select + "WHERE s.run_id = ? ORDER BY s.id");
    query.bind(1, runId);
    std::vector<ResponseRecord> list;
    while (query.step())
        list.push_back(readResponse(m_db, query));
    return list;
}

std::set<CellKey> RunStore::answeredCells(const std::string &runId) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db,
        "SELECT coalesce(s.version_id, r.version_id), s.target_id, s.case_index, s.repeat_index "
        "FROM responses s JOIN run_records r ON r.id = s.run_id WHERE s.run_id = ? AND "
        "s.case_index IS NOT NULL AND s.error_category IS NULL");
    query.bind(1, runId);
    std::set<CellKey> cells;
    while (query.step())
        cells.insert({query.int64(0), query.text(1), query.integer(2),
            query.isNull(3) ? 0 : query.integer(3)});
    return cells;
}

} // namespace ps::store
