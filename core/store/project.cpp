#include "store/project.h"

#include "store/database.h"
#include "store/migrations.h"
#include "store/names.h"
#include "store/project_file.h"
#include "store/version_queries.h"
#include "util/json_depth.h"

namespace ps::store {

using nlohmann::json;

namespace {

std::vector<std::string> parseTags(const Database &db, const std::string &text)
{
    try {
        return util::parseJson(text).get<std::vector<std::string>>();
    } catch (const json::exception &) {
        throw StoreError(StoreError::Kind::Damaged,
            db.path().string() + " is damaged: a prompt's tags cannot be read");
    }
}

// Columns: id, name, description, tags, created, newest number. Versions are never deleted
// and are numbered 1, 2, 3, ..., so the newest number is also the count, read from the
// index in O(log n) where count(*) would walk every version.
constexpr const char *kPromptSelect
    = "SELECT p.id, p.name, p.description, p.tags, p.created, "
      "(SELECT number FROM versions v WHERE v.prompt_id = p.id ORDER BY number DESC LIMIT 1) "
      "FROM prompts p ";

model::PromptRecord readPromptRow(const Database &db, const Statement &row)
{
    model::PromptRecord prompt;
    prompt.id = row.int64(0);
    prompt.name = row.text(1);
    prompt.description = row.text(2);
    prompt.tags = parseTags(db, row.text(3));
    prompt.created = row.text(4);
    prompt.latestNumber = row.isNull(5) ? 0 : row.integer(5);
    prompt.versionCount = prompt.latestNumber;
    return prompt;
}

std::optional<model::PromptRecord> findPromptRecord(Database &db, const std::string &name)
{
    Statement query(db, std::string(kPromptSelect) + "WHERE p.name = ? AND p.removed IS NULL");
    query.bind(1, name);
    if (!query.step())
        return std::nullopt;
    return readPromptRow(db, query);
}

} // namespace

Project::Project(std::unique_ptr<Database> db, std::filesystem::path path)
    : m_db(std::move(db))
    , m_path(std::move(path))
{ }

Project::Project(Project &&) noexcept = default;
Project &Project::operator=(Project &&) noexcept = default;
Project::~Project() = default;

Project Project::create(const std::filesystem::path &path)
{
    return Project(createProjectFile(path), path);
}

Project Project::open(const std::filesystem::path &path, ProjectAccess access)
{
    std::optional<ProjectUpgrade> upgrade;
    std::optional<int> olderSchema;
    Project project(openProjectFile(path, access, &upgrade, &olderSchema), path);
    project.m_upgrade = std::move(upgrade);
    project.m_olderSchema = olderSchema;
    return project;
}

void Project::checkpoint() const
{
    if (isReadOnly())
        return;
    try {
        auto lock = m_db->lock();
        m_db->queryText("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (const StoreError &) {
        // Busy or full: the log still holds everything, and SQLite checkpoints it later.
    }
}

void Project::copyTo(const std::filesystem::path &destination) const
{
    std::error_code error;
    if (std::filesystem::exists(std::filesystem::symlink_status(destination, error)))
        throw StoreError(StoreError::Kind::AlreadyExists,
            destination.string() + " already exists; a copy never overwrites a file");
    auto lock = m_db->lock();
    writeCopy(*m_db, destination);
}

bool Project::isReadOnly() const
{
    return m_db->isReadOnly();
}

int Project::currentSchemaVersion()
{
    return latestSchemaVersion();
}

const std::filesystem::path &Project::path() const
{
    return m_path;
}

ProjectInfo Project::info() const
{
    auto lock = m_db->lock();
    ReadTransaction snapshot(*m_db);
    ProjectInfo info;
    info.path = m_path.string();
    // The file's own schema, also when it is read through an upgraded copy.
    info.schemaVersion
        = m_olderSchema ? *m_olderSchema : static_cast<int>(m_db->queryInt("PRAGMA user_version"));
    info.prompts = m_db->queryInt("SELECT count(*) FROM prompts WHERE removed IS NULL");
    info.versions = m_db->queryInt("SELECT count(*) FROM versions");
    info.labels = m_db->queryInt("SELECT count(*) FROM labels");
    info.drafts = m_db->queryInt("SELECT count(*) FROM drafts");
    return info;
}

model::PromptRecord Project::addPrompt(
    const std::string &name, const std::string &description, const std::vector<std::string> &tags)
{
    checkPromptName(name);
    checkText(description, "description");
    for (const std::string &tag : tags)
        checkText(tag, "tag");
    auto lock = m_db->lock();
    Transaction transaction(*m_db);
    if (findPromptId(*m_db, name))
        throw StoreError(StoreError::Kind::AlreadyExists,
            "prompt '" + name + "' already exists in " + m_path.string());
    insertPrompt(*m_db, name, description, tags);
    auto prompt = findPromptRecord(*m_db, name);
    transaction.commit();
    return std::move(*prompt);
}

std::vector<model::PromptRecord> Project::listPrompts() const
{
    auto lock = m_db->lock();
    ReadTransaction snapshot(*m_db);
    Statement query(*m_db, std::string(kPromptSelect) + "WHERE p.removed IS NULL ORDER BY p.name");
    std::vector<model::PromptRecord> prompts;
    while (query.step())
        prompts.push_back(readPromptRow(*m_db, query));
    return prompts;
}

std::optional<model::PromptRecord> Project::findPrompt(const std::string &name) const
{
    auto lock = m_db->lock();
    ReadTransaction snapshot(*m_db);
    return findPromptRecord(*m_db, name);
}

void Project::renamePrompt(const std::string &name, const std::string &newName)
{
    checkPromptName(newName);
    auto lock = m_db->lock();
    Transaction transaction(*m_db);
    const std::int64_t promptId = requirePromptId(*m_db, name);
    if (newName == name)
        return;
    if (findPromptId(*m_db, newName))
        throw StoreError(StoreError::Kind::AlreadyExists,
            "prompt '" + newName + "' already exists in " + m_path.string());
    Statement rename(*m_db, "UPDATE prompts SET name = ? WHERE id = ?");
    rename.bind(1, newName).bind(2, promptId);
    rename.run();
    transaction.commit();
}

model::PromptRecord Project::copyPrompt(
    const std::string &name, const std::string &newName, const std::string &author)
{
    checkPromptName(newName);
    auto lock = m_db->lock();
    Transaction transaction(*m_db);
    const auto source = findPromptRecord(*m_db, name);
    if (!source)
        requirePromptId(*m_db, name); // throws NotFound with the usual words
    if (findPromptId(*m_db, newName))
        throw StoreError(StoreError::Kind::AlreadyExists,
            "prompt '" + newName + "' already exists in " + m_path.string());
    insertPrompt(*m_db, newName, source->description, source->tags);
    if (source->latestNumber > 0) {
        SaveRequest request;
        request.promptName = newName;
        request.content = requireVersion(*m_db, source->id, name, source->latestNumber).content;
        request.message = "copy of " + name + "@" + std::to_string(source->latestNumber);
        request.author = author;
        saveVersionWithin(*m_db, request); // one transaction with the insert above
    }
    auto copy = findPromptRecord(*m_db, newName);
    transaction.commit();
    return std::move(*copy);
}

RemovedPrompt Project::removePrompt(const std::string &name, bool force)
{
    auto lock = m_db->lock();
    Transaction transaction(*m_db);
    const auto prompt = findPromptRecord(*m_db, name);
    if (!prompt)
        requirePromptId(*m_db, name); // throws NotFound with the usual words
    RemovedPrompt removed;
    removed.name = name;
    removed.versions = prompt->latestNumber;
    {
        Statement labels(*m_db,
            "SELECT l.name, v.number FROM labels l JOIN versions v ON v.id = l.version_id "
            "WHERE l.prompt_id = ? ORDER BY l.name");
        labels.bind(1, prompt->id);
        while (labels.step())
            removed.labels.push_back(labels.text(0) + " (v" + std::to_string(labels.integer(1)) + ")");
    }
    if (!removed.labels.empty() && !force) {
        std::string list;
        for (const std::string &label : removed.labels)
            list += (list.empty() ? "" : ", ") + label;
        throw StoreError(StoreError::Kind::Refused,
            "prompt '" + name + "' is not removed: the label" + (removed.labels.size() > 1 ? "s " : " ")
                + list + (removed.labels.size() > 1 ? " point" : " points")
                + " into it, and something may deploy it by label (--force removes it anyway)");
    }
    // Labels go (nothing may resolve through them); versions, runs and the draft stay in the file.
    Statement dropLabels(*m_db, "DELETE FROM labels WHERE prompt_id = ?");
    dropLabels.bind(1, prompt->id);
    dropLabels.run();
    Statement remove(*m_db, "UPDATE prompts SET removed = ?, name = ? WHERE id = ?");
    remove.bind(1, utcNow())
        .bind(2, "removed@" + std::to_string(prompt->id) + "@" + name)
        .bind(3, prompt->id);
    remove.run();
    transaction.commit();
    return removed;
}

SaveResult Project::saveVersion(const SaveRequest &request)
{
    auto lock = m_db->lock();
    return store::saveVersion(*m_db, request);
}

SaveResult Project::restoreVersion(const std::string &promptName, int number,
    const std::string &author, const std::string &message)
{
    auto lock = m_db->lock();
    const std::int64_t promptId = requirePromptId(*m_db, promptName);
    SaveRequest request;
    request.promptName = promptName;
    request.content = requireVersion(*m_db, promptId, promptName, number).content;
    request.message = message.empty() ? "restore v" + std::to_string(number) : message;
    request.author = author;
    return store::saveVersion(*m_db, request);
}

std::vector<model::VersionRecord> Project::listVersions(
    const std::string &promptName, bool withContent) const
{
    auto lock = m_db->lock();
    ReadTransaction snapshot(*m_db);
    const std::int64_t promptId = requirePromptId(*m_db, promptName);
    return store::listVersions(*m_db, promptId, promptName, withContent);
}

model::VersionRecord Project::version(const std::string &promptName, int number) const
{
    auto lock = m_db->lock();
    ReadTransaction snapshot(*m_db);
    const std::int64_t promptId = requirePromptId(*m_db, promptName);
    return requireVersion(*m_db, promptId, promptName, number);
}

model::VersionRecord Project::resolve(const std::string &ref) const
{
    auto lock = m_db->lock();
    ReadTransaction snapshot(*m_db);
    return resolveReference(*m_db, ref);
}

void Project::setLabel(const std::string &promptName, const std::string &label, int number)
{
    checkLabel(label);
    auto lock = m_db->lock();
    Transaction transaction(*m_db);
    const std::int64_t promptId = requirePromptId(*m_db, promptName);
    const auto versionId = findVersionId(*m_db, promptId, number);
    if (!versionId)
        throw StoreError(StoreError::Kind::NotFound,
            noSuchVersion(promptName, number, newestNumber(*m_db, promptId)));
    Statement upsert(*m_db,
        "INSERT INTO labels (prompt_id, name, version_id) VALUES (?, ?, ?) "
        "ON CONFLICT (prompt_id, name) DO UPDATE SET version_id = excluded.version_id");
    upsert.bind(1, promptId).bind(2, label).bind(3, *versionId);
    upsert.run();
    transaction.commit();
}

void Project::removeLabel(const std::string &promptName, const std::string &label)
{
    auto lock = m_db->lock();
    Transaction transaction(*m_db);
    const std::int64_t promptId = requirePromptId(*m_db, promptName);
    Statement remove(*m_db, "DELETE FROM labels WHERE prompt_id = ? AND name = ?");
    remove.bind(1, promptId).bind(2, label);
    remove.run();
    if (m_db->changes() == 0)
        throw StoreError(
            StoreError::Kind::NotFound, "prompt '" + promptName + "' has no label '" + label + "'");
    transaction.commit();
}

void Project::saveDraft(const Draft &draft)
{
    auto lock = m_db->lock();
    Transaction transaction(*m_db);
    const std::int64_t promptId = requirePromptId(*m_db, draft.promptName);
    if (draft.baseNumber && !findVersionId(*m_db, promptId, *draft.baseNumber))
        throw StoreError(StoreError::Kind::NotFound,
            noSuchVersion(draft.promptName, *draft.baseNumber, newestNumber(*m_db, promptId)));
    Statement upsert(*m_db,
        "INSERT INTO drafts (prompt_id, base_number, text, updated) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (prompt_id) DO UPDATE SET "
        "base_number = excluded.base_number, text = excluded.text, "
        "updated = excluded.updated");
    upsert.bind(1, promptId);
    if (draft.baseNumber)
        upsert.bind(2, *draft.baseNumber);
    else
        upsert.bindNull(2);
    upsert.bind(3, draft.text).bind(4, utcNow());
    upsert.run();
    transaction.commit();
}

std::optional<Draft> Project::draft(const std::string &promptName) const
{
    auto lock = m_db->lock();
    ReadTransaction snapshot(*m_db);
    Statement query(*m_db,
        "SELECT d.base_number, d.text, d.updated FROM drafts d "
        "JOIN prompts p ON p.id = d.prompt_id WHERE p.name = ? AND p.removed IS NULL");
    query.bind(1, promptName);
    if (!query.step())
        return std::nullopt;
    Draft draft;
    draft.promptName = promptName;
    if (!query.isNull(0))
        draft.baseNumber = query.integer(0);
    draft.text = query.text(1);
    draft.updated = query.text(2);
    return draft;
}

void Project::discardDraft(const std::string &promptName)
{
    auto lock = m_db->lock();
    Transaction transaction(*m_db);
    Statement remove(*m_db,
        "DELETE FROM drafts WHERE prompt_id = "
        "(SELECT id FROM prompts WHERE name = ? AND removed IS NULL)");
    remove.bind(1, promptName);
    remove.run();
    transaction.commit();
}

} // namespace ps::store
