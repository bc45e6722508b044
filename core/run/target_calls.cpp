#include "run/target_calls.h"

#include "batch/batch_api.h"
#include "store/store_error.h"

#include "store/project.h"
#include "store/provider_catalog.h"

#include <memory>
#include <set>

namespace ps::run {

namespace {

std::string singleQuoted(const std::string &id)
{
    return "'" + id + "'";
}

// The call of one target of the chain; `chain` holds the targets before it, to refuse a loop.
// `Catalog` is the project's (read per lookup) or a snapshot of it.
template<typename Catalog>
dispatch::TargetCall buildLink(const Catalog &catalog, const std::string &targetId,
    const std::vector<providers::ChatMessage> &messages, const model::Params &versionParams,
    bool stream, std::vector<std::string> &chain)
{
    const store::TargetRecord target = catalog.target(targetId);
    dispatch::TargetCall call;
    call.targetId = target.id;
    call.provider = catalog.provider(target.providerId);
    call.request.model = target.model;
    call.request.messages = messages;
    call.request.stream = stream;
    try {
        call.request.params = versionParams.withOverrides(target.params);
    } catch (const model::ContentError &error) {
        throw TargetCallError(target.id, error.path(),
            "the params of target " + singleQuoted(target.id) + " are not valid: " + error.what());
    }
    if (target.fallbackMinLogprob) {
        call.minMeanLogprob = target.fallbackMinLogprob;
        // Without them the provider reports no log-probabilities and nothing can be judged.
        call.request.params.extra["logprobs"] = true;
    }
    if (target.fallbackTargetId) {
        chain.push_back(target.id);
        const std::string &next = *target.fallbackTargetId;
        for (const std::string &earlier : chain) {
            if (earlier != next)
                continue;
            std::string loop;
            for (const std::string &id : chain)
                loop += id + " -> ";
            throw TargetCallError(chain.front(), "fallback",
                "the fallback chain of target " + singleQuoted(chain.front())
                    + " returns to a target already in it: " + loop + next);
        }
        call.fallback = std::make_shared<const dispatch::TargetCall>(
            buildLink(catalog, next, messages, versionParams, stream, chain));
    }
    return call;
}

} // namespace

TargetCallError::TargetCallError(
    std::string targetId, std::string field, const std::string &message)
    : std::runtime_error(message)
    , m_targetId(std::move(targetId))
    , m_field(std::move(field))
{ }

std::vector<providers::ChatMessage> chatMessages(const tmpl::RenderedPrompt &prompt)
{
    std::vector<providers::ChatMessage> messages;
    messages.reserve(prompt.messages.size());
    for (const auto &message : prompt.messages) {
        providers::ChatMessage chat {message.role, message.content, message.toolCallId, message.toolCalls, {}};
        for (const model::ImageRef &image : message.images)
            chat.images.push_back({image, {}});
        messages.push_back(std::move(chat));
    }
    return messages;
}

dispatch::TargetCall buildTargetCall(const store::Project &project, const std::string &targetId,
    const std::vector<providers::ChatMessage> &messages, const model::Params &versionParams,
    bool stream)
{
    const store::ProviderCatalog catalog(project);
    std::vector<std::string> chain;
    return buildLink(catalog, targetId, messages, versionParams, stream, chain);
}

dispatch::TargetCall buildTargetCall(const store::CatalogSnapshot &catalog,
    const std::string &targetId, const std::vector<providers::ChatMessage> &messages,
    const model::Params &versionParams, bool stream)
{
    std::vector<std::string> chain;
    return buildLink(catalog, targetId, messages, versionParams, stream, chain);
}

dispatch::TargetCall withCache(dispatch::TargetCall call, bool useCache)
{
    call.useCache = useCache;
    if (call.fallback)
        call.fallback
            = std::make_shared<const dispatch::TargetCall>(withCache(*call.fallback, useCache));
    return call;
}

void requireBatchApi(const std::string &targetId, const dispatch::TargetCall &call)
{
    if (!batch::hasBatchApi(call.provider.kind))
        throw store::StoreError(store::StoreError::Kind::BadInput,
            "target '" + targetId + "' is a " + providers::toString(call.provider.kind)
                + " target: batch evaluations take openai and anthropic targets");
}

} // namespace ps::run
