#include "dispatch/response_cache.h"

#include "util/sha256.h"

namespace ps::dispatch {

std::string cacheKey(
    const providers::ProviderConfig &resolvedProvider, const providers::ChatRequest &request)
{
    nlohmann::json messages = nlohmann::json::array();
    for (const providers::ChatMessage &message : request.messages) {
        messages.push_back({{"role", message.role}, {"content", message.content},
            {"tool_call_id", message.toolCallId}, {"tool_calls", message.toolCalls}});
    }
    // nlohmann's object keys are sorted, so the dump is canonical.
    const nlohmann::json canonical = {{"kind", providers::toString(resolvedProvider.kind)},
        {"base_url", resolvedProvider.baseUrl}, {"api_version", resolvedProvider.apiVersion},
        {"model", request.model}, {"messages", messages}, {"params", request.params.toJson()}};
    return util::sha256Hex(canonical.dump());
}

} // namespace ps::dispatch
