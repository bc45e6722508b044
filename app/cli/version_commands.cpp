// version save/list/show/diff and label set.

#include "cli_format.h"
#include "commands.h"

#include "diff/version_diff.h"
#include "model/version_content.h"
#include "store/image_store.h"
#include "store/store_error.h"

#include <algorithm>

namespace ps::cli {

namespace {

void requirePrompt(const CliContext &ctx, const store::Project &project, const std::string &name)
{
    if (!project.findPrompt(name))
        throw CliError(ExitBadInput, "not_found",
            "no prompt " + quoted(name) + " in " + quoted(ctx.options.projectPath)
                + " (add it with `promptsmith-cli prompt add " + name + "`)");
}

bool allDigits(const std::string &text)
{
    return !text.empty()
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// --parent takes a REF of the same prompt; a bare number is short for NAME@N.
int resolveParent(
    const store::Project &project, const std::string &promptName, const std::string &ref)
{
    const model::VersionRecord parent
        = project.resolve(allDigits(ref) ? promptName + "@" + ref : ref);
    if (parent.promptName != promptName)
        throw CliError(ExitBadInput, "bad_reference",
            "--parent " + quoted(ref) + " is a version of " + quoted(parent.promptName)
                + ", not of " + quoted(promptName));
    return parent.number;
}

// Images given by file ({"path": "cat.png"}, relative to the content file) are stored in the
// project and named by their hash, as the version keeps them.
void storeImageFiles(nlohmann::json &content, const std::string &file, store::Project &project)
{
    if (!content.is_object())
        return;
    store::ImageStore images(project);
    const std::filesystem::path folder = std::filesystem::path(file).parent_path();
    for (const char *list : {"messages", "examples"}) { // the messages' images, and the examples'
        if (!content.contains(list) || !content[list].is_array())
            continue;
        nlohmann::json &items = content[list];
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!items[i].is_object() || !items[i].contains("images"))
                continue;
            try {
                items[i]["images"] = store::storeImageEntries(
                    items[i]["images"], folder, images, std::string(list) + "[" + std::to_string(i) + "].images");
            } catch (const store::StoreError &error) {
                throw CliError(ExitBadInput, "content", error.what());
            }
        }
    }
}

model::VersionContent readContent(const std::string &file, store::Project *project = nullptr)
{
    nlohmann::json json = readJsonFile(file, "version content");
    if (project)
        storeImageFiles(json, file, *project);
    try {
        return model::VersionContent::fromJson(json);
    } catch (const model::ContentError &error) {
        throw CliError(ExitBadInput, "content",
            "version content " + quoted(file) + " is invalid: " + error.what(),
            {{"file", file}, {"field", error.path()}});
    }
}

std::string paramsText(const nlohmann::json &params)
{
    std::vector<std::string> parts;
    for (const auto &[key, value] : params.items()) {
        const bool unset = value.is_null() || (value.is_array() && value.empty())
            || (value.is_object() && value.empty());
        if (!unset)
            parts.push_back(key + " " + value.dump());
    }
    return parts.empty() ? "(provider defaults)" : joined(parts, ", ");
}

std::string showText(const model::VersionRecord &version)
{
    const nlohmann::json content = version.content.toJson();
    TextTable header;
    header.addRow({"version", versionRef(version)});
    header.addRow({"hash", version.hash});
    header.addRow({"labels", joined(version.labels, ", ")});
    header.addRow(
        {"parent", version.parentNumber ? "v" + std::to_string(*version.parentNumber) : ""});
    header.addRow({"author", version.author});
    header.addRow({"created", shortTimestamp(version.created)});
    header.addRow({"message", version.message});
    std::string text = header.toString();

    for (const auto &message : version.content.messages) {
        text += "\n[" + message.role + "]\n" + message.content + "\n";
        if (!message.toolCallId.empty())
            text += "(answers tool call " + message.toolCallId + ")\n";
        if (!message.toolCalls.empty())
            text += "(tool calls " + message.toolCalls.dump() + ")\n";
    }
    text += "\nparams  " + paramsText(content.value("params", nlohmann::json::object())) + "\n";
    if (!version.content.variables.empty()) {
        text += "\nvariables\n";
        TextTable vars;
        for (const auto &variable : version.content.variables) {
            std::string defaultValue = variable.defaultValue;
            if (defaultValue.size() > 40 || defaultValue.find('\n') != std::string::npos)
                defaultValue = "(" + std::to_string(defaultValue.size()) + " characters)";
            else
                defaultValue = nlohmann::json(defaultValue).dump();
            vars.addRow({"  " + variable.name, "default " + defaultValue, variable.description});
        }
        text += vars.toString();
    }
    if (!version.content.examples.empty()) {
        text += "\nexamples (" + std::string(model::toString(version.content.examplesMode)) + ")\n";
        int index = 1;
        for (const auto &example : version.content.examples) {
            text += "  " + std::to_string(index++) + ". " + example.input.dump() + " -> "
                + example.output + (example.enabled ? "" : "  (disabled)") + "\n";
        }
    }
    return text;
}

} // namespace

