#include "store/badcase_store.h"

#include "store/database.h"
#include "store/names.h"
#include "store/project.h"
#include "store/store_error.h"
#include "store/version_queries.h"
#include "util/json_depth.h"

#include <algorithm>
#include <set>

namespace ps::store {

using nlohmann::json;

namespace {

constexpr const char *kSelect
    = "SELECT id, answer, run_id, response_id, case_index, dataset_id, prompt, version, target, "
      "model, request, vars, text, verdict, tags, note, corrected, status, fixed_in, created, by "
      "FROM badcases ";

json objectOf(const std::string &text)
{
    json value = util::parseJsonOrDiscarded(text);
    return value.is_object() ? value : json::object();
}

model::BadcaseRecord readBadcase(const Statement &row)
{
    model::BadcaseRecord record;
    record.id = row.int64(0);
    record.answer = row.text(1);
    record.runId = row.text(2);
    record.responseId = row.int64(3);
    if (!row.isNull(4))
        record.caseIndex = static_cast<int>(row.int64(4));
    if (!row.isNull(5))
        record.datasetId = row.int64(5);
    record.prompt = row.text(6);
    record.version = row.text(7);
    record.target = row.text(8);
    record.model = row.text(9);
    record.request = objectOf(row.text(10));
    record.vars = objectOf(row.text(11));
    record.text = row.text(12);
    record.verdict = row.text(13);
    const json tags = util::parseJsonOrDiscarded(row.text(14));
    if (tags.is_array())
        for (const json &tag : tags)
            if (tag.is_string())
                record.tags.push_back(tag.get<std::string>());
    record.note = row.text(15);
    if (!row.isNull(16))
        record.corrected = row.text(16);
    record.status = row.text(17);
    record.fixedIn = row.text(18);
    record.created = row.text(19);
    record.by = row.text(20);
    return record;
}

void checkStatus(const std::string &status)
{
    if (status != "open" && status != "fixed" && status != "wontfix")
        throw StoreError(StoreError::Kind::BadInput,
            "a bad case's status is open, fixed or wontfix, not '" + status + "'");
}

// A tag as the taxonomy may hold it: a name, and text without control characters.
void checkTag(const model::BadcaseTag &tag)
{
    if (tag.name.find_first_not_of(" \t\r\n") == std::string::npos)
        throw StoreError(StoreError::Kind::BadInput, "a tag needs a name");
    checkText(tag.name, "tag name");
    checkText(tag.description, "tag description");
}

} // namespace

BadcaseStore::BadcaseStore(const Project &project)
    : m_db(project.database())
{ }

std::vector<model::BadcaseTag> BadcaseStore::tags() const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db, "SELECT name, description, colour FROM badcase_tags ORDER BY name");
    std::vector<model::BadcaseTag> tags;
    while (query.step())
        tags.push_back({query.text(0), query.text(1), query.text(2)});
    return tags;
}

void BadcaseStore::addTag(const model::BadcaseTag &tag)
{
    checkTag(tag);
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement exists(m_db, "SELECT 1 FROM badcase_tags WHERE name = ?");
    exists.bind(1, tag.name);
    if (exists.step())
        throw StoreError(StoreError::Kind::AlreadyExists, "the taxonomy has a tag '" + tag.name + "' already");
    Statement insert(m_db, "INSERT INTO badcase_tags (name, description, colour) VALUES (?, ?, ?)");
    insert.bind(1, tag.name).bind(2, tag.description).bind(3, tag.colour);
    insert.run();
    transaction.commit();
}

void BadcaseStore::removeTag(const std::string &name)
{
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement remove(m_db, "DELETE FROM badcase_tags WHERE name = ?");
    remove.bind(1, name);
    remove.run();
    if (m_db.changes() == 0)
        throw StoreError(StoreError::Kind::NotFound, "the taxonomy has no tag '" + name + "' (`tag list` shows it)");
    transaction.commit();
}

