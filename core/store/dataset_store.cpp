#include "store/dataset_store.h"

#include "store/database.h"
#include "store/names.h"
#include "store/project.h"
#include "store/store_error.h"
#include "store/version_queries.h"
#include "util/json_depth.h"
#include "util/parallel_chunks.h"

namespace ps::store {

using nlohmann::json;

namespace {

constexpr const char *kSelect
    = "SELECT id, name, revision, source, case_count, imported FROM datasets ";

model::DatasetRecord readRecord(const Statement &row)
{
    model::DatasetRecord record;
    record.id = row.int64(0);
    record.name = row.text(1);
    record.revision = row.integer(2);
    record.source = row.text(3);
    record.caseCount = row.integer(4);
    record.imported = row.text(5);
    return record;
}

std::optional<model::DatasetRecord> selectLatest(Database &db, const std::string &name)
{
    Statement query(db, std::string(kSelect) + "WHERE name = ? ORDER BY revision DESC LIMIT 1");
    query.bind(1, name);
    if (!query.step())
        return std::nullopt;
    return readRecord(query);
}

std::string unknownDataset(Database &db, const std::string &name)
{
    std::string known;
    Statement query(db, "SELECT DISTINCT name FROM datasets ORDER BY name");
    while (query.step())
        known += (known.empty() ? "" : ", ") + query.text(0);
    return "there is no dataset '" + name + "'"
        + (known.empty() ? std::string(" (none is imported yet)") : " (known: " + known + ")");
}

} // namespace

DatasetStore::DatasetStore(const Project &project)
    : m_db(project.database())
{ }

model::DatasetRecord DatasetStore::importCases(
    const std::string &name, const std::string &source, const std::vector<eval::DatasetCase> &cases)
{
    return importCases(name, source, [&cases](const eval::DatasetCaseSink &store) {
        for (eval::DatasetCase datasetCase : cases)
            store(std::move(datasetCase));
    });
}

model::DatasetRecord DatasetStore::importCases(const std::string &name, const std::string &source,
    const std::function<void(const eval::DatasetCaseSink &)> &readCases)
{
    checkPromptName(name);
    checkText(source, "the dataset's source");

    auto lock = m_db.lock();
    Transaction transaction(m_db);
    model::DatasetRecord record;
    record.name = name;
    record.source = source;
    record.imported = utcNow();
    {
        Statement next(m_db, "SELECT coalesce(max(revision), 0) + 1 FROM datasets WHERE name = ?");
        next.bind(1, name);
        next.step();
        record.revision = next.integer(0);
    }
    Statement insert(m_db,
        "INSERT INTO datasets (name, revision, source, case_count, imported) "
        "VALUES (?, ?, ?, 0, ?)");
    insert.bind(1, name)
        .bind(2, std::int64_t {record.revision})
        .bind(3, source)
        .bind(4, record.imported);
    insert.run();
    record.id = m_db.lastInsertId();

    Statement insertCase(
        m_db, "INSERT INTO dataset_cases (dataset_id, idx, content) VALUES (?, ?, ?)");
    readCases([&](eval::DatasetCase &&datasetCase) {
        insertCase.reset();
        insertCase.bind(1, record.id)
            .bind(2, std::int64_t {record.caseCount})
            .bind(3, datasetCase.toJson().dump(-1, ' ', false, json::error_handler_t::replace));
        insertCase.run();
        ++record.caseCount;
    });
    if (record.caseCount == 0)
        throw StoreError(StoreError::Kind::BadInput, "a dataset needs at least one case");
    Statement count(m_db, "UPDATE datasets SET case_count = ? WHERE id = ?");
    count.bind(1, std::int64_t {record.caseCount}).bind(2, record.id);
    count.run();
    transaction.commit();
    return record;
}

std::vector<model::DatasetRecord> DatasetStore::list() const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db,
        std::string(kSelect)
            + "d WHERE revision = (SELECT max(revision) FROM datasets WHERE name = d.name) "
              "ORDER BY name");
    std::vector<model::DatasetRecord> records;
    while (query.step())
        records.push_back(readRecord(query));
    return records;
}

std::optional<model::DatasetRecord> DatasetStore::findLatest(const std::string &name) const
{
    auto lock = m_db.lock();
    return selectLatest(m_db, name);
}

std::optional<model::DatasetRecord> DatasetStore::findById(std::int64_t id) const
{
    auto lock = m_db.lock();
    Statement query(m_db, std::string(kSelect) + "WHERE id = ?");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    return readRecord(query);
}

model::DatasetRecord DatasetStore::latest(const std::string &name) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    std::optional<model::DatasetRecord> record = selectLatest(m_db, name);
    if (!record)
        throw StoreError(StoreError::Kind::NotFound, unknownDataset(m_db, name));
    return std::move(*record);
}

model::DatasetRecord DatasetStore::appendCases(
    const std::string &name, const std::string &source, const std::vector<eval::DatasetCase> &cases)
{
    const std::optional<model::DatasetRecord> latest = findLatest(name);
    if (!latest)
        return importCases(name, source, cases);
    std::vector<eval::DatasetCase> all = this->cases(latest->id);
    all.insert(all.end(), cases.begin(), cases.end());
    return importCases(name, source, all);
}

std::vector<eval::DatasetCase> DatasetStore::cases(std::int64_t datasetId) const
{
    std::vector<eval::DatasetCase> cases;
    visitCases(
        datasetId, [&cases](std::size_t count) { cases.resize(count); },
        [&cases](std::size_t index, eval::DatasetCase &&item) { cases[index] = std::move(item); });
    return cases;
}

void DatasetStore::visitCases(std::int64_t datasetId, const std::function<void(std::size_t)> &sized,
    const std::function<void(std::size_t, eval::DatasetCase &&)> &onCase) const
{
    std::vector<std::pair<std::int64_t, std::string>> contents;
    {
        auto lock = m_db.lock();
        ReadTransaction snapshot(m_db);
        Statement exists(m_db, "SELECT 1 FROM datasets WHERE id = ?");
        exists.bind(1, datasetId);
        if (!exists.step())
            throw StoreError(StoreError::Kind::NotFound,
                "there is no dataset with id " + std::to_string(datasetId));
        Statement query(
            m_db, "SELECT idx, content FROM dataset_cases WHERE dataset_id = ? ORDER BY idx");
        query.bind(1, datasetId);
        while (query.step())
            contents.emplace_back(query.int64(0), query.text(1));
    }
    sized(contents.size());
    // Parsing is most of a large dataset's read (100,000 cases: half a second on one core).
    util::parallelChunks(contents.size(), [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            eval::DatasetCase item;
            try {
                item = eval::DatasetCase::fromJson(util::parseJson(contents[i].second));
            } catch (const std::exception &) {
                throw StoreError(StoreError::Kind::Damaged,
                    m_db.path().string() + " is damaged: case " + std::to_string(contents[i].first)
                        + " of dataset " + std::to_string(datasetId) + " cannot be read");
            }
            std::string().swap(contents[i].second); // its memory serves the next case
            onCase(i, std::move(item));
        }
    });
}

} // namespace ps::store
