#pragma once

// Prices by model id: the catalogue compiled in from resources/prices/models.json, or a
// project's overrides.

#include "catalog/model_price.h"

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ps::catalog {

// A catalogue file that cannot be read; the message says where.
class CatalogError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct CatalogEntry
{
    std::string id;
    std::vector<std::string> aliases; // other ids of the same model (claude-sonnet-4-0)
    ModelPrice price;
};

class ModelCatalog
{
public:
    ModelCatalog() = default;
    // Ids are matched case-insensitively; a later entry for the same id wins.
    ModelCatalog(std::string asOf, std::vector<CatalogEntry> entries);

    // The compiled-in catalogue, read once.
    static const ModelCatalog &builtIn();
    // {"as_of", "batch"?: {KIND: multiplier}, "models": {ID: {"input", "output",
    // "cached_input"?, "aliases"?, "confidence"?, "source"?}}}; throws CatalogError.
    static ModelCatalog fromJson(std::string_view text);

    const std::string &asOf() const { return m_asOf; }
    const std::vector<CatalogEntry> &entries() const { return m_entries; } // by id
    // What a provider kind's batch API charges of the standard price ("openai": 0.5); nullopt
    // for a kind without one.
    std::optional<double> batchMultiplier(std::string_view providerKind) const;
    void setBatchMultipliers(std::map<std::string, double, std::less<>> multipliers)
    {
        m_batchMultipliers = std::move(multipliers);
    }

    // The price of a model, also under a provider prefix or a dated snapshot id (lookupKeys).
    std::optional<ModelPrice> find(std::string_view model) const;
    // nullopt: the model has no price here (never guessed as $0).
    std::optional<double> cost(std::string_view model, const providers::Usage &usage) const;

private:
    std::string m_asOf;
    std::vector<CatalogEntry> m_entries;
    std::map<std::string, std::size_t, std::less<>> m_index; // lower-case id or alias -> entry
    std::map<std::string, double, std::less<>> m_batchMultipliers; // by provider kind
};

// Project overrides first, then the catalogue; each tried with every model name given (the
// model that answered, then the one asked for).
std::optional<ModelPrice> findPrice(const ModelCatalog &overrides, const ModelCatalog &catalog,
    const std::vector<std::string> &models);

} // namespace ps::catalog
