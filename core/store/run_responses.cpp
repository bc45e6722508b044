// RunStore's writing of responses: an evaluation cell stored once, several in one transaction.

#include "store/database.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "store/stored_text.h"
#include "store/version_queries.h"

#include <map>

namespace ps::store {

namespace {

void bindOptional(Statement &statement, const char *name, const std::optional<long long> &value)
{
    if (value)
        statement.bind(name, static_cast<std::int64_t>(*value));
    else
        statement.bindNull(name);
}

void bindOptional(Statement &statement, const char *name, const std::optional<double> &value)
{
    if (value)
        statement.bindReal(name, *value);
    else
        statement.bindNull(name);
}

void bindOptional(Statement &statement, const char *name, const std::optional<std::string> &value)
{
    if (value)
        statement.bind(name, *value);
    else
        statement.bindNull(name);
}

} // namespace

std::int64_t RunStore::addResponse(const std::string &runId, const ResponseRecord &response)
{
    return addResponses(runId, {response}).front();
}

std::vector<std::int64_t> RunStore::addResponses(
    const std::string &runId, const std::vector<ResponseRecord> &responses)
{
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    // The foreign key refuses an unknown run; say so in words.
    std::optional<std::int64_t> runVersion;
    {
        Statement run(m_db, "SELECT version_id FROM run_records WHERE id = ?");
        run.bind(1, runId);
        if (!run.step())
            throw StoreError(StoreError::Kind::NotFound,
                "there is no run '" + runId + "' in " + m_db.path().string());
        if (!run.isNull(0))
            runVersion = run.int64(0);
    }
    std::map<std::int64_t, std::string> versionRefs; // by version id, looked up once a batch
    std::vector<std::int64_t> ids;
    ids.reserve(responses.size());
    for (const ResponseRecord &response : responses) {
        if (response.caseIndex)
            replaceFailedAttempt(runId, runVersion, response);
        std::optional<std::string> versionRef;
        if (response.versionId != 0) {
            auto [ref, added] = versionRefs.try_emplace(response.versionId);
            if (added)
                ref->second = versionReference(response.versionId);
            versionRef = ref->second;
        }
        insertResponse(runId, response, versionRef);
        ids.push_back(m_db.lastInsertId());
    }
    transaction.commit();
    return ids;
}

void RunStore::replaceFailedAttempt(const std::string &runId,
    std::optional<std::int64_t> runVersion, const ResponseRecord &response)
{
    // The cell's version is its own, else the run's; a response stored without one is the
    // run's. Spelled as the index responses_by_cell spells it (coalesce(version_id, 0)), so
    // that finding the cell is one index lookup, not a scan of the run's responses.
    const std::optional<std::int64_t> cellVersion
        = response.versionId != 0 ? std::optional(response.versionId) : runVersion;
    const std::int64_t version = cellVersion.value_or(0);
    const std::int64_t orRunsOwn = cellVersion == runVersion ? 0 : version;
    constexpr const char *kSameCell
        = "run_id = :run AND coalesce(version_id, 0) IN (:version, :or_runs_own) "
          "AND target_id = :target AND case_index = :case AND repeat_index = :repeat";
    const std::int64_t repeat = response.repeatIndex.value_or(0);
    const auto bindCell = [&](Statement &statement) {
        statement.bind(":run", runId);
        statement.bind(":version", version);
        statement.bind(":or_runs_own", orRunsOwn);
        statement.bind(":target", safeText(response.targetId));
        statement.bind(":case", static_cast<std::int64_t>(*response.caseIndex));
        statement.bind(":repeat", repeat);
    };
    // A retried cell replaces its failed attempt; an answered cell is final.
    Statement drop(m_db,
        std::string("DELETE FROM responses WHERE ") + kSameCell
            + " AND error_category IS NOT NULL");
    bindCell(drop);
    drop.run();
    Statement answered(m_db, std::string("SELECT 1 FROM responses WHERE ") + kSameCell);
    bindCell(answered);
    if (answered.step())
        throw StoreError(StoreError::Kind::AlreadyExists,
            "case " + std::to_string(*response.caseIndex) + " repeat " + std::to_string(repeat)
                + " of target '" + response.targetId + "' is already answered in run '" + runId
                + "'");
}

std::string RunStore::versionReference(std::int64_t versionId) const
{
    Statement version(m_db,
        "SELECT p.name, v.number FROM versions v JOIN prompts p ON p.id = v.prompt_id "
        "WHERE v.id = ?");
    version.bind(1, versionId);
    if (!version.step())
        throw StoreError(StoreError::Kind::NotFound,
            "there is no version with id " + std::to_string(versionId) + " in "
                + m_db.path().string());
    return version.text(0) + "@" + std::to_string(version.int64(1));
}

void RunStore::insertResponse(const std::string &runId, const ResponseRecord &response,
    const std::optional<std::string> &versionRef)
{
    Statement insert(m_db,
        "INSERT INTO responses (run_id, target_id, model, rendered_request, text, tool_calls, "
        "finish_reason, input_tokens, output_tokens, cached_tokens, reasoning_tokens, cost_usd, "
        "ttft_ms, total_ms, attempts, cached, fell_back_from, error_category, error_message, "
        "error_status, created, case_index, repeat_index, pass, score, assertions, logprobs, "
        "version_id, version_ref, draft, batch_id) "
        "VALUES ("
        ":run_id, :target_id, :model, :rendered_request, :text, :tool_calls, :finish_reason, "
        ":input_tokens, :output_tokens, :cached_tokens, :reasoning_tokens, :cost_usd, :ttft_ms, "
        ":total_ms, :attempts, :cached, :fell_back_from, :error_category, :error_message, "
        ":error_status, :created, :case_index, :repeat_index, :pass, :score, :assertions, "
        ":logprobs, :version_id, :version_ref, :draft, :batch_id)");
    insert.bind(":run_id", runId);
    insert.bind(":target_id", safeText(response.targetId));
    insert.bind(":model", safeText(response.model));
    insert.bind(":rendered_request", jsonText(response.renderedRequest));
    insert.bind(":text", safeText(response.text));
    insert.bind(":tool_calls", jsonText(response.toolCalls));
    insert.bind(":finish_reason", safeText(response.finishReason));
    bindOptional(insert, ":input_tokens", response.inputTokens);
    bindOptional(insert, ":output_tokens", response.outputTokens);
    bindOptional(insert, ":cached_tokens", response.cachedTokens);
    bindOptional(insert, ":reasoning_tokens", response.reasoningTokens);
    bindOptional(insert, ":cost_usd", response.costUsd);
    bindOptional(insert, ":ttft_ms", response.ttftMs);
    insert.bindReal(":total_ms", response.totalMs);
    insert.bind(":attempts", response.attempts);
    insert.bind(":cached", response.cached ? 1 : 0);
    bindOptional(insert, ":fell_back_from", response.fellBackFrom);
    const auto error = response.error;
    bindOptional(
        insert, ":error_category", error ? std::optional(safeText(error->category)) : std::nullopt);
    bindOptional(
        insert, ":error_message", error ? std::optional(safeText(error->message)) : std::nullopt);
    bindOptional(insert, ":error_status",
        error && error->status ? std::optional<long long>(*error->status) : std::nullopt);
    insert.bind(":created", utcNow());
    bindOptional(insert, ":case_index",
        response.caseIndex ? std::optional<long long>(*response.caseIndex) : std::nullopt);
    bindOptional(insert, ":repeat_index",
        response.caseIndex ? std::optional<long long>(response.repeatIndex.value_or(0))
                           : std::nullopt);
    bindOptional(insert, ":pass",
        response.pass ? std::optional<long long>(*response.pass ? 1 : 0) : std::nullopt);
    bindOptional(insert, ":score", response.score);
    insert.bind(":assertions",
        jsonText(response.assertions.is_array() ? response.assertions : nlohmann::json::array()));
    bindOptional(insert, ":logprobs",
        response.logprobs.is_array() && !response.logprobs.empty()
            ? std::optional(jsonText(response.logprobs))
            : std::nullopt);
    insert.bind(":draft", response.draft ? 1 : 0);
    bindOptional(insert, ":batch_id",
        response.batchId.empty() ? std::nullopt : std::optional(safeText(response.batchId)));
    bindOptional(insert, ":version_id",
        versionRef ? std::optional<long long>(response.versionId) : std::nullopt);
    bindOptional(insert, ":version_ref", versionRef);
    insert.run();
}

} // namespace ps::store
