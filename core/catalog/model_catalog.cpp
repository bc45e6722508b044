#include "catalog/model_catalog.h"

#include "catalog/price_resources.h"
#include "util/ascii_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace ps::catalog {

using nlohmann::json;

namespace {

double readPrice(const json &entry, const char *field, const std::string &id)
{
    const auto it = entry.find(field);
    if (it == entry.end() || !it->is_number() || !std::isfinite(it->get<double>())
        || it->get<double>() < 0)
        throw CatalogError(
            "price catalogue: model '" + id + "' needs a non-negative number in \"" + field + "\"");
    return it->get<double>();
}

std::string readText(const json &entry, const char *field)
{
    const auto it = entry.find(field);
    return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

ModelCatalog::ModelCatalog(std::string asOf, std::vector<CatalogEntry> entries)
    : m_asOf(std::move(asOf))
{
    std::stable_sort(
        entries.begin(), entries.end(), [](const CatalogEntry &a, const CatalogEntry &b) {
            return util::asciiLower(a.id) < util::asciiLower(b.id);
        });
    for (CatalogEntry &entry : entries) {
        const std::string key = util::asciiLower(entry.id);
        if (const auto it = m_index.find(key);
            it != m_index.end() && util::asciiLower(m_entries[it->second].id) == key) {
            m_entries[it->second] = std::move(entry); // the later one wins
            continue;
        }
        m_entries.push_back(std::move(entry));
        const std::size_t index = m_entries.size() - 1;
        m_index[key] = index;
        for (const std::string &alias : m_entries[index].aliases)
            m_index.emplace(util::asciiLower(alias), index); // an id beats an alias
    }
}

const ModelCatalog &ModelCatalog::builtIn()
{
    static const ModelCatalog catalog = [] {
        const auto text = priceResource("models.json");
        if (!text)
            throw CatalogError("the price catalogue is missing from this build");
        return fromJson(*text);
    }();
    return catalog;
}

ModelCatalog ModelCatalog::fromJson(std::string_view text)
{
    const json document = json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        throw CatalogError("price catalogue: not a JSON object");
    const auto models = document.find("models");
    if (models == document.end() || !models->is_object())
        throw CatalogError("price catalogue: \"models\" must be an object");
    std::vector<CatalogEntry> entries;
    for (const auto &[id, value] : models->items()) {
        if (!value.is_object())
            throw CatalogError("price catalogue: model '" + id + "' must be an object");
        CatalogEntry entry;
        entry.id = id;
        entry.price.input = readPrice(value, "input", id);
        entry.price.output = readPrice(value, "output", id);
        if (value.contains("cached_input"))
            entry.price.cachedInput = readPrice(value, "cached_input", id);
        entry.price.confidence = readText(value, "confidence");
        entry.price.source = readText(value, "source");
        if (const auto aliases = value.find("aliases"); aliases != value.end()) {
            for (const json &alias : *aliases) {
                if (alias.is_string())
                    entry.aliases.push_back(alias.get<std::string>());
            }
        }
        entries.push_back(std::move(entry));
    }
    ModelCatalog catalog(readText(document, "as_of"), std::move(entries));
    if (const auto batch = document.find("batch"); batch != document.end() && batch->is_object()) {
        std::map<std::string, double, std::less<>> multipliers;
        for (const auto &[kind, value] : batch->items()) {
            if (!value.is_number())
                continue; // "source"
            const double multiplier = value.get<double>();
            if (!(multiplier > 0.0 && multiplier <= 1.0))
                throw CatalogError("price catalogue: the batch multiplier of '" + kind
                    + "' must lie in (0, 1]");
            multipliers[kind] = multiplier;
        }
        catalog.setBatchMultipliers(std::move(multipliers));
    }
    return catalog;
}

std::optional<double> ModelCatalog::batchMultiplier(std::string_view providerKind) const
{
    if (const auto found = m_batchMultipliers.find(providerKind); found != m_batchMultipliers.end())
        return found->second;
    return std::nullopt;
}

std::optional<ModelPrice> ModelCatalog::find(std::string_view model) const
{
    for (const std::string &key : lookupKeys(model)) {
        if (const auto it = m_index.find(key); it != m_index.end())
            return m_entries[it->second].price;
    }
    return std::nullopt;
}

std::optional<double> ModelCatalog::cost(
    std::string_view model, const providers::Usage &usage) const
{
    const auto price = find(model);
    if (!price)
        return std::nullopt;
    return costUsd(*price, usage);
}

std::optional<ModelPrice> findPrice(const ModelCatalog &overrides, const ModelCatalog &catalog,
    const std::vector<std::string> &models)
{
    for (const ModelCatalog *source : {&overrides, &catalog}) {
        for (const std::string &model : models) {
            if (model.empty())
                continue;
            if (auto price = source->find(model))
                return price;
        }
    }
    return std::nullopt;
}

} // namespace ps::catalog
