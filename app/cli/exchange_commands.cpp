#include "exchange_commands.h"

#include "io/dataset_export.h"
#include "io/prompt_exchange.h"
#include "prompt_inputs.h"
#include "run/target_calls.h"
#include "store/dataset_store.h"
#include "store/version_queries.h"
#include "template/template_error.h"
#include "util/atomic_file.h"

#include <memory>

namespace ps::cli {

using nlohmann::json;

namespace {

struct ExportArgs
{
    std::string ref;
    std::string format = "bundle";
    std::vector<std::string> datasets;
    std::vector<std::string> targets;
    std::vector<std::string> vars;
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

io::PromptFormat formatNamed(const std::string &name, const char *verb)
{
    if (const auto format = io::promptFormatFromName(name))
        return *format;
    std::string names;
    for (io::PromptFormat format : io::promptFormats())
        names += (names.empty() ? "" : ", ") + std::string(io::toString(format));
    throw CliError(ExitUsage, "usage",
        "--format " + name + ": Promptsmith " + verb + " " + names);
}

// The format's name in a sentence.
std::string formatTitle(io::PromptFormat format)
{
    switch (format) {
    case io::PromptFormat::Langfuse:
        return "Langfuse";
    case io::PromptFormat::Markdown:
        return "Markdown";
    case io::PromptFormat::Promptfoo:
        return "promptfoo";
    case io::PromptFormat::PromptYml:
        return ".prompt.yml";
    case io::PromptFormat::Prompty:
        return "Prompty";
    default:
        return io::toString(format);
    }
}

void runExport(const CliContext &ctx, const ExportArgs &args)
{
    io::ExportRequest request;
    request.ref = args.ref;
    request.format = formatNamed(args.format, "exports");
    request.datasets = args.datasets;
    request.targets = args.targets;
    request.values = readVariableValues(args.vars, {});
    const bool toFile = !args.output.empty() && args.output != "-";
    if (io::writesFolder(request.format) && !toFile)
        throw CliError(ExitUsage, "usage",
            "--format " + args.format + " writes a config and a prompt file beside it: name the folder with -o DIR");
    if (toFile)
        ctx.checkOutputPath(args.output);
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    io::ExportedFile file;
    try {
        file = io::exportPrompt(project, request);
    } catch (const io::ExchangeError &error) {
        throw CliError(ExitUsage, "usage", error.what());
    } catch (const tmpl::TemplateError &error) {
        throw CliError(ExitBadInput, "template", args.ref + ": " + error.what());
    } catch (const run::TargetCallError &error) {
        throw CliError(ExitBadInput, "target", error.what());
    }
    std::vector<std::string> written;
    if (toFile) {
        const io::ExportPaths paths = io::exportPaths(file, args.output);
        ctx.checkOutputPath(paths.main.string());
        for (const std::filesystem::path &path : paths.beside)
            ctx.checkOutputPath(path.string());
        try {
            io::writeExport(file, paths);
        } catch (const util::FileWriteError &error) {
            throw CliError(ExitBadInput, "io", error.what(), {{"file", args.output}});
        }
        written.push_back(paths.main.string());
        for (const std::filesystem::path &path : paths.beside)
            written.push_back(path.string());
    } else {
        ctx.print(file.text);
    }
    if (io::needsTarget(request.format))
        for (const std::string &note : file.lost)
            ctx.warn(note);
    else
        reportLost(ctx, file.lost, formatTitle(request.format));
    if (io::isOneVersion(request.format) && !io::needsTarget(request.format) && request.ref.find('@') == std::string::npos)
        ctx.warn("a " + formatTitle(request.format) + " file is about one version: " + file.promptName
            + "'s newest (name another as NAME@N)");
    if (!toFile)
        return;
    if (ctx.options.json)
        ctx.printJson({{"file", written.front()}, {"files", written}, {"format", args.format},
            {"prompt", file.promptName}, {"versions", file.versions}, {"datasets", file.datasets}, {"lost", file.lost}});
    else
        ctx.print("Wrote " + file.promptName + " (" + std::to_string(file.versions)
            + (file.versions == 1 ? " version" : " versions") + ") to " + written.front()
            + (written.size() > 1 ? " and " + std::to_string(written.size() - 1) + " file beside it" : "") + "\n");
}

std::string importText(const io::ImportedPrompt &prompt)
{
    int added = 0;
    for (const store::ImportedVersion &version : prompt.versions.versions)
        added += version.added ? 1 : 0;
    const int same = int(prompt.versions.versions.size()) - added;
    std::string text = (prompt.versions.promptCreated ? "Imported new prompt " : "Imported into ")
        + prompt.name + ": " + std::to_string(added) + (added == 1 ? " version added" : " versions added");
    if (same > 0)
        text += ", " + std::to_string(same) + " already here";
    text += ".\n";
    for (const store::ImportedVersion &version : prompt.versions.versions)
        if (version.added)
            text += "  v" + std::to_string(version.foreignNumber) + " → " + prompt.name + "@"
                + std::to_string(version.number) + "\n";
    for (const std::string &label : prompt.versions.labelsSet)
        text += "  label " + label + "\n";
    return text;
}

json importJson(const io::ImportedPrompt &prompt)
{
    json versions = json::array();
    for (const store::ImportedVersion &version : prompt.versions.versions)
        versions.push_back({{"from", version.foreignNumber}, {"number", version.number}, {"added", version.added}});
    return {{"prompt", prompt.name}, {"created", prompt.versions.promptCreated},
        {"versions", versions}, {"labels_set", prompt.versions.labelsSet},
        {"labels_kept", prompt.versions.labelsKept}};
}

void runImport(const CliContext &ctx, ImportArgs given)
{
    // A folder promptfoo's config is in stands for the config.
    if (std::error_code error; std::filesystem::is_directory(given.file, error)
        && std::filesystem::exists(std::filesystem::path(given.file) / "promptfooconfig.yaml", error))
        given.file = (std::filesystem::path(given.file) / "promptfooconfig.yaml").string();
    const ImportArgs &args = given;
    const std::string bytes = readTextFile(args.file, "import file");
    std::optional<io::PromptFormat> format;
    if (!args.format.empty())
        format = formatNamed(args.format, "imports");
    io::ImportFile file;
    try {
        file = io::readImportFile(bytes, format, args.file, resolveAuthor(std::nullopt), store::utcNow(),
            io::filesBeside(args.file));
    } catch (const io::ExchangeError &error) {
        throw CliError(ExitBadInput, "bad_import", quoted(args.file) + ": " + error.what(), {{"file", args.file}});
    }
    const std::vector<std::string> lost = file.lost;
    const std::vector<std::string> warnings = file.warnings;
    const io::PromptFormat chosen = file.format;
    store::Project project = ctx.openProject(store::ProjectAccess::Write);
    io::ImportResult result;
    try {
        result = io::applyImport(project, std::move(file), args.asName);
    } catch (const io::ExchangeError &error) {
        throw CliError(ExitUsage, "usage", std::string("--as: ") + error.what());
    }
    for (const std::string &item : lost)
        ctx.warn(item);
    for (const std::string &warning : warnings)
        ctx.warn(warning);
    for (const io::ImportedPrompt &prompt : result.prompts)
        for (const std::string &label : prompt.versions.labelsKept)
            ctx.warn("label " + label);
    if (ctx.options.json) {
        json document = result.prompts.size() == 1 ? importJson(result.prompts.front()) : json::object();
        if (result.prompts.size() != 1) {
            document["prompts"] = json::array();
            for (const io::ImportedPrompt &prompt : result.prompts)
                document["prompts"].push_back(importJson(prompt));
        }
        json datasets = json::array();
        for (const model::DatasetRecord &record : result.datasetsAdded)
            datasets.push_back({{"name", record.name}, {"revision", record.revision}, {"cases", record.caseCount}});
        document["datasets"] = datasets;
        document["datasets_unchanged"] = result.datasetsUnchanged;
        document["format"] = io::toString(chosen);
        document["lost"] = lost;
        document["warnings"] = warnings;
        ctx.printJson(document);
        return;
    }
    std::string text;
    for (const io::ImportedPrompt &prompt : result.prompts)
        text += importText(prompt);
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
    exportCmd->add_option("--format", exportArgs->format, "bundle (the default), promptfoo, langfuse, markdown or openai-request");
    exportCmd->add_option("--target", exportArgs->targets, "promptfoo: a provider (repeatable); openai-request: the target whose request body is written");
    exportCmd->add_option("--var", exportArgs->vars, "openai-request: a variable's value, NAME=VALUE (repeatable)");
    exportCmd->add_option("--dataset", exportArgs->datasets, "bundle: carry this dataset too (repeatable); promptfoo: its tests");
    exportCmd->add_option("-o,--output", exportArgs->output, "The file to write (default: stdout); promptfoo: the folder");
    onChosen(exportCmd, action, [&ctx, exportArgs] { runExport(ctx, *exportArgs); });

    auto importArgs = std::make_shared<ImportArgs>();
    CLI::App *importCmd = app.add_subcommand("import", "Add the versions (and datasets) of a file; nothing here is changed");
    importCmd->add_option("FILE", importArgs->file, "A bundle, a promptfoo config, a .prompt.yml, Langfuse's prompt list or a Markdown page")->required();
    importCmd->add_option("--format", importArgs->format, "bundle, promptfoo, prompt-yml, langfuse or markdown (default: read from the file)");
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
