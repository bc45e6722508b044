#include "store/version_import.h"

#include "store/database.h"
#include "store/names.h"
#include "store/store_error.h"
#include "store/version_queries.h"

#include <unordered_map>

namespace ps::store {

namespace {

[[noreturn]] void badInput(const std::string &message)
{
    throw StoreError(StoreError::Kind::BadInput, message);
}

// Content hash -> number, of every version the prompt has.
std::unordered_map<std::string, int> numbersByHash(Database &db, std::int64_t promptId)
{
    std::unordered_map<std::string, int> numbers;
    Statement query(db, "SELECT hash, number FROM versions WHERE prompt_id = ? ORDER BY number");
    query.bind(1, promptId);
    while (query.step())
        numbers.emplace(query.text(0), query.integer(1)); // the oldest holder of a content
    return numbers;
}

// The number a label points at here, nullopt when the prompt has no such label.
std::optional<int> labelledNumber(Database &db, std::int64_t promptId, const std::string &label)
{
    Statement query(db,
        "SELECT v.number FROM labels l JOIN versions v ON v.id = l.version_id "
        "WHERE l.prompt_id = ? AND l.name = ?");
    query.bind(1, promptId).bind(2, label);
    if (query.step())
        return query.integer(0);
    return std::nullopt;
}

} // namespace

VersionImportResult importVersions(Project &project, const VersionImportRequest &request)
{
    checkPromptName(request.promptName);
    for (const auto &[label, number] : request.labels)
        checkLabel(label);
    Database &db = project.database();
    auto lock = db.lock();
    Transaction transaction(db);

    VersionImportResult result;
    std::optional<std::int64_t> promptId = findPromptId(db, request.promptName);
    if (!promptId) {
        promptId = insertPrompt(db, request.promptName, request.description, request.tags);
        result.promptCreated = true;
    }
    std::unordered_map<std::string, int> byHash = numbersByHash(db, *promptId);
    std::unordered_map<int, int> hereOf; // number over there -> number here

    for (const ForeignVersion &version : request.versions) {
        if (hereOf.contains(version.number))
            badInput("version " + std::to_string(version.number) + " of '" + request.promptName
                + "' appears twice");
        const std::string hash = version.content.contentHash();
        if (const auto existing = byHash.find(hash); existing != byHash.end()) {
            hereOf[version.number] = existing->second;
            result.versions.push_back({version.number, existing->second, false});
            continue;
        }
        SaveRequest save;
        save.promptName = request.promptName;
        save.content = version.content;
        save.message = version.message;
        save.author = version.author;
        save.created = version.created;
        if (version.parent) {
            const auto parent = hereOf.find(*version.parent);
            if (parent == hereOf.end())
                badInput("version " + std::to_string(version.number) + " of '"
                    + request.promptName + "' names version " + std::to_string(*version.parent)
                    + " as its parent, which does not come before it");
            save.parentNumber = parent->second;
        }
        const SaveResult saved = saveVersionWithin(db, save);
        byHash.emplace(hash, saved.version.number);
        hereOf[version.number] = saved.version.number;
        result.versions.push_back({version.number, saved.version.number, saved.created});
    }

    for (const auto &[label, foreignNumber] : request.labels) {
        const auto number = hereOf.find(foreignNumber);
        if (number == hereOf.end())
            badInput("label '" + label + "' points at version " + std::to_string(foreignNumber)
                + ", which the file does not hold");
        const std::optional<int> current = labelledNumber(db, *promptId, label);
        if (current && *current != number->second) {
            result.labelsKept.push_back(label + " stays on v" + std::to_string(*current)
                + " (the file puts it on its v" + std::to_string(foreignNumber) + ", here v"
                + std::to_string(number->second) + ")");
            continue;
        }
        if (current)
            continue; // already where the file puts it
        Statement insert(db,
            "INSERT INTO labels (prompt_id, name, version_id) "
            "SELECT ?, ?, id FROM versions WHERE prompt_id = ? AND number = ?");
        insert.bind(1, *promptId).bind(2, label).bind(3, *promptId).bind(4, number->second);
        insert.run();
        result.labelsSet.push_back(label + " → v" + std::to_string(number->second));
    }
    transaction.commit();
    return result;
}

} // namespace ps::store
