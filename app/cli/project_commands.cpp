// init, info and the prompt commands.

#include "cli_format.h"
#include "commands.h"

#include "demo/demo_project.h"
#include "store/dataset_store.h"

#include <filesystem>
#include <optional>

namespace ps::cli {

namespace {

nlohmann::json infoJson(const store::ProjectInfo &info)
{
    return {
        {"path", info.path},
        {"schema_version", info.schemaVersion},
        {"prompts", info.prompts},
        {"versions", info.versions},
        {"labels", info.labels},
        {"drafts", info.drafts},
    };
}

// A half-filled demo is worse than none: remove the file and SQLite's companions.
void removeProjectFiles(const std::filesystem::path &path)
{
    std::error_code ec;
    for (const char *suffix : {"", "-journal", "-wal", "-shm"})
        std::filesystem::remove(path.string() + suffix, ec);
}

} // namespace

void runInit(const CliContext &ctx, const InitArgs &args)
{
    const std::filesystem::path path(args.file);
    std::error_code ec;
    if (std::filesystem::exists(path, ec) || std::filesystem::is_symlink(path, ec))
        throw CliError(ExitBadInput, "already_exists",
            quoted(args.file) + " already exists; init never overwrites a file",
            {{"file", args.file}});

    std::optional<store::Project> project(store::Project::create(path));
    store::ProjectInfo info;
    std::vector<model::DatasetRecord> datasets;
    try {
        if (args.demo)
            demo::populateDemoProject(*project);
        info = project->info();
        datasets = store::DatasetStore(*project).list();
    } catch (...) {
        project.reset(); // closed before its files are removed
        removeProjectFiles(path);
        throw;
    }
    project.reset();

    if (ctx.options.json) {
        nlohmann::json doc = infoJson(info);
        doc["demo"] = args.demo;
        ctx.printJson(doc);
        return;
    }
    std::string text = "Created project " + quoted(args.file);
    if (args.demo) {
        text += " with " + std::to_string(info.prompts) + " sample prompts and "
            + std::to_string(info.versions) + " versions";
        for (const model::DatasetRecord &dataset : datasets)
            text += ", the dataset " + quoted(dataset.name) + " ("
                + std::to_string(dataset.caseCount) + " cases)";
    }
    ctx.print(text + ".\n");
}

void runCopy(const CliContext &ctx, const std::string &destination)
{
    ctx.checkOutputPath(destination);
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    project.copyTo(destination);
    if (ctx.options.json)
        ctx.printJson({{"copy", destination}});
    else
        ctx.print("Wrote a copy of " + project.path().string() + " to " + destination
            + " (complete and consistent, even while the project is in use)\n");
}

void runInfo(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const store::ProjectInfo info = project.info();
    if (ctx.options.json) {
        ctx.printJson(infoJson(info));
        return;
    }
    TextTable table;
    table.addRow({"path", info.path});
    table.addRow({"schema version", std::to_string(info.schemaVersion)});
    table.addRow({"prompts", std::to_string(info.prompts)});
    table.addRow({"versions", std::to_string(info.versions)});
    table.addRow({"labels", std::to_string(info.labels)});
    table.addRow({"drafts", std::to_string(info.drafts)});
    ctx.print(table.toString());
}

void runPromptAdd(const CliContext &ctx, const PromptAddArgs &args)
{
    store::Project project = ctx.openProject();
    const model::PromptRecord prompt = project.addPrompt(args.name, args.description, args.tags);
    if (ctx.options.json) {
        ctx.printJson(promptJson(prompt));
        return;
    }
    ctx.print("Added prompt " + quoted(prompt.name) + ".\n");
}

void runPromptList(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const std::vector<model::PromptRecord> prompts = project.listPrompts();
    if (ctx.options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &prompt : prompts)
            list.push_back(promptJson(prompt));
        ctx.printJson({{"prompts", list}});
        return;
    }
    if (prompts.empty()) {
        ctx.print("No prompts yet; add one with `promptsmith-cli prompt add NAME`.\n");
        return;
    }
    TextTable table;
    for (const auto &prompt : prompts) {
        const std::string count = std::to_string(prompt.versionCount)
            + (prompt.versionCount == 1 ? " version" : " versions");
        table.addRow({prompt.name, count, prompt.description});
    }
    ctx.print(table.toString());
}

void runPromptRename(const CliContext &ctx, const std::string &name, const std::string &newName)
{
    store::Project project = ctx.openProject();
    project.renamePrompt(name, newName);
    const auto prompt = project.findPrompt(newName);
    if (ctx.options.json) {
        ctx.printJson({{"renamed", name}, {"prompt", promptJson(*prompt)}});
        return;
    }
    ctx.print("Renamed prompt " + quoted(name) + " to " + quoted(newName) + ".\n");
}

void runPromptCopy(const CliContext &ctx, const PromptCopyArgs &args)
{
    store::Project project = ctx.openProject();
    const model::PromptRecord copy
        = project.copyPrompt(args.name, args.newName, resolveAuthor(args.author));
    if (ctx.options.json) {
        ctx.printJson({{"copied", args.name}, {"prompt", promptJson(copy)}});
        return;
    }
    ctx.print(copy.versionCount > 0
            ? "Copied the newest version of " + quoted(args.name) + " as " + quoted(copy.name)
                + " v1.\n"
            : "Added prompt " + quoted(copy.name) + " (" + quoted(args.name)
                + " has no version to copy).\n");
}

void runPromptRemove(const CliContext &ctx, const std::string &name, bool force)
{
    store::Project project = ctx.openProject();
    const store::RemovedPrompt removed = project.removePrompt(name, force);
    if (ctx.options.json) {
        ctx.printJson({{"removed", removed.name}, {"versions", removed.versions},
            {"labels", removed.labels}});
        return;
    }
    std::string text = "Removed prompt " + quoted(removed.name) + ".";
    if (!removed.labels.empty()) {
        std::string list;
        for (const std::string &label : removed.labels)
            list += (list.empty() ? "" : ", ") + label;
        text += " Removed with it: " + list + ".";
    }
    if (removed.versions > 0)
        text += " Its " + std::to_string(removed.versions)
            + (removed.versions == 1 ? " version stays" : " versions stay")
            + " in the file with its runs; the name is free again.";
    ctx.print(text + "\n");
}

} // namespace ps::cli
