#include "store/rating_store.h"

#include "store/database.h"
#include "store/project.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "store/version_queries.h"
#include "util/json_depth.h"
#include "util/sha256.h"

namespace ps::store {

using nlohmann::json;

namespace {

constexpr const char *kSelectSession
    = "SELECT id, run_id, mode, columns, scale, criteria, guideline, seed, created, "
      "guideline_ref, run_ids FROM rating_sessions ";

// A list column as stored; a damaged one reads as empty rather than failing the whole read.
template<typename T>
std::vector<T> listOf(const std::string &text)
{
    const json value = util::parseJsonOrDiscarded(text);
    std::vector<T> list;
    if (value.is_array())
        for (const json &element : value)
            if (element.is_string() || element.is_number_integer())
                list.push_back(element.get<T>());
    return list;
}

model::RatingSessionRecord readSession(const Statement &row)
{
    model::RatingSessionRecord session;
    session.id = row.text(0);
    session.runId = row.text(1);
    session.mode = row.text(2);
    session.columns = listOf<std::string>(row.text(3));
    session.scale = row.text(4);
    session.criteria = listOf<std::string>(row.text(5));
    session.guideline = row.text(6);
    session.seed = static_cast<std::uint64_t>(row.int64(7));
    session.created = row.text(8);
    session.guidelineRef = row.text(9);
    session.runIds = listOf<std::string>(row.text(10));
    if (session.runIds.empty())
        session.runIds = {session.runId};
    return session;
}

std::string unknownSession(const std::string &id)
{
    return "there is no rating session '" + id + "' (`rate list` shows them)";
}

} // namespace

RatingStore::RatingStore(const Project &project)
    : m_db(project.database())
{ }

model::RatingSessionRecord RatingStore::create(
    model::RatingSessionRecord session, const std::vector<model::RatingItemRecord> &items)
{
    session.id = newRunId();
    session.created = utcNow();
    if (session.runIds.empty())
        session.runIds = {session.runId};
    session.runId = session.runIds.front();
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement insert(m_db,
        "INSERT INTO rating_sessions (id, run_id, mode, columns, scale, criteria, guideline, "
        "seed, created, guideline_ref, run_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, session.id).bind(2, session.runId).bind(3, session.mode);
    insert.bind(4, json(session.columns).dump()).bind(5, session.scale);
    insert.bind(6, json(session.criteria).dump()).bind(7, session.guideline);
    insert.bind(8, static_cast<std::int64_t>(session.seed)).bind(9, session.created);
    insert.bind(10, session.guidelineRef).bind(11, json(session.runIds).dump());
    insert.run();
    Statement insertItem(m_db,
        "INSERT INTO rating_items (session_id, item, idx, case_index, columns, response_ids) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    for (const model::RatingItemRecord &item : items) {
        // Opaque unless given: a hash of the session and the item's place, so the id tells
        // nothing of the case, the columns or the order.
        const std::string id = !item.id.empty() ? item.id
            : "i" + util::sha256Hex(session.id + ":" + std::to_string(item.index)).substr(0, 10);
        insertItem.reset();
        insertItem.bind(1, session.id).bind(2, id).bind(3, std::int64_t {item.index});
        insertItem.bind(4, std::int64_t {item.caseIndex}).bind(5, json(item.columns).dump());
        insertItem.bind(6, json(item.responseIds).dump());
        insertItem.run();
    }
    transaction.commit();
    return session;
}

std::vector<model::RatingSessionRecord> RatingStore::list() const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    // The counts in the same query: a listing never reads every rating to count them.
    Statement query(m_db,
        "SELECT id, run_id, mode, columns, scale, criteria, guideline, seed, created, "
        "guideline_ref, run_ids, "
        "(SELECT count(*) FROM rating_items i WHERE i.session_id = s.id), "
        "(SELECT count(*) FROM ratings r WHERE r.session_id = s.id) "
        "FROM rating_sessions s ORDER BY id");
    std::vector<model::RatingSessionRecord> sessions;
    while (query.step()) {
        model::RatingSessionRecord session = readSession(query);
        session.itemCount = static_cast<int>(query.int64(11));
        session.ratingCount = static_cast<int>(query.int64(12));
        sessions.push_back(std::move(session));
    }
    return sessions;
}

model::RatingSessionRecord RatingStore::session(const std::string &id) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db, std::string(kSelectSession) + "WHERE id = ?");
    query.bind(1, id);
    if (!query.step())
        throw StoreError(StoreError::Kind::NotFound, unknownSession(id));
    return readSession(query);
}

std::vector<model::RatingItemRecord> RatingStore::items(const std::string &sessionId) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db,
        "SELECT item, idx, case_index, columns, response_ids FROM rating_items "
        "WHERE session_id = ? ORDER BY idx");
    query.bind(1, sessionId);
    std::vector<model::RatingItemRecord> items;
    while (query.step()) {
        model::RatingItemRecord item;
        item.id = query.text(0);
        item.index = static_cast<int>(query.int64(1));
        item.caseIndex = static_cast<int>(query.int64(2));
        item.columns = listOf<std::string>(query.text(3));
        item.responseIds = listOf<std::int64_t>(query.text(4));
        items.push_back(std::move(item));
    }
    return items;
}

