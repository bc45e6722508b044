#include "run/call_pricing.h"

#include "catalog/model_price.h"
#include "store/price_overrides.h"

namespace ps::run {

namespace {

catalog::ModelCatalog overridesCatalog(const std::vector<store::PriceOverride> &prices)
{
    std::vector<catalog::CatalogEntry> entries;
    for (const store::PriceOverride &price : prices)
        entries.push_back({price.model, {},
            {price.input, price.output, price.cachedInput, "", "project override"}});
    return catalog::ModelCatalog("", std::move(entries));
}

// The link of `call`'s chain that answered as `targetId`; the head when none did.
const dispatch::TargetCall &answeringLink(
    const dispatch::TargetCall &call, const std::string &targetId)
{
    for (const dispatch::TargetCall *link = &call; link; link = link->fallback.get())
        if (link->targetId == targetId)
            return *link;
    return call;
}

// The compiled-in catalogue; an empty one for a build without it (only overrides price then).
const catalog::ModelCatalog &builtIn()
{
    try {
        return catalog::ModelCatalog::builtIn();
    } catch (const catalog::CatalogError &) {
        static const catalog::ModelCatalog none("", {});
        return none;
    }
}

} // namespace

CallPricing::CallPricing(const store::Project &project)
    : m_overrides(overridesCatalog(store::PriceOverrides(project).list()))
{ }

void CallPricing::prepare()
{
    builtIn();
}

std::optional<double> CallPricing::cost(
    const dispatch::TargetCall &call, const dispatch::CallOutcome &outcome) const
{
    if (outcome.cached)
        return 0.0;
    const dispatch::TargetCall &link = answeringLink(call, outcome.targetId);
    if (link.provider.kind == providers::ProviderKind::Echo)
        return 0.0; // no network, no bill
    const providers::Usage &usage = outcome.result.usage;
    if (outcome.result.error && !usage.inputTokens && !usage.outputTokens)
        return std::nullopt;
    const auto price
        = catalog::findPrice(m_overrides, builtIn(), {outcome.model, link.request.model});
    if (!price)
        return std::nullopt;
    const double full = catalog::costUsd(*price, usage);
    if (outcome.batchId.empty())
        return full;
    const std::optional<double> share = batchShare(link.provider.kind);
    return share ? std::optional(full * *share) : std::nullopt; // no batch price: none made up
}

std::optional<double> CallPricing::batchShare(providers::ProviderKind kind) const
{
    return builtIn().batchMultiplier(providers::toString(kind));
}

} // namespace ps::run

namespace ps::run {

std::optional<catalog::ModelPrice> CallPricing::priceOf(
    providers::ProviderKind kind, const std::string &model) const
{
    if (kind == providers::ProviderKind::Echo)
        return catalog::ModelPrice {0.0, 0.0, std::nullopt, "", "offline"};
    return catalog::findPrice(m_overrides, builtIn(), {model});
}

} // namespace ps::run
