#include "store/version_queries.h"

#include "store/database.h"
#include "store/names.h"
#include "store/store_error.h"
#include "util/ascii_text.h"
#include "util/json_depth.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <string_view>
#include <unordered_map>

namespace ps::store {

using nlohmann::json;

namespace {

constexpr const char *kVersionSelect
    = "SELECT v.id, v.number, v.hash, p.number, v.author, v.created, v.message, v.content "
      "FROM versions v LEFT JOIN versions p ON p.id = v.parent_id ";

[[noreturn]] void notFound(const std::string &message)
{
    throw StoreError(StoreError::Kind::NotFound, message);
}

model::VersionRecord readVersionRow(
    Database &db, const Statement &row, const std::string &promptName, bool withContent)
{
    model::VersionRecord version;
    version.id = row.int64(0);
    version.promptName = promptName;
    version.number = row.integer(1);
    version.hash = row.text(2);
    if (!row.isNull(3))
        version.parentNumber = row.integer(3);
    version.author = row.text(4);
    version.created = row.text(5);
    version.message = row.text(6);
    if (withContent) {
        try {
            version.content = model::VersionContent::fromJson(util::parseJson(row.text(7)));
        } catch (const std::exception &error) {
            throw StoreError(StoreError::Kind::Damaged,
                db.path().string() + " is damaged: the content of " + promptName + "@"
                    + std::to_string(version.number) + " cannot be read (" + error.what() + ")");
        }
    }
    return version;
}

std::vector<std::string> labelsOf(Database &db, std::int64_t versionId)
{
    Statement query(db, "SELECT name FROM labels WHERE version_id = ? ORDER BY name");
    query.bind(1, versionId);
    std::vector<std::string> labels;
    while (query.step())
        labels.push_back(query.text(0));
    return labels;
}

// The normalised JSON text and hash of a content, refusing what could not be read back.
std::pair<std::string, std::string> serialise(
    const model::VersionContent &content, const std::string &promptName)
{
    try {
        const json normalised = content.toJson();
        model::VersionContent::fromJson(normalised);
        return {
            normalised.dump(-1, ' ', false, json::error_handler_t::strict), content.contentHash()};
    } catch (const model::ContentError &error) {
        throw StoreError(StoreError::Kind::BadInput,
            "the content for '" + promptName + "' is not valid: " + error.what());
    } catch (const json::exception &) {
        throw StoreError(
            StoreError::Kind::BadInput, "the content for '" + promptName + "' is not valid UTF-8");
    }
}

[[noreturn]] void badReference(const std::string &ref, const std::string &why)
{
    throw StoreError(StoreError::Kind::BadReference, ref + ": " + why);
}

// The newest version whose hash starts with `prefix`, or BadReference if none or several.
std::optional<model::VersionRecord> findByHashPrefix(Database &db, std::int64_t promptId,
    const std::string &promptName, const std::string &ref, std::string prefix)
{
    prefix = util::asciiLower(prefix);
    // A range on the (prompt_id, hash) index; hashes are lower-case hex, so 'g' sorts last.
    Statement query(db,
        "SELECT hash, max(number) FROM versions "
        "WHERE prompt_id = ? AND hash >= ? AND hash < ? "
        "GROUP BY hash ORDER BY hash LIMIT 2");
    query.bind(1, promptId).bind(2, prefix).bind(3, prefix + "g");
    std::vector<int> numbers;
    while (query.step())
        numbers.push_back(query.integer(1));
    if (numbers.empty())
        return std::nullopt;
    if (numbers.size() > 1) {
        std::sort(numbers.begin(), numbers.end());
        badReference(ref,
            "the hash prefix '" + prefix + "' is ambiguous: it matches " + promptName + "@"
                + std::to_string(numbers[0]) + " and " + promptName + "@"
                + std::to_string(numbers[1]) + "; give more digits");
    }
    // Identical content saved twice (e.g. a restore) shares a hash: take the newest.
    return findVersion(db, promptId, promptName, numbers[0]);
}

// The form utcNow() writes, digits where digits go: what a stored time must look like, so that
// times sort as text and every view reads them alike.
bool isUtcTimestamp(const std::string &text)
{
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != shape.size())
        return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (shape[i] == 'd' ? !digit : text[i] != shape[i])
            return false;
    }
    return true;
}

} // namespace

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc {};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

std::string noSuchVersion(const std::string &promptName, int number, int newest)
{
    return "prompt '" + promptName + "' has no version " + std::to_string(number)
        + (newest > 0 ? " (newest is v" + std::to_string(newest) + ")"
                      : " (it has no version yet)");
}

