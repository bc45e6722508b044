#include "store/provider_catalog.h"

#include "store/database.h"
#include "store/names.h"
#include "store/project.h"
#include "store/store_error.h"
#include "store/version_queries.h"
#include "util/json_depth.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ps::store {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxIdLength = 64;

[[noreturn]] void damaged(const Database &db, const std::string &what)
{
    throw StoreError(
        StoreError::Kind::Damaged, db.path().string() + " is damaged: " + what + " cannot be read");
}

providers::ProviderConfig readProvider(const Database &db, const Statement &row)
{
    try {
        providers::ProviderConfig config
            = providers::ProviderConfig::fromJson(util::parseJson(row.text(1)));
        config.id = row.text(0); // the key column is the truth
        return config;
    } catch (const std::exception &) {
        damaged(db, "provider '" + row.text(0) + "'");
    }
}

constexpr const char *kTargetSelect
    = "SELECT id, provider_id, model, params, fallback_target_id, created, fallback_min_logprob "
      "FROM targets ";

TargetRecord readTarget(const Database &db, const Statement &row)
{
    TargetRecord target;
    target.id = row.text(0);
    target.providerId = row.text(1);
    target.model = row.text(2);
    try {
        target.params = util::parseJson(row.text(3));
    } catch (const json::exception &) {
        damaged(db, "the parameters of target '" + target.id + "'");
    }
    if (!row.isNull(4))
        target.fallbackTargetId = row.text(4);
    target.created = row.text(5);
    if (!row.isNull(6))
        target.fallbackMinLogprob = row.real(6);
    return target;
}

std::optional<providers::ProviderConfig> selectProvider(Database &db, const std::string &id)
{
    Statement query(db, "SELECT id, config FROM providers WHERE id = ?");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    return readProvider(db, query);
}

std::optional<TargetRecord> selectTarget(Database &db, const std::string &id)
{
    Statement query(db, std::string(kTargetSelect) + "WHERE id = ?");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    return readTarget(db, query);
}

// "there is no provider 'x' (known: a, b)" so a typo is easy to spot.
// "there is no target 'x' (known: a, b)": what a user needs to pick the right id.
std::string unknownId(
    const char *what, const std::string &id, const std::vector<std::string> &known)
{
    std::string list;
    for (const std::string &name : known)
        list += (list.empty() ? "" : ", ") + name;
    return std::string("there is no ") + what + " '" + id + "'"
        + (list.empty() ? std::string(" (none is defined yet)") : " (known: " + list + ")");
}

std::string unknownId(Database &db, const char *what, const char *table, const std::string &id)
{
    Statement query(db, std::string("SELECT id FROM ") + table + " ORDER BY id");
    std::vector<std::string> known;
    while (query.step())
        known.push_back(query.text(0));
    return unknownId(what, id, known);
}

} // namespace

void checkCatalogId(std::string_view id, std::string_view what)
{
    const auto refuse = [&](const std::string &why) {
        throw StoreError(
            StoreError::Kind::BadInput, std::string(what) + " id '" + std::string(id) + "' " + why);
    };
    if (id.empty())
        throw StoreError(StoreError::Kind::BadInput, std::string(what) + " id must not be empty");
    if (id.size() > kMaxIdLength)
        refuse("is longer than 64 characters");
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '.' || c == '-';
        if (!ok)
            refuse("may only hold letters, digits, '_', '.' and '-'");
    }
}

ProviderCatalog::ProviderCatalog(const Project &project)
    : m_db(project.database())
{ }

namespace {

void checkProvider(const providers::ProviderConfig &config)
{
    checkCatalogId(config.id, "provider");
    checkText(config.baseUrl, "base URL");
    checkText(config.apiKeyEnv, "key variable");
    checkText(config.apiVersion, "API version");
    if (const std::string why = providers::validateConfig(config); !why.empty())
        throw StoreError(StoreError::Kind::BadInput, why);
}

// The ids a query of one text parameter lists, joined for a message.
std::string idsOf(Database &db, const char *sql, const std::string &id)
{
    Statement query(db, sql);
    query.bind(1, id);
    std::string list;
    while (query.step())
        list += (list.empty() ? "" : ", ") + query.text(0);
    return list;
}

} // namespace

void ProviderCatalog::updateProvider(const providers::ProviderConfig &config)
{
    checkProvider(config);
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    if (!selectProvider(m_db, config.id))
        throw StoreError(
            StoreError::Kind::NotFound, unknownId(m_db, "provider", "providers", config.id));
    Statement update(m_db, "UPDATE providers SET config = ? WHERE id = ?");
    update.bind(1, config.toJson().dump()).bind(2, config.id);
    update.run();
    transaction.commit();
}

