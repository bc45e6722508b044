#pragma once

#include <span>

// The ordered list of schema migrations that bring a project file up to date (internal).
//
// To add a capability (runs, datasets, ...), append ONE line to kMigrations in
// migrations.cpp: {next version, "what it adds", kYourSql}. The SQL runs in its own
// transaction together with the user_version bump; never edit a migration that has
// shipped. Foreign keys are on, so a migration that rebuilds a table must do it in an
// order the constraints accept (or use `apply` for steps SQL alone cannot express).
namespace ps::store {

class Database;

// Marks a file as ours (PRAGMA application_id): "PSMT".
inline constexpr int kApplicationId = 0x50534D54;

struct Migration
{
    int version; // the user_version after this step; 1, 2, 3, ... without gaps
    const char *description;
    const char *sql; // may be nullptr when `apply` does the work
    void (*apply)(Database &db) = nullptr; // runs after `sql`, inside the same transaction
};

std::span<const Migration> migrations();
int latestSchemaVersion();

// Applies every migration above the file's user_version up to `target`, each in its own
// transaction. The first one also stamps the application id.
void migrate(Database &db, int target);

} // namespace ps::store
