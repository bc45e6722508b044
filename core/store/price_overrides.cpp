#include "store/price_overrides.h"

#include "store/database.h"
#include "store/names.h"
#include "store/project.h"
#include "store/store_error.h"
#include "store/version_queries.h"

#include <cmath>

namespace ps::store {

namespace {

constexpr const char *kSelect = "SELECT model, input, output, cached_input, updated FROM prices ";

void checkPrice(double value, const std::string &what, const std::string &model)
{
    if (!std::isfinite(value) || value < 0)
        throw StoreError(StoreError::Kind::BadInput,
            "the " + what + " price of '" + model
                + "' must be a number of USD per 1M tokens, 0 or more");
}

PriceOverride readRow(const Statement &row)
{
    PriceOverride price;
    price.model = row.text(0);
    price.input = row.real(1);
    price.output = row.real(2);
    if (!row.isNull(3))
        price.cachedInput = row.real(3);
    price.updated = row.text(4);
    return price;
}

} // namespace

PriceOverrides::PriceOverrides(const Project &project)
    : m_db(project.database())
{ }

void PriceOverrides::set(const PriceOverride &price)
{
    if (price.model.empty() || price.model.find_first_not_of(" \t\r\n") == std::string::npos)
        throw StoreError(StoreError::Kind::BadInput, "a price needs a model id");
    checkText(price.model, "model");
    checkPrice(price.input, "input", price.model);
    checkPrice(price.output, "output", price.model);
    if (price.cachedInput)
        checkPrice(*price.cachedInput, "cached input", price.model);
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement upsert(m_db,
        "INSERT INTO prices (model, input, output, cached_input, updated) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (model) DO UPDATE SET input = excluded.input, output = excluded.output, "
        "cached_input = excluded.cached_input, updated = excluded.updated");
    upsert.bind(1, price.model).bindReal(2, price.input).bindReal(3, price.output);
    if (price.cachedInput)
        upsert.bindReal(4, *price.cachedInput);
    else
        upsert.bindNull(4);
    upsert.bind(5, utcNow());
    upsert.run();
    transaction.commit();
}

std::vector<PriceOverride> PriceOverrides::list() const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db, std::string(kSelect) + "ORDER BY model");
    std::vector<PriceOverride> prices;
    while (query.step())
        prices.push_back(readRow(query));
    return prices;
}

std::optional<PriceOverride> PriceOverrides::find(const std::string &model) const
{
    auto lock = m_db.lock();
    Statement query(m_db, std::string(kSelect) + "WHERE model = ?");
    query.bind(1, model);
    if (!query.step())
        return std::nullopt;
    return readRow(query);
}

} // namespace ps::store
