#include "store/project_file.h"

#include "store/database.h"
#include "store/project.h"
#include "store/store_error.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace ps::store {

namespace {

constexpr std::size_t kHeaderSize = 100;
constexpr char kSqliteMagic[] = "SQLite format 3"; // plus its terminating NUL: 16 bytes

[[noreturn]] void refuse(const std::filesystem::path &path, const std::string &why)
{
    throw StoreError(
        StoreError::Kind::NotAProject, path.string() + " is not a Promptsmith project: " + why);
}

[[noreturn]] void damaged(const std::filesystem::path &path, const std::string &why)
{
    throw StoreError(StoreError::Kind::Damaged, path.string() + " is damaged: " + why);
}

std::uint32_t bigEndian32(const unsigned char *bytes)
{
    return (std::uint32_t(bytes[0]) << 24) | (std::uint32_t(bytes[1]) << 16)
        | (std::uint32_t(bytes[2]) << 8) | std::uint32_t(bytes[3]);
}

// After a crash during a checkpoint the main file may be shorter than its header says
// while the write-ahead log still holds the missing pages; SQLite then recovers it.
bool hasWriteAheadLog(const std::filesystem::path &path)
{
    std::error_code error;
    const auto size = std::filesystem::file_size(path.string() + "-wal", error);
    return !error && size > 0;
}

bool exists(const std::string &path)
{
    std::error_code error;
    return std::filesystem::exists(std::filesystem::symlink_status(path, error));
}

void checkIdentity(
    const std::filesystem::path &path, std::int64_t applicationId, std::int64_t schemaVersion)
{
    if (applicationId != kApplicationId)
        refuse(path, "it is an SQLite database of another program");
    if (schemaVersion > latestSchemaVersion())
        throw StoreError(StoreError::Kind::TooNew,
            path.string() + " was written by a newer Promptsmith (schema version "
                + std::to_string(schemaVersion) + "; this program knows up to "
                + std::to_string(latestSchemaVersion()) + ")");
}

void configure(Database &db)
{
    db.queryText("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL;"
            "PRAGMA foreign_keys = ON;"
            "PRAGMA trusted_schema = OFF;");
}

// Writing a project in WAL mode needs the file and its folder (for -wal and -shm).
bool canWrite(const std::filesystem::path &path)
{
    const std::filesystem::path folder
        = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    return ::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0;
}

} // namespace

FileProbe probeProjectFile(const std::filesystem::path &path)
{
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found)
        refuse(path, "no such file");
    if (error)
        throw StoreError(
            StoreError::Kind::Io, "could not read " + path.string() + ": " + error.message());
    if (std::filesystem::is_directory(status))
        refuse(path, "it is a directory");
    if (!std::filesystem::is_regular_file(status))
        refuse(path, "it is not a regular file");

    const auto size = std::filesystem::file_size(path, error);
    if (error)
        throw StoreError(
            StoreError::Kind::Io, "could not read " + path.string() + ": " + error.message());
    if (size == 0)
        refuse(path, "it is empty");

    std::array<unsigned char, kHeaderSize> header {};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw StoreError(
            StoreError::Kind::Io, "could not read " + path.string() + ": " + std::strerror(errno));
    in.read(reinterpret_cast<char *>(header.data()), header.size());
    const auto got = static_cast<std::size_t>(in.gcount());

    const std::size_t magicSize = sizeof kSqliteMagic;
    if (std::memcmp(header.data(), kSqliteMagic, std::min(got, magicSize)) != 0)
        refuse(path, "it is not an SQLite database");
    if (got < kHeaderSize)
        damaged(
            path, "it is truncated (" + std::to_string(got) + " bytes, shorter than its header)");

    std::uint32_t pageSize = (std::uint32_t(header[16]) << 8) | header[17];
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        damaged(path, "its header names an impossible page size");

    // The page count in the header is only valid when the two change counters agree.
    const std::uint32_t pageCount = bigEndian32(&header[28]);
    const bool countIsValid
        = pageCount != 0 && bigEndian32(&header[24]) == bigEndian32(&header[92]);
    const std::uintmax_t expected = std::uintmax_t(pageSize) * pageCount;
    if (countIsValid && size < expected && !hasWriteAheadLog(path))
        damaged(path,
            "it is truncated (" + std::to_string(size) + " of " + std::to_string(expected)
                + " bytes)");

    FileProbe probe;
    probe.userVersion = static_cast<std::int32_t>(bigEndian32(&header[60]));
    probe.applicationId = static_cast<std::int32_t>(bigEndian32(&header[68]));
    probe.hasLog = exists(path.string() + "-wal") || exists(path.string() + "-shm");
    return probe;
}

void writeCopy(Database &db, const std::filesystem::path &destination)
{
    Statement copy(db, "VACUUM INTO ?");
    copy.bind(1, destination.string());
    copy.run();
}

