#pragma once

// A project's own model prices (`price set`), which win over the compiled-in catalogue.

#include <optional>
#include <string>
#include <vector>

namespace ps::store {

class Database;
class Project;

// USD per 1M tokens for one model id, as the user typed it.
struct PriceOverride
{
    std::string model;
    double input = 0.0;
    double output = 0.0;
    std::optional<double> cachedInput;
    std::string updated; // ISO 8601 UTC; set by the store

    bool operator==(const PriceOverride &) const = default;
};

// Reads and writes the prices table through a Project's connection (serialised with it).
class PriceOverrides
{
public:
    explicit PriceOverrides(const Project &project);

    // Creates or replaces the model's price. A blank model or a negative or non-finite price
    // throws BadInput.
    void set(const PriceOverride &price);
    std::vector<PriceOverride> list() const; // by model
    std::optional<PriceOverride> find(const std::string &model) const; // exact id

private:
    Database &m_db;
};

} // namespace ps::store