void ProviderCatalog::removeProvider(const std::string &id)
{
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    if (!selectProvider(m_db, id))
        throw StoreError(StoreError::Kind::NotFound, unknownId(m_db, "provider", "providers", id));
    if (const std::string users
        = idsOf(m_db, "SELECT id FROM targets WHERE provider_id = ? ORDER BY id", id);
        !users.empty())
        throw StoreError(StoreError::Kind::Refused,
            "provider '" + id + "' is used by the targets " + users + ": remove them first");
    Statement remove(m_db, "DELETE FROM providers WHERE id = ?");
    remove.bind(1, id);
    remove.run();
    transaction.commit();
}

void ProviderCatalog::removeTarget(const std::string &id)
{
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    if (!selectTarget(m_db, id))
        throw StoreError(StoreError::Kind::NotFound, unknownId(m_db, "target", "targets", id));
    if (const std::string users
        = idsOf(m_db, "SELECT id FROM targets WHERE fallback_target_id = ? ORDER BY id", id);
        !users.empty())
        throw StoreError(StoreError::Kind::Refused,
            "target '" + id + "' is the fallback of " + users + ": change or remove them first");
    Statement remove(m_db, "DELETE FROM targets WHERE id = ?");
    remove.bind(1, id);
    remove.run();
    transaction.commit();
}

void ProviderCatalog::addProvider(const providers::ProviderConfig &config)
{
    checkProvider(config);
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    if (selectProvider(m_db, config.id))
        throw StoreError(StoreError::Kind::AlreadyExists,
            "provider '" + config.id + "' already exists in " + m_db.path().string());
    Statement insert(m_db, "INSERT INTO providers (id, config, created) VALUES (?, ?, ?)");
    insert.bind(1, config.id).bind(2, config.toJson().dump()).bind(3, utcNow());
    insert.run();
    transaction.commit();
}

std::vector<providers::ProviderConfig> ProviderCatalog::providers() const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db, "SELECT id, config FROM providers ORDER BY id");
    std::vector<providers::ProviderConfig> list;
    while (query.step())
        list.push_back(readProvider(m_db, query));
    return list;
}

std::optional<providers::ProviderConfig> ProviderCatalog::findProvider(const std::string &id) const
{
    auto lock = m_db.lock();
    return selectProvider(m_db, id);
}

providers::ProviderConfig ProviderCatalog::provider(const std::string &id) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    auto config = selectProvider(m_db, id);
    if (!config)
        throw StoreError(StoreError::Kind::NotFound, unknownId(m_db, "provider", "providers", id));
    return std::move(*config);
}

namespace {

// The target's fields checked as addTarget and updateTarget take them; its params as stored.
std::string checkedParams(const TargetRecord &target)
{
    checkCatalogId(target.id, "target");
    if (target.model.empty())
        throw StoreError(StoreError::Kind::BadInput, "target '" + target.id + "' needs a model");
    checkText(target.model, "model");
    if (!target.params.is_object())
        throw StoreError(StoreError::Kind::BadInput,
            "the parameters of target '" + target.id + "' must be a JSON object");
    if (target.fallbackTargetId == target.id)
        throw StoreError(
            StoreError::Kind::BadInput, "target '" + target.id + "' cannot fall back to itself");
    if (target.fallbackMinLogprob
        && !(std::isfinite(*target.fallbackMinLogprob) && *target.fallbackMinLogprob < 0))
        throw StoreError(StoreError::Kind::BadInput,
            "the least mean log-probability of target '" + target.id
                + "' must be a negative number (a log-probability is at most 0)");
    try {
        return target.params.dump(-1, ' ', false, json::error_handler_t::strict);
    } catch (const json::exception &) {
        throw StoreError(StoreError::Kind::BadInput,
            "the parameters of target '" + target.id + "' are not valid UTF-8");
    }
}

// The provider and the fallback a target names exist.
void checkReferences(Database &db, const TargetRecord &target)
{
    if (!selectProvider(db, target.providerId))
        throw StoreError(StoreError::Kind::NotFound,
            unknownId(db, "provider", "providers", target.providerId));
    if (target.fallbackTargetId && !selectTarget(db, *target.fallbackTargetId))
        throw StoreError(StoreError::Kind::NotFound,
            unknownId(db, "fallback target", "targets", *target.fallbackTargetId));
}

} // namespace

