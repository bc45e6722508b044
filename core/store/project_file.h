#pragma once

#include "store/migrations.h"

#include <filesystem>
#include <memory>
#include <optional>

// Opening and creating project files, with every check that lets open() refuse a file
// without changing a byte of it (internal to the store).
namespace ps::store {

class Database;

// What the header of an SQLite file says, read without SQLite.
struct FileProbe
{
    int applicationId = 0;
    int userVersion = 0;
    // A -wal or -shm file is present: the header may be stale (the log can hold newer pages)
    // and another program may be writing, so only SQLite itself can read the file safely.
    bool hasLog = false;
};

// Looks at the file's bytes before SQLite does: it exists, starts with the SQLite magic,
// and is as long as its header says. Throws StoreError (NotAProject, Damaged, Io).
FileProbe probeProjectFile(const std::filesystem::path &path);

struct ProjectUpgrade; // store/project.h
enum class ProjectAccess; // store/project.h

// Checks the file read-only (application id, schema version), then opens it. A file of an older
// schema is, for writing, upgraded in place after keeping a copy of the old file (`upgrade`
// says where); for reading, or when this user cannot write it, copied into memory and
// upgraded there, closed to writes (`olderSchema` says which schema the file keeps).
std::unique_ptr<Database> openProjectFile(const std::filesystem::path &path, ProjectAccess access,
    std::optional<ProjectUpgrade> *upgrade = nullptr, std::optional<int> *olderSchema = nullptr);

// A whole, consistent copy of the open database at `destination` (VACUUM INTO: the log is
// included), which must not exist.
void writeCopy(Database &db, const std::filesystem::path &destination);

// "PATH.schemaN.bak", or with ".2", ".3" ... when that exists.
std::filesystem::path upgradeBackupPath(const std::filesystem::path &path, int schema);

// Whether writing to `candidate` would write the project at `project` or one of its side files
// (-wal, -shm, -journal): judged by the file's identity (a link, another spelling, a hard link),
// not by its name.
bool isPartOfProject(const std::filesystem::path &candidate, const std::filesystem::path &project);

// Creates a new project at `schemaVersion`; tests pass an older one to exercise migrations.
std::unique_ptr<Database> createProjectFile(
    const std::filesystem::path &path, int schemaVersion = latestSchemaVersion());

} // namespace ps::store
