#include "store/response_cache_store.h"

#include "store/database.h"
#include "store/project.h"
#include "store/store_error.h"
#include "store/version_queries.h"
#include "util/json_depth.h"
#include "util/sha256.h"

namespace ps::store {

using nlohmann::json;

namespace {

template<typename T>
json optionalJson(const std::optional<T> &value)
{
    return value ? json(*value) : json();
}

template<typename T>
std::optional<T> optionalFrom(const json &object, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return std::nullopt;
    return it->get<T>();
}

json usageJson(const providers::Usage &usage)
{
    return {{"input_tokens", optionalJson(usage.inputTokens)},
        {"output_tokens", optionalJson(usage.outputTokens)},
        {"cached_input_tokens", optionalJson(usage.cachedInputTokens)},
        {"reasoning_tokens", optionalJson(usage.reasoningTokens)}};
}

providers::Usage usageFrom(const json &object)
{
    providers::Usage usage;
    usage.inputTokens = optionalFrom<long long>(object, "input_tokens");
    usage.outputTokens = optionalFrom<long long>(object, "output_tokens");
    usage.cachedInputTokens = optionalFrom<long long>(object, "cached_input_tokens");
    usage.reasoningTokens = optionalFrom<long long>(object, "reasoning_tokens");
    return usage;
}

} // namespace

json cachedOutcomeJson(const dispatch::CallOutcome &outcome)
{
    const providers::ChatResult &result = outcome.result;
    json toolCalls = json::array();
    for (const auto &call : result.toolCalls) {
        toolCalls.push_back({{"id", call.id}, {"name", call.name}, {"arguments", call.arguments},
            {"index", call.index}});
    }
    const dispatch::Measurements &m = outcome.measurements;
    return {{"target", outcome.targetId}, {"model", outcome.model}, {"text", result.text},
        {"tool_calls", toolCalls}, {"finish_reason", result.finishReason},
        {"usage", usageJson(result.usage)}, {"logprobs", providers::logprobsToJson(result.logprobs)},
        {"reasoning", result.reasoning}, {"reasoning_signature", result.reasoningSignature},
        {"measurements",
            {{"queued_ms", m.queuedMs}, {"ttft_ms", optionalJson(m.ttftMs)},
                {"total_ms", m.totalMs},
                {"output_tokens_per_second", optionalJson(m.outputTokensPerSecond)},
                {"attempts", m.attempts}}},
        {"rendered_request", outcome.renderedRequest}, {"cached", outcome.cached},
        {"fell_back_from", optionalJson(outcome.fellBackFrom)}, {"notes", outcome.notes}};
}

std::optional<dispatch::CallOutcome> cachedOutcomeFromJson(const json &object)
{
    try {
        dispatch::CallOutcome outcome;
        outcome.targetId = object.at("target").get<std::string>();
        outcome.model = object.at("model").get<std::string>();
        providers::ChatResult &result = outcome.result;
        result.text = object.at("text").get<std::string>();
        for (const json &item : object.at("tool_calls")) {
            result.toolCalls.push_back(
                {item.at("id").get<std::string>(), item.at("name").get<std::string>(),
                    item.at("arguments").get<std::string>(), item.at("index").get<int>()});
        }
        result.finishReason = object.at("finish_reason").get<std::string>();
        result.usage = usageFrom(object.at("usage"));
        result.logprobs = providers::logprobsFromJson(object.at("logprobs"));
        result.reasoning = object.at("reasoning").get<std::string>();
        result.reasoningSignature = object.at("reasoning_signature").get<std::string>();
        const json &m = object.at("measurements");
        outcome.measurements.queuedMs = m.at("queued_ms").get<double>();
        outcome.measurements.ttftMs = optionalFrom<double>(m, "ttft_ms");
        outcome.measurements.totalMs = m.at("total_ms").get<double>();
        outcome.measurements.outputTokensPerSecond
            = optionalFrom<double>(m, "output_tokens_per_second");
        outcome.measurements.attempts = m.at("attempts").get<int>();
        outcome.renderedRequest = object.at("rendered_request");
        outcome.cached = object.at("cached").get<bool>();
        outcome.fellBackFrom = optionalFrom<std::string>(object, "fell_back_from");
        outcome.notes = object.at("notes").get<std::vector<std::string>>();
        return outcome;
    } catch (const json::exception &) {
        return std::nullopt;
    }
}

namespace {

// The outcome column holds "hmac:<hex>\n<outcome JSON>", signed over the key and the JSON.
constexpr std::string_view kSignaturePrefix = "hmac:";

std::string signature(std::string_view signingKey, std::string_view key, std::string_view text)
{
    return util::hmacSha256Hex(signingKey, std::string(key) + '\n' + std::string(text));
}

} // namespace

ResponseCacheStore::ResponseCacheStore(const Project &project, std::string signingKey)
    : m_db(project.database())
    , m_signingKey(std::move(signingKey))
{ }

std::optional<dispatch::CallOutcome> ResponseCacheStore::find(const std::string &key)
{
    std::string text;
    try {
        auto lock = m_db.lock();
        Statement query(m_db, "SELECT outcome FROM response_cache WHERE key = ?");
        query.bind(1, key);
        if (!query.step())
            return std::nullopt;
        text = query.text(0);
    } catch (const StoreError &) {
        return std::nullopt; // busy or unreadable: sent again, which is what no cache does
    }
    const std::size_t newline = text.find('\n');
    if (!std::string_view(text).starts_with(kSignaturePrefix) || newline == std::string::npos)
        return std::nullopt; // unsigned: not written by this machine (or by an older build)
    const std::string_view claimed
        = std::string_view(text).substr(kSignaturePrefix.size(), newline - kSignaturePrefix.size());
    const std::string_view body = std::string_view(text).substr(newline + 1);
    if (claimed != signature(m_signingKey, key, body))
        return std::nullopt;
    const json parsed = util::parseJsonOrDiscarded(body);
    if (parsed.is_discarded())
        return std::nullopt;
    return cachedOutcomeFromJson(parsed);
}

void ResponseCacheStore::store(const std::string &key, const dispatch::CallOutcome &outcome)
{
    if (outcome.result.error)
        return;
    // Invalid UTF-8 from a server becomes U+FFFD rather than losing the entry.
    const std::string body
        = cachedOutcomeJson(outcome).dump(-1, ' ', false, json::error_handler_t::replace);
    const std::string text
        = std::string(kSignaturePrefix) + signature(m_signingKey, key, body) + '\n' + body;
    try {
        auto lock = m_db.lock();
        Statement insert(m_db,
            "INSERT OR REPLACE INTO response_cache (key, model, outcome, created) "
            "VALUES (?, ?, ?, ?)");
        insert.bind(1, key).bind(2, outcome.model).bind(3, text).bind(4, utcNow());
        insert.run();
    } catch (const StoreError &) {
        // Disk full or read-only: the answer is still delivered, only not remembered.
    }
}

std::size_t ResponseCacheStore::size() const
{
    auto lock = m_db.lock();
    return static_cast<std::size_t>(m_db.queryInt("SELECT count(*) FROM response_cache"));
}

} // namespace ps::store
