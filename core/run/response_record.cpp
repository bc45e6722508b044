#include "run/response_record.h"

namespace ps::run {

nlohmann::json toolCallsJson(const std::vector<providers::ToolCall> &calls)
{
    nlohmann::json list = nlohmann::json::array();
    for (const providers::ToolCall &call : calls)
        list.push_back({{"id", call.id}, {"name", call.name}, {"arguments", call.arguments}});
    return list;
}

store::ResponseRecord responseRecord(const dispatch::CallOutcome &outcome,
    const std::string &targetId, const std::string &requestedModel)
{
    store::ResponseRecord record;
    record.targetId = targetId;
    record.model = outcome.model.empty() ? requestedModel : outcome.model;
    record.renderedRequest
        = outcome.renderedRequest.is_object() ? outcome.renderedRequest : nlohmann::json::object();
    const providers::ChatResult &result = outcome.result;
    record.text = result.text;
    record.toolCalls = toolCallsJson(result.toolCalls);
    record.logprobs = providers::logprobsToJson(result.logprobs);
    record.finishReason = result.finishReason;
    record.inputTokens = result.usage.inputTokens;
    record.outputTokens = result.usage.outputTokens;
    record.cachedTokens = result.usage.cachedInputTokens;
    record.reasoningTokens = result.usage.reasoningTokens;
    record.ttftMs = outcome.measurements.ttftMs;
    record.totalMs = outcome.measurements.totalMs;
    record.attempts = outcome.measurements.attempts;
    record.cached = outcome.cached;
    record.fellBackFrom = outcome.fellBackFrom;
    record.batchId = outcome.batchId;
    if (const auto &error = result.error) {
        store::ResponseError stored;
        stored.category = providers::toString(error->category);
        stored.message = error->message;
        if (error->status > 0)
            stored.status = error->status;
        record.error = std::move(stored);
    }
    return record;
}

} // namespace ps::run