void BadcaseStore::updateTag(const std::string &name, const model::BadcaseTag &tag)
{
    checkTag(tag);
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    if (tag.name != name) {
        Statement exists(m_db, "SELECT 1 FROM badcase_tags WHERE name = ?");
        exists.bind(1, tag.name);
        if (exists.step())
            throw StoreError(StoreError::Kind::AlreadyExists, "the taxonomy has a tag '" + tag.name + "' already");
    }
    Statement update(m_db, "UPDATE badcase_tags SET name = ?, description = ?, colour = ? WHERE name = ?");
    update.bind(1, tag.name).bind(2, tag.description).bind(3, tag.colour).bind(4, name);
    update.run();
    if (m_db.changes() == 0)
        throw StoreError(StoreError::Kind::NotFound, "the taxonomy has no tag '" + name + "' (`tag list` shows it)");
    if (tag.name != name) {
        // The cases marked with it follow the new name.
        std::vector<std::pair<std::int64_t, json>> renamed;
        {
            Statement marked(m_db, "SELECT id, tags FROM badcases");
            while (marked.step()) {
                json tags = json::parse(marked.text(1), nullptr, false);
                if (!tags.is_array())
                    continue;
                bool changed = false;
                for (json &each : tags)
                    if (each == name) {
                        each = tag.name;
                        changed = true;
                    }
                if (changed)
                    renamed.emplace_back(marked.int64(0), std::move(tags));
            }
        }
        for (const auto &[id, tags] : renamed) {
            Statement write(m_db, "UPDATE badcases SET tags = ? WHERE id = ?");
            write.bind(1, tags.dump()).bind(2, id);
            write.run();
        }
    }
    transaction.commit();
}

model::BadcaseRecord BadcaseStore::add(model::BadcaseRecord record)
{
    checkStatus(record.status);
    if (record.verdict != "bad" && record.verdict != "good")
        throw StoreError(StoreError::Kind::BadInput, "a marked answer is bad or good, not '" + record.verdict + "'");
    checkText(record.note, "note");
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    std::set<std::string> known;
    {
        Statement query(m_db, "SELECT name FROM badcase_tags");
        while (query.step())
            known.insert(query.text(0));
    }
    for (const std::string &tag : record.tags)
        if (!known.count(tag))
            throw StoreError(StoreError::Kind::BadInput,
                "the taxonomy has no tag '" + tag + "': `tag add` it first, or pick one `tag list` shows");
    record.created = utcNow();
    Statement insert(m_db,
        "INSERT INTO badcases (answer, run_id, response_id, case_index, dataset_id, prompt, version, "
        "target, model, request, vars, text, verdict, tags, note, corrected, status, fixed_in, "
        "created, by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, record.answer).bind(2, record.runId).bind(3, record.responseId);
    record.caseIndex ? insert.bind(4, std::int64_t {*record.caseIndex}) : insert.bindNull(4);
    record.datasetId ? insert.bind(5, *record.datasetId) : insert.bindNull(5);
    insert.bind(6, record.prompt).bind(7, record.version).bind(8, record.target).bind(9, record.model);
    insert.bind(10, record.request.dump()).bind(11, record.vars.dump()).bind(12, record.text);
    insert.bind(13, record.verdict).bind(14, json(record.tags).dump()).bind(15, record.note);
    record.corrected ? insert.bind(16, *record.corrected) : insert.bindNull(16);
    insert.bind(17, record.status).bind(18, record.fixedIn).bind(19, record.created).bind(20, record.by);
    insert.run();
    record.id = m_db.lastInsertId();
    transaction.commit();
    return record;
}

std::vector<model::BadcaseRecord> BadcaseStore::list(const BadcaseFilter &filter) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db, std::string(kSelect) + "ORDER BY id");
    std::vector<model::BadcaseRecord> records;
    while (query.step()) {
        model::BadcaseRecord record = readBadcase(query);
        if ((!filter.prompt.empty() && record.prompt != filter.prompt)
            || (!filter.status.empty() && record.status != filter.status)
            || (!filter.ids.empty() && std::find(filter.ids.begin(), filter.ids.end(), record.id) == filter.ids.end())
            || (!filter.tags.empty() && std::none_of(filter.tags.begin(), filter.tags.end(), [&](const std::string &tag) {
                   return std::find(record.tags.begin(), record.tags.end(), tag) != record.tags.end();
               })))
            continue;
        records.push_back(std::move(record));
    }
    return records;
}

model::BadcaseRecord BadcaseStore::find(std::int64_t id) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db, std::string(kSelect) + "WHERE id = ?");
    query.bind(1, id);
    if (!query.step())
        throw StoreError(StoreError::Kind::NotFound,
            "there is no bad case " + std::to_string(id) + " (`badcase list` shows them)");
    return readBadcase(query);
}

void BadcaseStore::setStatus(std::int64_t id, const std::string &status, const std::string &fixedIn)
{
    checkStatus(status);
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement update(m_db, "UPDATE badcases SET status = ?, fixed_in = ? WHERE id = ?");
    update.bind(1, status).bind(2, status == "fixed" ? fixedIn : std::string()).bind(3, id);
    update.run();
    if (m_db.changes() == 0)
        throw StoreError(StoreError::Kind::NotFound,
            "there is no bad case " + std::to_string(id) + " (`badcase list` shows them)");
    transaction.commit();
}

} // namespace ps::store
