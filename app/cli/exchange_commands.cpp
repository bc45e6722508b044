#include "exchange_commands.h"

#include "io/dataset_export.h"
#include "io/langfuse_format.h"
#include "io/prompt_bundle.h"
#include "store/dataset_store.h"
#include "store/version_queries.h"
#include "template/template_error.h"

#include <memory>

namespace ps::cli {

using nlohmann::json;

namespace {

struct ExportArgs
{
    std::string ref;
    std::string format = "bundle";
    std::vector<std::string> datasets;
    std::string output;
};

struct ImportArgs
{
    std::string file;
    std::string format;
    std::optional<std::string> asName;
};

struct DatasetExportArgs
{
    std::string name;
    std::string format;
    std::string output;
};

// The file on -o (whole or not at all), else stdout.
void emit(const CliContext &ctx, const std::string &output, const std::string &text)
{
    if (output.empty() || output == "-")
        ctx.print(text);
    else
        ctx.writeOutputFile(output, text);
}

void reportLost(const CliContext &ctx, const std::vector<std::string> &lost, const std::string &format)
{
    for (const std::string &item : lost)
        ctx.warn(format + " cannot carry " + item);
}

// The versions REF names: NAME is every version, NAME@N|LABEL|HASH one.
std::vector<model::VersionRecord> versionsOf(const store::Project &project, const std::string &ref,
    std::string &promptName, std::optional<int> &onlyVersion)
{
    if (ref.find('@') == std::string::npos) {
        promptName = ref;
        return project.listVersions(ref);
    }
    model::VersionRecord version = project.resolve(ref);
    promptName = version.promptName;
    onlyVersion = version.number;
    return {std::move(version)};
}

void runExport(const CliContext &ctx, const ExportArgs &args)
{
    if (args.format != "bundle" && args.format != "langfuse")
        throw CliError(ExitUsage, "usage",
            "--format " + args.format + ": this Promptsmith exports bundle and langfuse (the other formats are to come)");
    if (args.format != "bundle" && !args.datasets.empty())
        throw CliError(ExitUsage, "usage", "--dataset goes with --format bundle; use `dataset export` for the others");
    const bool toFile = !args.output.empty() && args.output != "-";
    if (toFile)
        ctx.checkOutputPath(args.output);
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    std::string promptName;
    std::optional<int> onlyVersion;
    const std::vector<model::VersionRecord> versions = versionsOf(project, args.ref, promptName, onlyVersion);

    std::string text;
    std::vector<std::string> lost;
    std::size_t datasets = 0;
    if (args.format == "bundle") {
        io::BundleRequest request {promptName, onlyVersion, args.datasets};
        const nlohmann::ordered_json bundle = io::writeBundle(project, request);
        datasets = bundle["datasets"].size();
        text = bundle.dump(2) + "\n";
    } else {
        try {
            io::LangfuseExport items = io::langfuseItems(*project.findPrompt(promptName), versions);
            text = items.items.dump(2) + "\n";
            lost = std::move(items.lost);
        } catch (const tmpl::TemplateError &error) {
            throw CliError(ExitBadInput, "template", promptName + ": " + error.what());
        }
    }
    emit(ctx, args.output, text);
    reportLost(ctx, lost, args.format == "langfuse" ? "Langfuse" : args.format);
    if (!toFile)
        return;
    if (ctx.options.json)
        ctx.printJson({{"file", args.output}, {"format", args.format}, {"prompt", promptName},
            {"versions", versions.size()}, {"datasets", datasets}, {"lost", lost}});
    else
        ctx.print("Wrote " + promptName + " (" + std::to_string(versions.size())
            + (versions.size() == 1 ? " version" : " versions") + ") to " + args.output + "\n");
}

struct ImportOutcome
{
    std::string prompt;
    store::VersionImportResult versions;
};

std::string importText(const ImportOutcome &outcome)
{
    int added = 0;
    for (const store::ImportedVersion &version : outcome.versions.versions)
        added += version.added ? 1 : 0;
    const int same = int(outcome.versions.versions.size()) - added;
    std::string text = (outcome.versions.promptCreated ? "Imported new prompt " : "Imported into ")
        + outcome.prompt + ": " + std::to_string(added) + (added == 1 ? " version added" : " versions added");
    if (same > 0)
        text += ", " + std::to_string(same) + " already here";
    text += ".\n";
    for (const store::ImportedVersion &version : outcome.versions.versions)
        if (version.added)
            text += "  v" + std::to_string(version.foreignNumber) + " → " + outcome.prompt + "@"
                + std::to_string(version.number) + "\n";
    for (const std::string &label : outcome.versions.labelsSet)
        text += "  label " + label + "\n";
    return text;
}

json importJson(const ImportOutcome &outcome)
{
    json versions = json::array();
    for (const store::ImportedVersion &version : outcome.versions.versions)
        versions.push_back({{"from", version.foreignNumber}, {"number", version.number}, {"added", version.added}});
    return {{"prompt", outcome.prompt}, {"created", outcome.versions.promptCreated},
        {"versions", versions}, {"labels_set", outcome.versions.labelsSet},
        {"labels_kept", outcome.versions.labelsKept}};
}

std::string formatOf(const ImportArgs &args, const json &document)
{
    if (!args.format.empty()) {
        if (args.format != "bundle" && args.format != "langfuse")
            throw CliError(ExitUsage, "usage",
                "--format " + args.format + ": this Promptsmith imports bundle and langfuse (the other formats are to come)");
        return args.format;
    }
    if (io::isBundle(document))
        return "bundle";
    if (io::isLangfuseDocument(document))
        return "langfuse";
    throw CliError(ExitBadInput, "unknown_format",
        quoted(args.file) + " is neither a Promptsmith bundle nor Langfuse's prompt list; name its --format",
        {{"file", args.file}});
}

void runImport(const CliContext &ctx, const ImportArgs &args)
{
    const json document = readJsonFile(args.file, "import file");
    const std::string format = formatOf(args, document);
    std::vector<ImportOutcome> outcomes;
    std::vector<std::string> warnings;
    json extra = json::object();
    std::string tail;
    if (format == "bundle") {
        io::PromptBundle bundle;
        try {
            bundle = io::readBundle(document);
        } catch (const io::BundleError &error) {
            throw CliError(ExitBadInput, "bad_bundle", quoted(args.file) + ": " + error.what(),
                {{"file", args.file}});
        }
        store::Project project = ctx.openProject(store::ProjectAccess::Write);
        const std::string prompt = args.asName ? *args.asName : bundle.prompt.promptName;
        io::BundleImport result = io::importBundle(project, std::move(bundle), args.asName);
        outcomes.push_back({prompt, result.versions});
        warnings = result.warnings;
        json datasets = json::array();
        for (const model::DatasetRecord &record : result.datasetsAdded) {
            datasets.push_back({{"name", record.name}, {"revision", record.revision}, {"cases", record.caseCount}});
            tail += "  dataset " + record.name + " r" + std::to_string(record.revision) + " ("
                + std::to_string(record.caseCount) + (record.caseCount == 1 ? " case)\n" : " cases)\n");
        }
        for (const std::string &name : result.datasetsUnchanged)
            tail += "  dataset " + name + " unchanged\n";
        extra = {{"datasets", datasets}, {"datasets_unchanged", result.datasetsUnchanged}};
    } else {
        io::LangfuseImport items;
        try {
            items = io::readLangfuseItems(document, resolveAuthor(std::nullopt), store::utcNow());
        } catch (const std::invalid_argument &error) {
            throw CliError(ExitBadInput, "bad_import", quoted(args.file) + " " + error.what(), {{"file", args.file}});
        }
        if (args.asName && items.prompts.size() != 1)
            throw CliError(ExitUsage, "usage", "--as names one prompt, and the file holds "
                + std::to_string(items.prompts.size()));
        store::Project project = ctx.openProject(store::ProjectAccess::Write);
        for (store::VersionImportRequest &request : items.prompts) {
            if (args.asName)
                request.promptName = *args.asName;
            outcomes.push_back({request.promptName, store::importVersions(project, request)});
        }
        warnings = std::move(items.lost);
    }
    for (const std::string &warning : warnings)
        ctx.warn(warning);
    for (const ImportOutcome &outcome : outcomes)
        for (const std::string &label : outcome.versions.labelsKept)
            ctx.warn("label " + label);
    if (ctx.options.json) {
        json document = outcomes.size() == 1 ? importJson(outcomes.front()) : json::object();
        if (outcomes.size() != 1) {
            document["prompts"] = json::array();
            for (const ImportOutcome &outcome : outcomes)
                document["prompts"].push_back(importJson(outcome));
        }
        document.update(extra);
        document["format"] = format;
        document["lost"] = format == "bundle" ? json::array() : json(warnings);
        document["warnings"] = format == "bundle" ? json(warnings) : json::array();
        ctx.printJson(document);
        return;
    }
    std::string text;
    for (const ImportOutcome &outcome : outcomes)
        text += importText(outcome);
    ctx.print(text + tail);
}

void runDatasetExport(const CliContext &ctx, const DatasetExportArgs &args)
{
    std::string format = args.format;
    if (format.empty())
        format = args.output.size() > 4 && args.output.ends_with(".csv") ? "csv" : "jsonl";
    if (format != "jsonl" && format != "csv")
        throw CliError(ExitUsage, "usage", "--format " + format + ": use jsonl or csv");
    if (!args.output.empty() && args.output != "-")
        ctx.checkOutputPath(args.output);
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const store::DatasetStore store(project);
    const model::DatasetRecord record = store.latest(args.name);
    const std::vector<eval::DatasetCase> cases = store.cases(record.id);
    const io::DatasetFile file
        = format == "csv" ? io::datasetAsCsv(cases) : io::datasetAsJsonl(cases);
    emit(ctx, args.output, file.text);
    reportLost(ctx, file.lost, "CSV");
    if (!args.output.empty() && args.output != "-") {
        if (ctx.options.json)
            ctx.printJson({{"file", args.output}, {"format", format}, {"dataset", record.name},
                {"revision", record.revision}, {"cases", cases.size()}, {"lost", file.lost}});
        else
            ctx.print("Wrote " + std::to_string(cases.size()) + (cases.size() == 1 ? " case" : " cases")
                + " of " + record.name + " r" + std::to_string(record.revision) + " to " + args.output
                + (file.lost.empty() ? "\n" : " (what CSV could not carry is listed above)\n"));
    }
}

} // namespace

void addExchangeCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    auto exportArgs = std::make_shared<ExportArgs>();
    CLI::App *exportCmd = app.add_subcommand("export", "Write a prompt (every version) or one version as a file");
    exportCmd->add_option("REF", exportArgs->ref, "NAME (every version and label) or NAME@N|LABEL")->required();
    exportCmd->add_option("--format", exportArgs->format, "bundle (the default) or langfuse");
    exportCmd->add_option("--dataset", exportArgs->datasets, "Carry this dataset too (repeatable)");
    exportCmd->add_option("-o,--output", exportArgs->output, "The file to write (default: stdout)");
    onChosen(exportCmd, action, [&ctx, exportArgs] { runExport(ctx, *exportArgs); });

    auto importArgs = std::make_shared<ImportArgs>();
    CLI::App *importCmd = app.add_subcommand("import", "Add the versions (and datasets) of a file; nothing here is changed");
    importCmd->add_option("FILE", importArgs->file, "A bundle or Langfuse's prompt list")->required();
    importCmd->add_option("--format", importArgs->format, "bundle or langfuse (default: read from the file)");
    importCmd->add_option("--as", importArgs->asName, "Import into this prompt name");
    onChosen(importCmd, action, [&ctx, importArgs] { runImport(ctx, *importArgs); });

    auto datasetArgs = std::make_shared<DatasetExportArgs>();
    CLI::App *datasetExport = app.get_subcommand("dataset")->add_subcommand(
        "export", "Write a dataset's newest revision as JSONL or CSV");
    datasetExport->add_option("NAME", datasetArgs->name, "The dataset")->required();
    datasetExport->add_option("--format", datasetArgs->format, "jsonl or csv (default: from -o, else jsonl)");
    datasetExport->add_option("-o,--output", datasetArgs->output, "The file to write (default: stdout)");
    onChosen(datasetExport, action, [&ctx, datasetArgs] { runDatasetExport(ctx, *datasetArgs); });
}

} // namespace ps::cli