std::filesystem::path upgradeBackupPath(const std::filesystem::path &path, int schema)
{
    const std::string base = path.string() + ".schema" + std::to_string(schema) + ".bak";
    std::error_code error;
    std::filesystem::path candidate = base;
    for (int n = 2; std::filesystem::exists(candidate, error); ++n)
        candidate = base + "." + std::to_string(n);
    return candidate;
}

std::unique_ptr<Database> openProjectFile(const std::filesystem::path &path, ProjectAccess access,
    std::optional<ProjectUpgrade> *upgrade, std::optional<int> *olderSchema)
{
    const FileProbe probe = probeProjectFile(path);
    // Without a log the header is the truth: refuse a foreign or newer file before SQLite
    // touches it (even a read-only connection would leave -wal and -shm files behind).
    if (!probe.hasLog)
        checkIdentity(path, probe.applicationId, probe.userVersion);

    // Look before writing. Without a log, "immutable" reads the bare file and creates nothing;
    // with one, SQLite must merge the log, so it opens normally, read-only.
    const Database::Mode readMode
        = probe.hasLog ? Database::Mode::ReadOnly : Database::Mode::Immutable;
    auto check = std::make_unique<Database>(path, readMode);
    const int schemaVersion = static_cast<int>(check->queryInt("PRAGMA user_version"));
    checkIdentity(path, check->queryInt("PRAGMA application_id"), schemaVersion);
    // Parses the schema page, so a damaged first page shows up here, still read-only.
    check->queryInt("SELECT count(*) FROM sqlite_schema");

    const bool writable = canWrite(path);
    if (schemaVersion < latestSchemaVersion() && (access == ProjectAccess::Read || !writable)) {
        // Teammates on an older build keep opening the file: only a write upgrades it. The
        // current schema's queries read an upgraded copy in memory instead.
        auto copy = std::make_unique<Database>(path, Database::Mode::Memory);
        copy->copyFrom(*check);
        check.reset();
        configure(*copy);
        migrate(*copy, latestSchemaVersion());
        copy->closeToWrites();
        if (olderSchema)
            *olderSchema = schemaVersion;
        return copy;
    }
    if (!writable) {
        // Read where it lies, and leave nothing behind: no -wal or -shm (a read-only -shm would
        // break every later write of whoever can write the file).
        return check;
    }
    check.reset();

    auto db = std::make_unique<Database>(path, Database::Mode::ReadWrite);
    configure(*db);
    if (schemaVersion < latestSchemaVersion()) {
        // Teammates on the older build can no longer open the upgraded file: the old one is
        // kept, whole and consistent (VACUUM INTO reads the log too), before anything changes.
        const std::filesystem::path backup = upgradeBackupPath(path, schemaVersion);
        writeCopy(*db, backup);
        migrate(*db, latestSchemaVersion());
        if (upgrade)
            *upgrade = ProjectUpgrade {schemaVersion, backup};
    }
    return db;
}

std::unique_ptr<Database> createProjectFile(const std::filesystem::path &path, int schemaVersion)
{
    // "x": fail if the file exists, so two creators cannot both succeed.
    std::FILE *file = std::fopen(path.c_str(), "wbx");
    if (!file) {
        const int code = errno;
        std::error_code error;
        if (code == EEXIST || std::filesystem::exists(std::filesystem::symlink_status(path, error)))
            throw StoreError(StoreError::Kind::AlreadyExists, path.string() + " already exists");
        throw StoreError(
            StoreError::Kind::Io, "could not create " + path.string() + ": " + std::strerror(code));
    }
    std::fclose(file);

    try {
        auto db = std::make_unique<Database>(path, Database::Mode::ReadWrite);
        configure(*db);
        migrate(*db, schemaVersion);
        return db;
    } catch (...) {
        // The file is ours and half made: leave nothing behind.
        std::error_code ignored;
        for (const char *suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path.string() + suffix, ignored);
        throw;
    }
}

bool isPartOfProject(const std::filesystem::path &candidate, const std::filesystem::path &project)
{
    std::error_code error;
    const std::filesystem::path target = std::filesystem::weakly_canonical(candidate, error);
    for (const char *suffix : {"", "-wal", "-shm", "-journal"}) {
        const std::filesystem::path part = project.string() + suffix;
        if (std::filesystem::exists(part, error) && std::filesystem::exists(candidate, error)
            && std::filesystem::equivalent(part, candidate, error))
            return true;
        // A side file that does not exist yet is compared by its resolved path.
        const std::filesystem::path resolved = std::filesystem::weakly_canonical(part, error);
        if (!target.empty() && target == resolved)
            return true;
    }
    // The project's git repository (core/share) and anything in it.
    const std::filesystem::path share = std::filesystem::weakly_canonical(project.string() + ".share", error);
    const auto [shareEnd, ignored] = std::mismatch(share.begin(), share.end(), target.begin(), target.end());
    return !target.empty() && shareEnd == share.end();
}

} // namespace ps::store