void runVersionSave(const CliContext &ctx, const VersionSaveArgs &args)
{
    store::Project project = ctx.openProject();
    requirePrompt(ctx, project, args.name);

    store::SaveRequest request;
    request.promptName = args.name;
    request.content = readContent(args.fromFile, &project);
    request.message = args.message;
    request.author = resolveAuthor(args.author);
    if (args.parent)
        request.parentNumber = resolveParent(project, args.name, *args.parent);

    const store::SaveResult result = project.saveVersion(request);
    if (ctx.options.json) {
        nlohmann::json doc = versionSummaryJson(result.version);
        doc["prompt"] = result.version.promptName;
        doc["created"] = result.created;
        ctx.printJson(doc);
        return;
    }
    if (result.created)
        ctx.print(
            "Saved " + versionRef(result.version) + " (" + shortHash(result.version.hash) + ").\n");
    else
        ctx.print("No change: the content is identical to " + versionRef(result.version)
            + ", so no new version was saved.\n");
}

void runVersionList(const CliContext &ctx, const std::string &name)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    requirePrompt(ctx, project, name);
    const std::vector<model::VersionRecord> versions = project.listVersions(name, false);
    if (ctx.options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto &version : versions)
            list.push_back(versionSummaryJson(version));
        ctx.printJson({{"versions", list}});
        return;
    }
    if (versions.empty()) {
        ctx.print("No versions of " + quoted(name) + " yet.\n");
        return;
    }
    TextTable table;
    for (const auto &version : versions) {
        table.addRow({"v" + std::to_string(version.number), shortHash(version.hash),
            joined(version.labels, ","),
            version.message.empty() ? "" : "\"" + version.message + "\"", version.author,
            shortTimestamp(version.created)});
    }
    ctx.print(table.toString());
}

void runVersionShow(const CliContext &ctx, const std::string &ref)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const model::VersionRecord version = project.resolve(ref);
    if (ctx.options.json) {
        nlohmann::json doc = versionSummaryJson(version);
        doc["prompt"] = version.promptName;
        doc["content"] = version.content.toJson();
        ctx.printJson(doc);
        return;
    }
    ctx.print(showText(version));
}

void runVersionDiff(const CliContext &ctx, const std::string &refA, const std::string &refB)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const model::VersionRecord from = project.resolve(refA);
    const model::VersionRecord to = project.resolve(refB);
    const diff::VersionDiff difference = diff::diffVersions(from.content, to.content);
    if (ctx.options.json) {
        nlohmann::json doc = difference.toJson();
        doc["from"] = versionRef(from);
        doc["to"] = versionRef(to);
        ctx.printJson(doc);
        return;
    }
    if (difference.identical()) {
        ctx.print(versionRef(from) + " and " + versionRef(to) + " have identical content.\n");
        return;
    }
    std::string text = "--- " + versionRef(from) + " (" + shortHash(from.hash) + ")\n+++ "
        + versionRef(to) + " (" + shortHash(to.hash) + ")\n" + difference.toText();
    if (!text.empty() && text.back() != '\n')
        text += '\n';
    ctx.print(text);
}

void runLabelSet(const CliContext &ctx, const LabelSetArgs &args)
{
    store::Project project = ctx.openProject();
    requirePrompt(ctx, project, args.name);
    std::optional<int> previous;
    for (const auto &version : project.listVersions(args.name, false)) {
        if (std::find(version.labels.begin(), version.labels.end(), args.label)
            != version.labels.end())
            previous = version.number;
    }
    project.setLabel(args.name, args.label, args.number);
    if (ctx.options.json) {
        ctx.printJson({{"prompt", args.name}, {"label", args.label}, {"number", args.number},
            {"previous", previous ? nlohmann::json(*previous) : nlohmann::json()}});
        return;
    }
    const std::string target = args.name + "@" + std::to_string(args.number);
    if (previous && *previous != args.number)
        ctx.print("Moved label " + quoted(args.label) + " from v" + std::to_string(*previous)
            + " to " + target + ".\n");
    else
        ctx.print("Label " + quoted(args.label) + " now points at " + target + ".\n");
}

} // namespace ps::cli
