#include "store/spec_store.h"

#include "eval/gate.h"
#include "store/database.h"
#include "store/names.h"
#include "store/project.h"
#include "store/store_error.h"
#include "store/version_queries.h"

namespace ps::store {

namespace {

std::int64_t promptId(Database &db, const std::string &prompt)
{
    Statement query(db, "SELECT id FROM prompts WHERE name = ? AND removed IS NULL");
    query.bind(1, prompt);
    if (!query.step())
        throw StoreError(StoreError::Kind::NotFound,
            "there is no prompt named '" + prompt + "' in " + db.path().string());
    return query.int64(0);
}

} // namespace

SpecStore::SpecStore(const Project &project)
    : m_db(project.database())
{ }

void SpecStore::set(const std::string &prompt, const SpecRecord &spec)
{
    if (spec.name.find_first_not_of(" \t\r\n") == std::string::npos)
        throw StoreError(StoreError::Kind::BadInput, "a spec needs a name");
    checkText(spec.name, "spec name");
    checkText(spec.why, "spec reason");
    try {
        eval::parseGate(spec.expression);
    } catch (const eval::GateError &error) {
        throw StoreError(StoreError::Kind::BadInput,
            "spec '" + spec.name + "' is not a gate: " + error.what());
    }
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement upsert(m_db,
        "INSERT INTO specs (prompt_id, name, expr, why, updated) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (prompt_id, name) DO UPDATE SET expr = excluded.expr, why = excluded.why, "
        "updated = excluded.updated");
    upsert.bind(1, promptId(m_db, prompt)).bind(2, spec.name).bind(3, spec.expression);
    upsert.bind(4, spec.why).bind(5, utcNow());
    upsert.run();
    transaction.commit();
}

std::vector<SpecRecord> SpecStore::list(const std::string &prompt) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(
        m_db, "SELECT name, expr, why, updated FROM specs WHERE prompt_id = ? ORDER BY name");
    query.bind(1, promptId(m_db, prompt));
    std::vector<SpecRecord> specs;
    while (query.step())
        specs.push_back({query.text(0), query.text(1), query.text(2), query.text(3)});
    return specs;
}

std::vector<SpecRecord> SpecStore::listOfVersion(std::int64_t versionId) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db,
        "SELECT s.name, s.expr, s.why, s.updated FROM specs s "
        "JOIN versions v ON v.prompt_id = s.prompt_id WHERE v.id = ? ORDER BY s.name");
    query.bind(1, versionId);
    std::vector<SpecRecord> specs;
    while (query.step())
        specs.push_back({query.text(0), query.text(1), query.text(2), query.text(3)});
    return specs;
}

std::map<std::string, std::vector<SpecRecord>> SpecStore::all() const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db,
        "SELECT p.name, s.name, s.expr, s.why, s.updated FROM specs s "
        "JOIN prompts p ON p.id = s.prompt_id WHERE p.removed IS NULL ORDER BY p.name, s.name");
    std::map<std::string, std::vector<SpecRecord>> specs;
    while (query.step())
        specs[query.text(0)].push_back({query.text(1), query.text(2), query.text(3), query.text(4)});
    return specs;
}

void SpecStore::remove(const std::string &prompt, const std::string &name)
{
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement drop(m_db, "DELETE FROM specs WHERE prompt_id = ? AND name = ?");
    drop.bind(1, promptId(m_db, prompt)).bind(2, name);
    drop.run();
    if (m_db.changes() == 0)
        throw StoreError(StoreError::Kind::NotFound,
            "prompt '" + prompt + "' has no spec named '" + name + "'");
    transaction.commit();
}

} // namespace ps::store
