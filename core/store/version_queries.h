#pragma once

#include "store/project.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The SQL behind Project's version operations, on a locked connection (internal).
namespace ps::store {

class Database;

std::string utcNow();

std::optional<std::int64_t> findPromptId(Database &db, const std::string &name);
// Throws NotFound naming the prompt and the file.
std::int64_t requirePromptId(Database &db, const std::string &name);
std::int64_t insertPrompt(Database &db, const std::string &name, const std::string &description,
    const std::vector<std::string> &tags);

// 0 when the prompt has no version yet.
int newestNumber(Database &db, std::int64_t promptId);
std::optional<std::int64_t> findVersionId(Database &db, std::int64_t promptId, int number);
std::optional<model::VersionRecord> findVersion(
    Database &db, std::int64_t promptId, const std::string &promptName, int number);
// Throws NotFound: "prompt 'x' has no version 9 (newest is v3)".
model::VersionRecord requireVersion(
    Database &db, std::int64_t promptId, const std::string &promptName, int number);
std::vector<model::VersionRecord> listVersions(
    Database &db, std::int64_t promptId, const std::string &promptName, bool withContent);

// Saves a version in a transaction of its own.
SaveResult saveVersion(Database &db, const SaveRequest &request);
// The same inside the caller's open transaction (a copy that adds the prompt and its v1).
SaveResult saveVersionWithin(Database &db, const SaveRequest &request);
// The version a REF names (CLI.md "References to versions"); throws BadReference.
model::VersionRecord resolveReference(Database &db, const std::string &ref);

// "prompt 'x' has no version 9 (newest is v3)"
std::string noSuchVersion(const std::string &promptName, int number, int newest);

} // namespace ps::store