std::optional<std::int64_t> findPromptId(Database &db, const std::string &name)
{
    Statement query(db, "SELECT id FROM prompts WHERE name = ? AND removed IS NULL");
    query.bind(1, name);
    if (!query.step())
        return std::nullopt;
    return query.int64(0);
}

std::int64_t requirePromptId(Database &db, const std::string &name)
{
    const auto id = findPromptId(db, name);
    if (!id)
        notFound("there is no prompt named '" + name + "' in " + db.path().string());
    return *id;
}

std::int64_t insertPrompt(Database &db, const std::string &name, const std::string &description,
    const std::vector<std::string> &tags)
{
    Statement insert(
        db, "INSERT INTO prompts (name, description, tags, created) VALUES (?, ?, ?, ?)");
    insert.bind(1, name).bind(2, description).bind(3, json(tags).dump()).bind(4, utcNow());
    insert.run();
    return db.lastInsertId();
}

int newestNumber(Database &db, std::int64_t promptId)
{
    Statement query(
        db, "SELECT number FROM versions WHERE prompt_id = ? ORDER BY number DESC LIMIT 1");
    query.bind(1, promptId);
    return query.step() ? query.integer(0) : 0;
}

std::optional<std::int64_t> findVersionId(Database &db, std::int64_t promptId, int number)
{
    Statement query(db, "SELECT id FROM versions WHERE prompt_id = ? AND number = ?");
    query.bind(1, promptId).bind(2, number);
    if (!query.step())
        return std::nullopt;
    return query.int64(0);
}

std::optional<model::VersionRecord> findVersion(
    Database &db, std::int64_t promptId, const std::string &promptName, int number)
{
    Statement query(db, std::string(kVersionSelect) + "WHERE v.prompt_id = ? AND v.number = ?");
    query.bind(1, promptId).bind(2, number);
    if (!query.step())
        return std::nullopt;
    model::VersionRecord version = readVersionRow(db, query, promptName, true);
    version.labels = labelsOf(db, version.id);
    return version;
}

model::VersionRecord requireVersion(
    Database &db, std::int64_t promptId, const std::string &promptName, int number)
{
    auto version = findVersion(db, promptId, promptName, number);
    if (!version)
        notFound(noSuchVersion(promptName, number, newestNumber(db, promptId)));
    return std::move(*version);
}

std::vector<model::VersionRecord> listVersions(
    Database &db, std::int64_t promptId, const std::string &promptName, bool withContent)
{
    std::unordered_map<std::int64_t, std::vector<std::string>> labels;
    Statement labelQuery(
        db, "SELECT version_id, name FROM labels WHERE prompt_id = ? ORDER BY name");
    labelQuery.bind(1, promptId);
    while (labelQuery.step())
        labels[labelQuery.int64(0)].push_back(labelQuery.text(1));

    Statement query(db, std::string(kVersionSelect) + "WHERE v.prompt_id = ? ORDER BY v.number");
    query.bind(1, promptId);
    std::vector<model::VersionRecord> versions;
    while (query.step()) {
        model::VersionRecord version = readVersionRow(db, query, promptName, withContent);
        if (const auto it = labels.find(version.id); it != labels.end())
            version.labels = std::move(it->second);
        versions.push_back(std::move(version));
    }
    return versions;
}

SaveResult saveVersion(Database &db, const SaveRequest &request)
{
    Transaction transaction(db);
    SaveResult result = saveVersionWithin(db, request);
    transaction.commit();
    return result;
}

