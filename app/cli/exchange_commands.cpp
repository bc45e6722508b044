#include "exchange_commands.h"

#include "exchange/dataset_export.h"
#include "exchange/prompt_bundle.h"
#include "store/dataset_store.h"

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

void runExport(const CliContext &ctx, const ExportArgs &args)
{
    if (args.format != "bundle")
        throw CliError(ExitUsage, "usage",
            "--format " + args.format + ": this Promptsmith exports bundle (other formats are to come)");
    if (!args.output.empty() && args.output != "-")
        ctx.checkOutputPath(args.output);
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    exchange::BundleRequest request;
    request.datasets = args.datasets;
    if (args.ref.find('@') == std::string::npos) {
        request.promptName = args.ref;
    } else {
        const model::VersionRecord version = project.resolve(args.ref);
        request.promptName = version.promptName;
        request.onlyVersion = version.number;
    }
    const nlohmann::ordered_json bundle = exchange::writeBundle(project, request);
    const std::string text = bundle.dump(2) + "\n";
    emit(ctx, args.output, text);
    if (!args.output.empty() && args.output != "-") {
        const std::size_t versions = bundle["versions"].size();
        if (ctx.options.json)
            ctx.printJson({{"file", args.output}, {"format", "bundle"}, {"prompt", request.promptName},
                {"versions", versions}, {"datasets", bundle["datasets"].size()}, {"lost", json::array()}});
        else
            ctx.print("Wrote " + request.promptName + " (" + std::to_string(versions)
                + (versions == 1 ? " version" : " versions") + ") to " + args.output + "\n");
    }
}

void runImport(const CliContext &ctx, const ImportArgs &args)
{
    if (!args.format.empty() && args.format != "bundle")
        throw CliError(ExitUsage, "usage",
            "--format " + args.format + ": this Promptsmith imports bundle (other formats are to come)");
    const json document = readJsonFile(args.file, "bundle");
    exchange::PromptBundle bundle;
    try {
        bundle = exchange::readBundle(document);
    } catch (const exchange::BundleError &error) {
        throw CliError(ExitBadInput, "bad_bundle", quoted(args.file) + ": " + error.what(),
            {{"file", args.file}});
    }
    store::Project project = ctx.openProject(store::ProjectAccess::Write);
    const exchange::BundleImport result = exchange::importBundle(project, std::move(bundle), args.asName);
    const std::string prompt = args.asName ? *args.asName : document["prompt"].value("name", std::string());

    int added = 0;
    for (const store::ImportedVersion &version : result.versions.versions)
        added += version.added ? 1 : 0;
    const int same = int(result.versions.versions.size()) - added;
    for (const std::string &warning : result.warnings)
        ctx.warn(warning);
    for (const std::string &label : result.versions.labelsKept)
        ctx.warn("label " + label);
    if (ctx.options.json) {
        json versions = json::array();
        for (const store::ImportedVersion &version : result.versions.versions)
            versions.push_back({{"from", version.foreignNumber}, {"number", version.number}, {"added", version.added}});
        json datasets = json::array();
        for (const model::DatasetRecord &record : result.datasetsAdded)
            datasets.push_back({{"name", record.name}, {"revision", record.revision}, {"cases", record.caseCount}});
        ctx.printJson({{"prompt", prompt}, {"created", result.versions.promptCreated},
            {"versions", versions}, {"labels_set", result.versions.labelsSet},
            {"labels_kept", result.versions.labelsKept}, {"datasets", datasets},
            {"datasets_unchanged", result.datasetsUnchanged}, {"lost", json::array()},
            {"warnings", result.warnings}});
        return;
    }
    std::string text = (result.versions.promptCreated ? "Imported new prompt " : "Imported into ") + prompt
        + ": " + std::to_string(added) + (added == 1 ? " version added" : " versions added");
    if (same > 0)
        text += ", " + std::to_string(same) + (same == 1 ? " already here" : " already here");
    text += ".\n";
    for (const store::ImportedVersion &version : result.versions.versions)
        if (version.added)
            text += "  v" + std::to_string(version.foreignNumber) + " → " + prompt + "@"
                + std::to_string(version.number) + "\n";
    for (const std::string &label : result.versions.labelsSet)
        text += "  label " + label + "\n";
    for (const model::DatasetRecord &record : result.datasetsAdded)
        text += "  dataset " + record.name + " r" + std::to_string(record.revision) + " ("
            + std::to_string(record.caseCount) + (record.caseCount == 1 ? " case)\n" : " cases)\n");
    for (const std::string &name : result.datasetsUnchanged)
        text += "  dataset " + name + " unchanged\n";
    ctx.print(text);
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
    const exchange::DatasetFile file
        = format == "csv" ? exchange::datasetAsCsv(cases) : exchange::datasetAsJsonl(cases);
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
    exportCmd->add_option("--format", exportArgs->format, "bundle (the default)");
    exportCmd->add_option("--dataset", exportArgs->datasets, "Carry this dataset too (repeatable)");
    exportCmd->add_option("-o,--output", exportArgs->output, "The file to write (default: stdout)");
    onChosen(exportCmd, action, [&ctx, exportArgs] { runExport(ctx, *exportArgs); });

    auto importArgs = std::make_shared<ImportArgs>();
    CLI::App *importCmd = app.add_subcommand("import", "Add the versions (and datasets) of a file; nothing here is changed");
    importCmd->add_option("FILE", importArgs->file, "A bundle")->required();
    importCmd->add_option("--format", importArgs->format, "bundle (read from the file)");
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
