#pragma once

// What every promptsmith-cli command shares: the global options, the project, output and errors.

#include "store/project.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ps::cli {

// Exit codes of CLI.md "Conventions".
enum ExitCode : int {
    ExitOk = 0,
    ExitGatesFailed = 1,
    ExitUsage = 2,
    ExitBadInput = 3,
    ExitProvider = 4,
};

// A command failed for a reason the user can fix; `what()` is one sentence naming what and where.
class CliError : public std::runtime_error
{
public:
    CliError(int exitCode, std::string kind, const std::string &message,
        nlohmann::json details = nlohmann::json::object())
        : std::runtime_error(message)
        , m_exitCode(exitCode)
        , m_kind(std::move(kind))
        , m_details(std::move(details))
    { }
    int exitCode() const { return m_exitCode; }
    const std::string &kind() const { return m_kind; }
    // Extra fields for the --json error document (file, line, column, ...).
    const nlohmann::json &details() const { return m_details; }

private:
    int m_exitCode;
    std::string m_kind;
    nlohmann::json m_details;
};

struct GlobalOptions
{
    std::string projectPath; // --project or PROMPTSMITH_PROJECT
    bool json = false;
};

class CliContext
{
public:
    GlobalOptions options;

    // Opens the --project file; refuses a missing or non-project file without touching it.
    // A command that only reads opens for reading: an older project file stays as it is.
    store::Project openProject(store::ProjectAccess access = store::ProjectAccess::Write) const;

    // Prints a JSON document (one per run) on stdout.
    void printJson(const nlohmann::json &document) const;
    // Prints text on stdout exactly as given.
    void print(const std::string &text) const;
    // A warning on stderr (never on stdout, so --json and render output stay clean).
    void warn(const std::string &text) const;

    // Refuses (usage, exit 2) an output path that is the project or one of its side files, so
    // that -o and --output can never overwrite the project; checked before any work is done.
    void checkOutputPath(const std::string &path) const;
    // Writes an output file whole or not at all (temporary file, then rename), after
    // checkOutputPath; a failure names the file (exit 3).
    void writeOutputFile(const std::string &path, std::string_view text) const;
};

// `text` as it may reach file descriptor `fd`: with control characters escaped when it is a
// terminal (model text and project strings may hold escape sequences), unchanged otherwise.
std::string shownOn(int fd, std::string_view text);

// File helpers whose errors name the file (exit 3).
// Files a user hands in are capped (prompts, values and templates at 64 MB; a dataset passes
// a larger cap), so /dev/zero or an endless pipe is refused instead of filling the memory.
constexpr std::size_t kMaxInputFileBytes = std::size_t(64) << 20;
constexpr std::size_t kMaxDatasetFileBytes = std::size_t(2) << 30;
std::string readTextFile(const std::filesystem::path &path, const std::string &what,
    std::size_t maxBytes = kMaxInputFileBytes);
nlohmann::json readJsonFile(const std::filesystem::path &path, const std::string &what);

// --author, else PROMPTSMITH_AUTHOR, else the login name.
std::string resolveAuthor(const std::optional<std::string> &flag);

// "'path'" quoted for messages.
std::string quoted(const std::string &text);

} // namespace ps::cli
