#pragma once

#include "model/prompt_record.h"
#include "store/store_error.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// One Promptsmith project: a single SQLite file holding prompts, their
// immutable versions, labels and drafts (DESIGN.md "Store").
namespace ps::store {

class Database;

// What opening a project written by an older Promptsmith did to it.
struct ProjectUpgrade
{
    int fromSchema = 0;
    std::filesystem::path backup; // the file as it was, kept beside it
};

// What a caller means to do with a project it opens.
enum class ProjectAccess {
    Write, // may change it: a file of an older Promptsmith is upgraded (a backup kept)
    Read, // only reads it: a file of an older Promptsmith stays as it is
};

struct ProjectInfo
{
    std::string path;
    int schemaVersion = 0;
    std::int64_t prompts = 0;
    std::int64_t versions = 0;
    std::int64_t labels = 0;
    std::int64_t drafts = 0;
};

struct SaveResult
{
    model::VersionRecord version;
    bool created = false; // false: identical to the newest version, nothing written
};

struct Draft
{
    std::string promptName;
    std::optional<int> baseNumber; // the version the draft started from
    std::string text; // opaque to the store: the editor's serialised state
    std::string updated; // ISO 8601 UTC
};

// What removePrompt took out of the list.
struct RemovedPrompt
{
    std::string name;
    int versions = 0; // kept in the file, as are the prompt's runs
    std::vector<std::string> labels; // "production (v3)": removed with it
};

struct SaveRequest
{
    std::string promptName;
    model::VersionContent content;
    std::string message;
    std::string author;
    std::optional<int> parentNumber; // default: the newest version
    // Default: now. An imported or pulled version keeps the time it was made elsewhere
    // (ISO 8601 UTC, "2026-11-29T10:42:00Z"; another form is BadInput).
    std::optional<std::string> created;
};

// Every write is one transaction; a Project may be shared by threads (calls are serialised).
// Unknown prompts or versions throw NotFound, invalid names BadInput, disk trouble Io.
class Project
{
public:
    // Creates a new, empty project file; refuses (AlreadyExists) if the path exists.
    static Project create(const std::filesystem::path &path);
    // Opens an existing project; refuses a non-project, damaged or newer file untouched. One
    // this user cannot write opens read-only (isReadOnly()), and so does an older file opened
    // for reading.
    static Project open(
        const std::filesystem::path &path, ProjectAccess access = ProjectAccess::Write);

    Project(Project &&) noexcept;
    Project &operator=(Project &&) noexcept;
    ~Project();

    static int currentSchemaVersion();
    const std::filesystem::path &path() const;
    // Set when opening upgraded a file of an older Promptsmith (the old file is kept beside).
    const std::optional<ProjectUpgrade> &upgrade() const { return m_upgrade; }
    // Set when the file is of an older Promptsmith and was not upgraded (opened for reading, or
    // not writable here): it is read through an upgraded copy in memory and stays unchanged.
    const std::optional<int> &olderSchema() const { return m_olderSchema; }
    // Moves what the write-ahead log holds into the file itself, so that a copy of the file
    // alone is current while this program keeps it open (after a save, a run, every few
    // seconds of an evaluation). Never waits for readers; a failure is harmless.
    void checkpoint() const;
    // Writes a consistent copy of the project to `destination` (VACUUM INTO), which must not
    // exist; safe while the project is in use.
    void copyTo(const std::filesystem::path &destination) const;
    // Opened for reading only: this user cannot write the file or its folder. Every write
    // throws StoreError (Io) saying so; nothing is created beside the file.
    bool isReadOnly() const;
    ProjectInfo info() const;

    // AlreadyExists if a prompt of that name exists.
    model::PromptRecord addPrompt(const std::string &name, const std::string &description = {},
        const std::vector<std::string> &tags = {});
    std::vector<model::PromptRecord> listPrompts() const;
    std::optional<model::PromptRecord> findPrompt(const std::string &name) const;
    // Renames a prompt; its versions, labels, draft and runs follow (they hang on its id).
    // NotFound, AlreadyExists when `newName` is taken, BadInput for an invalid name.
    void renamePrompt(const std::string &name, const std::string &newName);
    // A new prompt `newName` (the description and tags copied) whose v1 is the newest version
    // of `name`, examples included; no version when `name` has none.
    model::PromptRecord copyPrompt(
        const std::string &name, const std::string &newName, const std::string &author);
    // Takes a prompt out of the project's list and frees its name; its versions stay in the
    // file (they are permanent, and runs point at them), its labels go. Refused while a label
    // points into it, unless `force`.
    RemovedPrompt removePrompt(const std::string &name, bool force);

    // Saves a version, creating the prompt if needed; content identical to the newest makes
    // no new one. The parent defaults to the newest version; an unknown parent is NotFound.
    SaveResult saveVersion(const SaveRequest &request);
    // A new version whose content is that of `number` (no-op if it equals the newest);
    // the message defaults to "restore vN".
    SaveResult restoreVersion(const std::string &promptName, int number, const std::string &author,
        const std::string &message = {});
    // All versions of a prompt, oldest first; withContent=false skips parsing each content
    // (a history list does not need it). Unknown prompt: NotFound.
    std::vector<model::VersionRecord> listVersions(
        const std::string &promptName, bool withContent = true) const;
    model::VersionRecord version(const std::string &promptName, int number) const;
    // Resolves NAME, NAME@N, NAME@LABEL or NAME@HEXPREFIX (CLI.md order). Throws BadReference.
    model::VersionRecord resolve(const std::string &ref) const;

    // Creates or moves a label; labels may not be all digits or empty.
    void setLabel(const std::string &promptName, const std::string &label, int number);
    void removeLabel(const std::string &promptName, const std::string &label);

    // One draft per prompt: saving replaces it and stamps `updated`. The prompt must exist.
    void saveDraft(const Draft &draft);
    std::optional<Draft> draft(const std::string &promptName) const; // nullopt: none
    void discardDraft(const std::string &promptName); // no draft: nothing to do

    // The connection, for the store's other record classes (ProviderCatalog, RunStore), which
    // keep Project small; they lock it as Project does. Not for code outside core/store.
    Database &database() const { return *m_db; }

private:
    explicit Project(std::unique_ptr<Database> db, std::filesystem::path path);
    std::unique_ptr<Database> m_db;
    std::filesystem::path m_path;
    std::optional<ProjectUpgrade> m_upgrade;
    std::optional<int> m_olderSchema;
};

} // namespace ps::store
