#pragma once

#include "catalog/model_catalog.h"
#include "dispatch/dispatcher.h"

#include <optional>

namespace ps::store {
class Project;
} // namespace ps::store

// What one call cost, by the one rule every surface shows (README "What a call costs"): `run`,
// `eval`, reports, the panes and the session total.
namespace ps::run {

class CallPricing
{
public:
    // Reads the project's price overrides once; they are searched before the built-in catalogue.
    explicit CallPricing(const store::Project &project);
    // Parses the built-in catalogue now (it is parsed once, on first use): call it where a wait
    // does no harm, so that no first answer waits for it. Never throws.
    static void prepare();

    // The USD of `outcome`, an answer to `call`:
    // - answered from the cache: 0 (nothing was sent);
    // - the link of the fallback chain that answered is priced, never the head that failed:
    //   its provider (echo costs 0) and its model (the one the reply names, else the one asked);
    // - an error that reported no tokens costs nothing known: nullopt ("—"), never a made-up 0;
    // - nullopt too when no price is known for the model;
    // - a batch answer (outcome.batchId) at the catalogue's batch multiplier of the provider's
    //   kind, nullopt for a kind without one.
    std::optional<double> cost(
        const dispatch::TargetCall &call, const dispatch::CallOutcome &outcome) const;
    // The price a call to `model` through a provider of `kind` is costed with, by the same
    // rule: echo is free, else the project's override, else the catalogue; nullopt when none
    // is known (a target picker says so before anything is sent).
    std::optional<catalog::ModelPrice> priceOf(
        providers::ProviderKind kind, const std::string &model) const;
    // What a batch of `kind` charges of that price (0.5); nullopt for a kind without a batch API.
    std::optional<double> batchShare(providers::ProviderKind kind) const;

private:
    catalog::ModelCatalog m_overrides;
};

} // namespace ps::run