void RatingStore::rate(const std::string &sessionId, const model::RatingRecord &rating)
{
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement known(m_db, "SELECT 1 FROM rating_items WHERE session_id = ? AND item = ?");
    known.bind(1, sessionId).bind(2, rating.item);
    if (!known.step()) {
        Statement session(m_db, "SELECT 1 FROM rating_sessions WHERE id = ?");
        session.bind(1, sessionId);
        throw StoreError(StoreError::Kind::NotFound,
            session.step() ? "rating session " + sessionId + " has no item '" + rating.item + "'"
                           : unknownSession(sessionId));
    }
    Statement upsert(m_db,
        "INSERT OR REPLACE INTO ratings (session_id, item, rater, choice, scores, note, rated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    upsert.bind(1, sessionId).bind(2, rating.item).bind(3, rating.rater).bind(4, rating.choice);
    upsert.bind(5, rating.scores.is_array() ? rating.scores.dump() : std::string("[]"));
    upsert.bind(6, rating.note).bind(7, rating.rated.empty() ? utcNow() : rating.rated);
    upsert.run();
    transaction.commit();
}

std::vector<model::RatingRecord> RatingStore::ratings(const std::string &sessionId) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db,
        "SELECT r.item, r.rater, r.choice, r.scores, r.note, r.rated FROM ratings r "
        "JOIN rating_items i ON i.session_id = r.session_id AND i.item = r.item "
        "WHERE r.session_id = ? ORDER BY i.idx, r.rater");
    query.bind(1, sessionId);
    std::vector<model::RatingRecord> ratings;
    while (query.step()) {
        model::RatingRecord rating;
        rating.item = query.text(0);
        rating.rater = query.text(1);
        rating.choice = query.text(2);
        const json scores = util::parseJsonOrDiscarded(query.text(3));
        rating.scores = scores.is_array() ? scores : json::array();
        rating.note = query.text(4);
        rating.rated = query.text(5);
        ratings.push_back(std::move(rating));
    }
    return ratings;
}

model::GuidelineRecord RatingStore::saveGuideline(const std::string &name, const std::string &text)
{
    if (name.empty())
        throw StoreError(StoreError::Kind::BadInput, "a guideline needs a name");
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement latest(m_db,
        "SELECT version, text, created FROM rating_guidelines WHERE name = ? "
        "ORDER BY version DESC LIMIT 1");
    latest.bind(1, name);
    model::GuidelineRecord guideline;
    guideline.name = name;
    if (latest.step()) {
        guideline.version = static_cast<int>(latest.int64(0));
        if (latest.text(1) == text) { // the same text again is the same version
            guideline.text = text;
            guideline.created = latest.text(2);
            return guideline;
        }
    }
    ++guideline.version;
    guideline.text = text;
    guideline.created = utcNow();
    Statement insert(m_db,
        "INSERT INTO rating_guidelines (name, version, text, created) VALUES (?, ?, ?, ?)");
    insert.bind(1, name).bind(2, std::int64_t {guideline.version}).bind(3, text);
    insert.bind(4, guideline.created);
    insert.run();
    transaction.commit();
    return guideline;
}

model::GuidelineRecord RatingStore::guideline(const std::string &name, std::optional<int> version) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db,
        version ? "SELECT version, text, created FROM rating_guidelines WHERE name = ? AND version = ?"
                : "SELECT version, text, created FROM rating_guidelines WHERE name = ? "
                  "ORDER BY version DESC LIMIT 1");
    query.bind(1, name);
    if (version)
        query.bind(2, std::int64_t {*version});
    if (!query.step())
        throw StoreError(StoreError::Kind::NotFound, "there is no guideline '" + name
            + (version ? "@" + std::to_string(*version) : std::string()) + "' (`rate guideline list` shows them)");
    model::GuidelineRecord guideline;
    guideline.name = name;
    guideline.version = static_cast<int>(query.int64(0));
    guideline.text = query.text(1);
    guideline.created = query.text(2);
    return guideline;
}

std::vector<model::GuidelineRecord> RatingStore::guidelines() const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db,
        "SELECT g.name, g.version, g.text, g.created, "
        "(SELECT count(*) FROM rating_guidelines o WHERE o.name = g.name) FROM rating_guidelines g "
        "WHERE g.version = (SELECT max(version) FROM rating_guidelines m WHERE m.name = g.name) "
        "ORDER BY g.name");
    std::vector<model::GuidelineRecord> list;
    while (query.step()) {
        model::GuidelineRecord guideline;
        guideline.name = query.text(0);
        guideline.version = static_cast<int>(query.int64(1));
        guideline.text = query.text(2);
        guideline.created = query.text(3);
        guideline.versions = static_cast<int>(query.int64(4));
        list.push_back(std::move(guideline));
    }
    return list;
}

} // namespace ps::store
