#include "finetune_commands.h"

#include "finetune/finetune_check.h"
#include "finetune/finetune_export.h"

#include <memory>
#include <sstream>
#include <stdexcept>

namespace ps::cli {

using nlohmann::json;

namespace {

struct FinetuneArgs
{
    std::string format;
    std::string prompt;
    std::vector<std::string> from;
    std::string output;
    std::string file;
    long long tokenLimit = 4096;
};

finetune::FinetuneFormat formatOf(const std::string &name)
{
    const auto format = finetune::formatFromName(name);
    if (!format)
        throw CliError(ExitUsage, "usage", "--format " + name + ": use openai-sft or openai-dpo");
    return *format;
}

int summaryExit(const finetune::CheckReport &check)
{
    return check.ok() ? ExitOk : ExitBadInput;
}

int runCheck(const CliContext &ctx, const FinetuneArgs &args)
{
    const std::string text = readTextFile(args.file, "fine-tuning data", kMaxDatasetFileBytes);
    const finetune::FinetuneFormat format
        = args.format.empty() ? finetune::detectFormat(text) : formatOf(args.format);
    finetune::CheckOptions options;
    options.tokenLimit = args.tokenLimit;
    const finetune::CheckReport check = finetune::checkJsonl(text, format, options);
    if (ctx.options.json) {
        json document = check.toJson();
        document["file"] = args.file;
        ctx.printJson(document);
    } else {
        ctx.print(check.toText());
    }
    if (!check.ok())
        ctx.warn(quoted(args.file) + " fails " + std::to_string(check.errors.size())
            + " of OpenAI's checks, on the lines listed.");
    return summaryExit(check);
}

int runExport(const CliContext &ctx, const FinetuneArgs &args)
{
    ctx.checkOutputPath(args.output);
    finetune::ExportRequest request;
    request.format = formatOf(args.format);
    request.prompt = args.prompt;
    for (const std::string &list : args.from) {
        std::stringstream parts(list);
        for (std::string source; std::getline(parts, source, ',');)
            if (!source.empty())
                request.sources.insert(source);
    }
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    finetune::ExportResult result;
    try {
        finetune::sourcesFor(request.format, request.sources);
        result = finetune::writeExport(project, request, args.output);
    } catch (const std::invalid_argument &error) {
        throw CliError(ExitBadInput, "finetune", error.what());
    }
    if (ctx.options.json) {
        json document = result.check.toJson();
        json files = json::array();
        for (const auto &file : result.files)
            files.push_back(file.string());
        json sources = json::array();
        for (const finetune::ExportedExample &example : result.plan.examples)
            sources.push_back(example.source);
        document["files"] = files;
        document["sources"] = sources;
        document["skipped"] = result.plan.skipped;
        ctx.printJson(document);
    } else {
        ctx.print("Wrote " + std::to_string(result.plan.examples.size()) + " examples to "
            + (std::filesystem::path(args.output) / "train.jsonl").string()
            + ", with README.md and taxonomy.md beside it.\n\n" + result.check.toText());
    }
    for (const std::string &skipped : result.plan.skipped)
        ctx.warn("left out: " + skipped);
    return summaryExit(result.check);
}

} // namespace

void addFinetuneCommands(CLI::App &app, CliContext &ctx, Action &action, int &exitCode)
{
    auto args = std::make_shared<FinetuneArgs>();
    CLI::App *finetuneCmd = app.add_subcommand("finetune", "Fine-tuning data in OpenAI's formats, checked");
    finetuneCmd->require_subcommand(1);

    CLI::App *exportCmd = finetuneCmd->add_subcommand(
        "export", "Write corrected, approved and good-rated answers (or pairs) as fine-tuning data");
    exportCmd->add_option("--format", args->format, "openai-sft or openai-dpo")->required();
    exportCmd->add_option("--prompt", args->prompt, "Of one prompt");
    exportCmd->add_option("--from", args->from,
        "corrected,examples,good (supervised) or corrected,pairs (preference); default: all of them");
    exportCmd->add_option("-o,--output", args->output, "The folder to write into")->required();
    exportCmd->add_option("--token-limit", args->tokenLimit, "Tokens an example may have (default 4096)");
    onChosen(exportCmd, action, [&ctx, &exitCode, args] { exitCode = runExport(ctx, *args); });

    CLI::App *checkCmd = finetuneCmd->add_subcommand(
        "check", "OpenAI's schema and data-preparation checks, and its token and epoch summary");
    checkCmd->add_option("FILE", args->file, "A JSONL file")->required();
    checkCmd->add_option("--format", args->format, "openai-sft or openai-dpo (default: read from the file)");
    checkCmd->add_option("--token-limit", args->tokenLimit, "Tokens an example may have (default 4096)");
    onChosen(checkCmd, action, [&ctx, &exitCode, args] { exitCode = runCheck(ctx, *args); });
}

} // namespace ps::cli
