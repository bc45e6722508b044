#include "cli_context.h"

#include "store/project_file.h"
#include "util/atomic_file.h"
#include "util/json_depth.h"
#include "util/terminal_text.h"
#include "util/user_name.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace ps::cli {

std::string quoted(const std::string &text)
{
    return "'" + text + "'";
}

store::Project CliContext::openProject(store::ProjectAccess access) const
{
    if (options.projectPath.empty())
        throw CliError(
            ExitUsage, "usage", "no project given: pass --project FILE or set PROMPTSMITH_PROJECT");
    const std::filesystem::path path(options.projectPath);
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    // Checked here as well as in the store so that nothing is ever created by a typo.
    if (!std::filesystem::exists(status))
        throw CliError(ExitBadInput, "not_a_project",
            "project file " + quoted(options.projectPath)
                + " does not exist (create one with `promptsmith-cli init " + options.projectPath
                + "`)",
            {{"file", options.projectPath}});
    if (!std::filesystem::is_regular_file(status))
        throw CliError(ExitBadInput, "not_a_project",
            quoted(options.projectPath) + " is not a project file",
            {{"file", options.projectPath}});
    store::Project project = store::Project::open(path, access);
    if (project.isReadOnly() && !project.olderSchema())
        warn(options.projectPath + " is read-only here: opened for reading only");
    if (const auto &older = project.olderSchema(); older && access == store::ProjectAccess::Write)
        warn(options.projectPath + " was written by an older Promptsmith (schema "
            + std::to_string(*older) + ") and is read-only here, so it is read as it is");
    if (const auto &upgrade = project.upgrade())
        warn("upgraded " + options.projectPath + " from schema "
            + std::to_string(upgrade->fromSchema) + " to "
            + std::to_string(store::Project::currentSchemaVersion())
            + "; older Promptsmith builds cannot open it now: the file as it was is kept as "
            + upgrade->backup.string());
    return project;
}

void CliContext::printJson(const nlohmann::json &document) const
{
    std::cout << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    std::cout.flush();
}

std::string shownOn(int fd, std::string_view text)
{
    // Piped or redirected output keeps its exact bytes: it is data (a rendered prompt, a CSV).
    return ::isatty(fd) == 1 ? util::escapeControlCharacters(text) : std::string(text);
}

void CliContext::print(const std::string &text) const
{
    std::cout << shownOn(STDOUT_FILENO, text);
    std::cout.flush();
}

void CliContext::warn(const std::string &text) const
{
    std::cerr << "warning: " << shownOn(STDERR_FILENO, text) << '\n';
}

void CliContext::checkOutputPath(const std::string &path) const
{
    if (!options.projectPath.empty() && store::isPartOfProject(path, options.projectPath))
        throw CliError(ExitUsage, "usage",
            "the output file " + quoted(path) + " is the project " + quoted(options.projectPath)
                + " (or one of its side files); writing there would destroy it: choose another "
                  "file",
            {{"file", path}});
}

void CliContext::writeOutputFile(const std::string &path, std::string_view text) const
{
    checkOutputPath(path);
    try {
        util::writeFileAtomically(path, text);
    } catch (const util::FileWriteError &error) {
        throw CliError(ExitBadInput, "io", error.what(), {{"file", path}});
    }
}

std::string readTextFile(
    const std::filesystem::path &path, const std::string &what, std::size_t maxBytes)
{
    std::error_code ec;
    std::string reason;
    if (!std::filesystem::exists(path, ec))
        reason = "no such file";
    else if (std::filesystem::is_directory(path, ec))
        reason = "it is a directory";
    std::ifstream in;
    if (reason.empty()) {
        errno = 0;
        in.open(path, std::ios::binary);
        if (!in)
            reason = errno ? std::strerror(errno) : "it cannot be opened";
    }
    if (!reason.empty())
        throw CliError(ExitBadInput, "file",
            "cannot read " + what + " " + quoted(path.string()) + ": " + reason,
            {{"file", path.string()}});
    // Read in pieces up to the cap: /dev/zero or an endless pipe must not fill the memory.
    std::string text;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > maxBytes)
            throw CliError(ExitBadInput, "file",
                "cannot read " + what + " " + quoted(path.string()) + ": it is larger than "
                    + std::to_string(maxBytes >> 20) + " MB",
                {{"file", path.string()}});
    }
    return text;
}

nlohmann::json readJsonFile(const std::filesystem::path &path, const std::string &what)
{
    const std::string text = readTextFile(path, what);
    try {
        return util::parseJson(text);
    } catch (const nlohmann::json::parse_error &error) {
        // nlohmann's message starts with "[json.exception.parse_error.101] "; keep what follows.
        std::string reason = error.what();
        if (const auto pos = reason.find("] "); pos != std::string::npos)
            reason = reason.substr(pos + 2);
        throw CliError(ExitBadInput, "bad_json",
            what + " " + quoted(path.string()) + " is not valid JSON: " + reason,
            {{"file", path.string()}, {"byte", error.byte}});
    } catch (const util::JsonTooDeep &error) {
        throw CliError(ExitBadInput, "bad_json",
            what + " " + quoted(path.string()) + " is refused: " + error.what(),
            {{"file", path.string()}, {"byte", error.offset()}});
    }
}

std::string resolveAuthor(const std::optional<std::string> &flag)
{
    return flag && !flag->empty() ? *flag : util::defaultAuthor();
}

} // namespace ps::cli
