#pragma once

#include "providers/provider_config.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A project's providers and targets (CLI.md "Providers, targets, prices"): where to send a
// prompt, stored without any key.
namespace ps::store {

class Database;
class Project;

// One column of a comparison: a provider, a model and parameter overrides.
struct TargetRecord
{
    std::string id;
    std::string providerId;
    std::string model;
    nlohmann::json params = nlohmann::json::object(); // overrides the version's params
    std::optional<std::string> fallbackTargetId;
    // Fall back also when the answer's mean token log-probability is below this (needs a
    // provider that reports log-probabilities; params "logprobs": true is then sent).
    std::optional<double> fallbackMinLogprob;
    std::string created; // ISO 8601 UTC; set by the store

    bool operator==(const TargetRecord &) const = default;
};

// Ids of providers and targets: [A-Za-z0-9_.-]+, at most 64 bytes. Throws BadInput.
void checkCatalogId(std::string_view id, std::string_view what);

// Reads and writes providers and targets through a Project's connection (serialised with it).
// Unknown ids throw NotFound, duplicates AlreadyExists, invalid values BadInput.
class ProviderCatalog
{
public:
    explicit ProviderCatalog(const Project &project);

    // Refuses a config validateConfig() rejects. Only the key's variable name is stored.
    void addProvider(const providers::ProviderConfig &config);
    std::vector<providers::ProviderConfig> providers() const; // by id
    std::optional<providers::ProviderConfig> findProvider(const std::string &id) const;
    providers::ProviderConfig provider(const std::string &id) const; // NotFound if absent
    // Replaces a provider's config (its id stays), checked as addProvider checks it.
    void updateProvider(const providers::ProviderConfig &config);
    // Refused (naming them) while targets use the provider.
    void removeProvider(const std::string &id);

    // The provider and the fallback target must exist; params must be a JSON object.
    void addTarget(const TargetRecord &target);
    std::vector<TargetRecord> targets() const; // by id
    std::optional<TargetRecord> findTarget(const std::string &id) const;
    TargetRecord target(const std::string &id) const; // NotFound if absent
    // Replaces a target's provider, model, params and fallback (its id stays), checked as
    // addTarget checks them; a fallback chain that would come back to it is refused.
    void updateTarget(const TargetRecord &target);
    // Refused (naming them) while other targets fall back to it. Runs keep the id they ran.
    void removeTarget(const std::string &id);

private:
    Database &m_db;
};

// A project's providers and targets as read at one moment: what a run builds its calls from
// without holding a connection (the window reads it with the project, off the GUI thread).
class CatalogSnapshot
{
public:
    static CatalogSnapshot read(const Project &project);

    // The readable ones, by id. A damaged row is left out here and throws Damaged when asked
    // for by id, as ProviderCatalog does; the rest of the snapshot stays usable.
    const std::vector<providers::ProviderConfig> &providers() const { return m_providers; }
    const std::vector<TargetRecord> &targets() const { return m_targets; }
    providers::ProviderConfig provider(const std::string &id) const; // NotFound if absent
    TargetRecord target(const std::string &id) const; // NotFound if absent
    // Replaces a target's provider, model, params and fallback (its id stays), checked as
    // addTarget checks them; a fallback chain that would come back to it is refused.
    void updateTarget(const TargetRecord &target);
    // Refused (naming them) while other targets fall back to it. Runs keep the id they ran.
    void removeTarget(const std::string &id);

private:
    std::vector<providers::ProviderConfig> m_providers;
    std::vector<TargetRecord> m_targets;
    std::map<std::string, std::string> m_damagedProviders; // id: why it cannot be read
    std::map<std::string, std::string> m_damagedTargets;
};

} // namespace ps::store