void ProviderCatalog::updateTarget(const TargetRecord &target)
{
    const std::string params = checkedParams(target);
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    if (!selectTarget(m_db, target.id))
        throw StoreError(StoreError::Kind::NotFound, unknownId(m_db, "target", "targets", target.id));
    checkReferences(m_db, target);
    // A chain that came back to this target would never end.
    std::optional<std::string> next = target.fallbackTargetId;
    for (int hops = 0; next && hops < 256; ++hops) {
        if (*next == target.id)
            throw StoreError(StoreError::Kind::BadInput,
                "target '" + target.id + "' would fall back to itself through '"
                    + *target.fallbackTargetId + "'");
        const std::optional<TargetRecord> hop = selectTarget(m_db, *next);
        next = hop ? hop->fallbackTargetId : std::nullopt;
    }
    Statement update(m_db,
        "UPDATE targets SET provider_id = ?, model = ?, params = ?, fallback_target_id = ?, "
        "fallback_min_logprob = ? WHERE id = ?");
    update.bind(1, target.providerId).bind(2, target.model).bind(3, params);
    if (target.fallbackTargetId)
        update.bind(4, *target.fallbackTargetId);
    else
        update.bindNull(4);
    if (target.fallbackMinLogprob)
        update.bindReal(5, *target.fallbackMinLogprob);
    else
        update.bindNull(5);
    update.bind(6, target.id);
    update.run();
    transaction.commit();
}

void ProviderCatalog::addTarget(const TargetRecord &target)
{
    const std::string params = checkedParams(target);
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    if (selectTarget(m_db, target.id))
        throw StoreError(StoreError::Kind::AlreadyExists,
            "target '" + target.id + "' already exists in " + m_db.path().string());
    checkReferences(m_db, target);
    Statement insert(m_db,
        "INSERT INTO targets (id, provider_id, model, params, fallback_target_id, created, "
        "fallback_min_logprob) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, target.id).bind(2, target.providerId).bind(3, target.model).bind(4, params);
    if (target.fallbackTargetId)
        insert.bind(5, *target.fallbackTargetId);
    else
        insert.bindNull(5);
    insert.bind(6, utcNow());
    if (target.fallbackMinLogprob)
        insert.bindReal(7, *target.fallbackMinLogprob);
    else
        insert.bindNull(7);
    insert.run();
    transaction.commit();
}

std::vector<TargetRecord> ProviderCatalog::targets() const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db, std::string(kTargetSelect) + "ORDER BY id");
    std::vector<TargetRecord> list;
    while (query.step())
        list.push_back(readTarget(m_db, query));
    return list;
}

std::optional<TargetRecord> ProviderCatalog::findTarget(const std::string &id) const
{
    auto lock = m_db.lock();
    return selectTarget(m_db, id);
}

TargetRecord ProviderCatalog::target(const std::string &id) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    auto target = selectTarget(m_db, id);
    if (!target)
        throw StoreError(StoreError::Kind::NotFound, unknownId(m_db, "target", "targets", id));
    return std::move(*target);
}

CatalogSnapshot CatalogSnapshot::read(const Project &project)
{
    Database &db = project.database();
    auto lock = db.lock();
    ReadTransaction consistent(db);
    CatalogSnapshot snapshot;
    Statement providerRows(db, "SELECT id, config FROM providers ORDER BY id");
    while (providerRows.step()) {
        try {
            snapshot.m_providers.push_back(readProvider(db, providerRows));
        } catch (const StoreError &error) {
            snapshot.m_damagedProviders[providerRows.text(0)] = error.what();
        }
    }
    Statement targetRows(db, std::string(kTargetSelect) + "ORDER BY id");
    while (targetRows.step()) {
        try {
            snapshot.m_targets.push_back(readTarget(db, targetRows));
        } catch (const StoreError &error) {
            snapshot.m_damagedTargets[targetRows.text(0)] = error.what();
        }
    }
    return snapshot;
}

namespace {

// `rows` by id, else the damaged row's error, else NotFound naming every known id.
template<typename Row>
Row findById(const std::vector<Row> &rows, const std::map<std::string, std::string> &damaged,
    const char *what, const std::string &id)
{
    for (const Row &row : rows)
        if (row.id == id)
            return row;
    if (const auto found = damaged.find(id); found != damaged.end())
        throw StoreError(StoreError::Kind::Damaged, found->second);
    std::vector<std::string> known;
    for (const Row &row : rows)
        known.push_back(row.id);
    for (const auto &[name, why] : damaged)
        known.push_back(name);
    std::sort(known.begin(), known.end());
    throw StoreError(StoreError::Kind::NotFound, unknownId(what, id, known));
}

} // namespace

providers::ProviderConfig CatalogSnapshot::provider(const std::string &id) const
{
    return findById(m_providers, m_damagedProviders, "provider", id);
}

TargetRecord CatalogSnapshot::target(const std::string &id) const
{
    return findById(m_targets, m_damagedTargets, "target", id);
}

} // namespace ps::store