SaveResult saveVersionWithin(Database &db, const SaveRequest &request)
{
    checkPromptName(request.promptName);
    checkText(request.message, "version message");
    checkText(request.author, "author name");
    if (request.created && !isUtcTimestamp(*request.created))
        throw StoreError(StoreError::Kind::BadInput,
            "a version's time '" + *request.created
                + "' is not an ISO 8601 UTC time such as 2026-11-29T10:42:00Z");
    const auto [text, hash] = serialise(request.content, request.promptName);
    // A version names its images by hash: each must be in the project, or it could never be sent.
    const auto requireStored = [&db](const std::vector<model::ImageRef> &images, const std::string &where) {
        for (std::size_t i = 0; i < images.size(); ++i) {
            if (images[i].sha256.empty())
                continue;
            Statement query(db, "SELECT 1 FROM images WHERE sha256 = ?");
            query.bind(1, images[i].sha256);
            if (!query.step())
                throw StoreError(StoreError::Kind::BadInput,
                    where + ".images[" + std::to_string(i) + "]: image " + images[i].sha256.substr(0, 12)
                        + " is not in the project (add its file, not its hash)");
        }
    };
    for (std::size_t m = 0; m < request.content.messages.size(); ++m)
        requireStored(request.content.messages[m].images, "messages[" + std::to_string(m) + "]");
    for (std::size_t e = 0; e < request.content.examples.size(); ++e)
        requireStored(request.content.examples[e].images, "examples[" + std::to_string(e) + "]");

    std::int64_t promptId = 0;
    if (const auto existing = findPromptId(db, request.promptName))
        promptId = *existing;
    else
        promptId = insertPrompt(db, request.promptName, {}, {});

    std::optional<std::int64_t> newestId;
    int newest = 0;
    {
        Statement query(db,
            "SELECT id, number, hash FROM versions WHERE prompt_id = ? "
            "ORDER BY number DESC LIMIT 1");
        query.bind(1, promptId);
        if (query.step()) {
            newestId = query.int64(0);
            newest = query.integer(1);
            if (query.text(2) == hash) // identical to the newest: nothing to write
                return {requireVersion(db, promptId, request.promptName, newest), false};
        }
    }

    std::optional<std::int64_t> parentId = newestId;
    std::optional<int> parentNumber = newestId ? std::optional<int>(newest) : std::nullopt;
    if (request.parentNumber) {
        parentId = findVersionId(db, promptId, *request.parentNumber);
        if (!parentId)
            notFound(noSuchVersion(request.promptName, *request.parentNumber, newest));
        parentNumber = request.parentNumber;
    }

    model::VersionRecord version;
    version.promptName = request.promptName;
    version.number = newest + 1;
    version.hash = hash;
    version.parentNumber = parentNumber;
    version.author = request.author;
    version.created = request.created ? *request.created : utcNow();
    version.message = request.message;
    version.content = request.content;

    Statement insert(db,
        "INSERT INTO versions (prompt_id, number, hash, parent_id, author, "
        "created, message, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, promptId).bind(2, version.number).bind(3, hash);
    if (parentId)
        insert.bind(4, *parentId);
    else
        insert.bindNull(4);
    insert.bind(5, version.author).bind(6, version.created).bind(7, version.message).bind(8, text);
    insert.run();
    version.id = db.lastInsertId();
    return {std::move(version), true};
}

model::VersionRecord resolveReference(Database &db, const std::string &ref)
{
    const auto at = ref.find('@');
    const std::string name = ref.substr(0, at);
    if (name.empty())
        badReference(ref,
            "a reference starts with a prompt name (NAME, NAME@N, NAME@LABEL or "
            "NAME@HASH)");
    const auto promptId = findPromptId(db, name);
    if (!promptId)
        badReference(ref, "there is no prompt named '" + name + "'");
    const int newest = newestNumber(db, *promptId);
    if (newest == 0)
        badReference(ref, "prompt '" + name + "' has no version yet");
    if (at == std::string::npos)
        return requireVersion(db, *promptId, name, newest);

    const std::string selector = ref.substr(at + 1);
    if (selector.empty())
        badReference(ref,
            "nothing follows '@' (expected a version number, a label or a hash "
            "prefix)");

    if (isAllDigits(selector)) {
        // Longer than any version number can be: it can only be a hash prefix.
        if (selector.size() <= 9) {
            if (auto version = findVersion(db, *promptId, name, std::stoi(selector)))
                return std::move(*version);
        }
        if (selector.size() >= 7) {
            if (auto version = findByHashPrefix(db, *promptId, name, ref, selector))
                return std::move(*version);
        }
        badReference(ref,
            "prompt '" + name + "' has no version " + selector + " (newest is v"
                + std::to_string(newest) + ")");
    }

    {
        Statement query(db,
            "SELECT v.number FROM labels l JOIN versions v ON v.id = l.version_id "
            "WHERE l.prompt_id = ? AND l.name = ?");
        query.bind(1, *promptId).bind(2, selector);
        if (query.step())
            return requireVersion(db, *promptId, name, query.integer(0));
    }

    if (isHex(selector) && selector.size() >= 7) {
        if (auto version = findByHashPrefix(db, *promptId, name, ref, selector))
            return std::move(*version);
        badReference(ref,
            "prompt '" + name + "' has no label '" + selector
                + "' and no version whose hash starts with it");
    }
    if (isHex(selector))
        badReference(ref,
            "prompt '" + name + "' has no label '" + selector
                + "' (a hash prefix needs at least 7 hex digits)");
    badReference(ref, "prompt '" + name + "' has no label '" + selector + "'");
}

} // namespace ps::store
