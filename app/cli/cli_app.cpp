#include "cli_app.h"

#include "cli_context.h"
#include "commands.h"
#include "dataset_commands.h"
#include "price_commands.h"
#include "badcase_commands.h"
#include "exchange_commands.h"
#include "finetune_commands.h"
#include "token_commands.h"
#include "command_registry.h"
#include "rate_commands.h"
#include "share_commands.h"
#include "spec_commands.h"
#include "budget_command.h"

#include "dispatch/trust_check.h"
#include "model/version_content.h"
#include "store/store_error.h"
#include "template/template_error.h"

#include <CLI/CLI.hpp>

#include <cstring>
#include <functional>
#include <iostream>
#include <unistd.h>

namespace ps::cli {

namespace {

void addProjectCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    auto init = std::make_shared<InitArgs>();
    CLI::App *initCmd = app.add_subcommand("init", "Create a project file");
    initCmd->add_option("FILE", init->file, "The project file to create")->required();
    initCmd->add_flag("--demo", init->demo, "Fill it with the sample prompts");
    onChosen(initCmd, action, [&ctx, init] { runInit(ctx, *init); });

    CLI::App *infoCmd = app.add_subcommand("info", "Path, schema version and counts");
    onChosen(infoCmd, action, [&ctx] { runInfo(ctx); });

    auto copyDestination = std::make_shared<std::string>();
    CLI::App *copyCmd = app.add_subcommand(
        "copy", "Write a consistent copy of the project, to share (safe while it is in use)");
    copyCmd->add_option("DEST", *copyDestination, "The new file (must not exist)")->required();
    onChosen(copyCmd, action, [&ctx, copyDestination] { runCopy(ctx, *copyDestination); });

    CLI::App *promptCmd
        = app.add_subcommand("prompt", "Add, list, rename, copy and remove prompts");
    promptCmd->require_subcommand(1);
    auto add = std::make_shared<PromptAddArgs>();
    CLI::App *addCmd = promptCmd->add_subcommand("add", "Add a prompt");
    addCmd->add_option("NAME", add->name, "The prompt's name")->required();
    addCmd->add_option("--description", add->description, "What the prompt is for");
    addCmd->add_option("--tag", add->tags, "A tag (repeatable)");
    onChosen(addCmd, action, [&ctx, add] { runPromptAdd(ctx, *add); });
    CLI::App *listCmd = promptCmd->add_subcommand("list", "List the prompts");
    onChosen(listCmd, action, [&ctx] { runPromptList(ctx); });

    auto renamed = std::make_shared<std::pair<std::string, std::string>>();
    CLI::App *renameCmd = promptCmd->add_subcommand(
        "rename", "Rename a prompt (its versions, labels and runs follow it)");
    renameCmd->add_option("NAME", renamed->first, "The prompt")->required();
    renameCmd->add_option("NEW_NAME", renamed->second, "Its new name")->required();
    onChosen(renameCmd, action,
        [&ctx, renamed] { runPromptRename(ctx, renamed->first, renamed->second); });

    auto copy = std::make_shared<PromptCopyArgs>();
    CLI::App *duplicateCmd = promptCmd->add_subcommand(
        "copy", "A new prompt whose v1 is the newest version (and examples) of NAME");
    duplicateCmd->add_option("NAME", copy->name, "The prompt to copy")->required();
    duplicateCmd->add_option("NEW_NAME", copy->newName, "The new prompt's name")->required();
    duplicateCmd->add_option("--author", copy->author, "Who made the copy");
    onChosen(duplicateCmd, action, [&ctx, copy] { runPromptCopy(ctx, *copy); });

    auto removed = std::make_shared<std::pair<std::string, bool>>();
    CLI::App *removeCmd = promptCmd->add_subcommand("remove",
        "Take a prompt out of the project (refused while a label points into it)");
    removeCmd->add_option("NAME", removed->first, "The prompt")->required();
    removeCmd->add_flag("--force", removed->second, "Remove it even though labels point into it");
    onChosen(removeCmd, action,
        [&ctx, removed] { runPromptRemove(ctx, removed->first, removed->second); });
}

void addVersionCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    CLI::App *versionCmd = app.add_subcommand("version", "Save, list, show and compare versions");
    versionCmd->require_subcommand(1);

    auto save = std::make_shared<VersionSaveArgs>();
    CLI::App *saveCmd = versionCmd->add_subcommand("save", "Save a new version from a JSON file");
    saveCmd->add_option("NAME", save->name, "The prompt")->required();
    saveCmd->add_option("--from", save->fromFile, "Version content (CLI.md shape)")->required();
    saveCmd->add_option("-m,--message", save->message, "Why this version exists");
    saveCmd->add_option("--parent", save->parent, "The version this one derives from (REF)");
    saveCmd->add_option("--author", save->author, "Who made it");
    onChosen(saveCmd, action, [&ctx, save] { runVersionSave(ctx, *save); });

    auto listName = std::make_shared<std::string>();
    CLI::App *listCmd = versionCmd->add_subcommand("list", "List a prompt's versions");
    listCmd->add_option("NAME", *listName, "The prompt")->required();
    onChosen(listCmd, action, [&ctx, listName] { runVersionList(ctx, *listName); });

    auto showRef = std::make_shared<std::string>();
    CLI::App *showCmd = versionCmd->add_subcommand("show", "Show one version");
    showCmd->add_option("REF", *showRef, "NAME, NAME@N, NAME@LABEL or NAME@HASH")->required();
    onChosen(showCmd, action, [&ctx, showRef] { runVersionShow(ctx, *showRef); });

    auto diffRefs = std::make_shared<std::pair<std::string, std::string>>();
    CLI::App *diffCmd = versionCmd->add_subcommand("diff", "Compare two versions");
    diffCmd->add_option("REF_A", diffRefs->first, "The older version")->required();
    diffCmd->add_option("REF_B", diffRefs->second, "The newer version")->required();
    onChosen(diffCmd, action,
        [&ctx, diffRefs] { runVersionDiff(ctx, diffRefs->first, diffRefs->second); });

    CLI::App *labelCmd = app.add_subcommand("label", "Manage labels");
    labelCmd->require_subcommand(1);
    auto label = std::make_shared<LabelSetArgs>();
    CLI::App *setCmd = labelCmd->add_subcommand("set", "Create or move a label");
    setCmd->add_option("NAME", label->name, "The prompt")->required();
    setCmd->add_option("LABEL", label->label, "The label, e.g. production")->required();
    setCmd->add_option("N", label->number, "The version number")->required();
    onChosen(setCmd, action, [&ctx, label] { runLabelSet(ctx, *label); });
}

void addRenderCommand(CLI::App &app, CliContext &ctx, Action &action)
{
    auto render = std::make_shared<RenderArgs>();
    CLI::App *cmd = app.add_subcommand(
        "render", "Render a version's messages, or a Mustache template with --template");
    cmd->add_option("REF", render->ref, "NAME, NAME@N, NAME@LABEL or NAME@HASH");
    cmd->add_option("--var", render->vars, "A variable value K=V (repeatable)");
    cmd->add_option("--vars", render->varsFile, "A JSON object of variable values");
    CLI::Option *tmpl
        = cmd->add_option("--template", render->templateFile, "A Mustache template file");
    cmd->add_option("--data", render->dataFile, "Any JSON value to render the template with")
        ->needs(tmpl);
    cmd->add_option("--partials", render->partialsFile, "A JSON object of partial templates")
        ->needs(tmpl);
    cmd->add_option("--escape", render->escape, "Escaping of {{name}}: none or html")
        ->check(CLI::IsMember({"none", "html"}))
        ->needs(tmpl);
    onChosen(cmd, action, [&ctx, render] { runRender(ctx, *render); });
}

void addProviderCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    CLI::App *providerCmd = app.add_subcommand("provider", "Add, list and approve providers");
    providerCmd->require_subcommand(1);
    auto add = std::make_shared<ProviderAddArgs>();
    CLI::App *addCmd = providerCmd->add_subcommand("add", "Add a provider (never its key)");
    addCmd->add_option("ID", add->id, "The provider's id")->required();
    addCmd->add_option("--kind", add->kind, "The provider's kind")
        ->required()
        ->check(CLI::IsMember({"openai", "openai-compatible", "azure-openai", "anthropic", "gemini",
            "ollama", "echo"}));
    addCmd->add_option("--base-url", add->baseUrl, "The endpoint (default: the official one)");
    addCmd->add_option(
        "--api-key-env", add->apiKeyEnv, "The variable holding the key (default: the usual one)");
    addCmd->add_flag("--key-in-keychain", add->keyInKeychain,
        "The key is kept in the OS keychain under the variable's name (the variable, when set, "
        "still wins)");
    addCmd->add_option("--api-version", add->apiVersion, "azure-openai's API version");
    addCmd->add_option("--concurrency", add->concurrency, "Calls at once (default 8)");
    addCmd->add_option("--rpm", add->rpm, "Requests per minute (default: no limit)");
    addCmd->add_option("--timeout", add->timeoutSeconds,
        "Seconds to wait for the first byte, or for more of the answer (default 60)");
    addCmd->add_option("--total-timeout", add->totalTimeoutSeconds,
        "Seconds one attempt may take in all, however steadily it streams (default 600)");
    onChosen(addCmd, action, [&ctx, add] { runProviderAdd(ctx, *add); });
    CLI::App *listCmd = providerCmd->add_subcommand("list", "List the providers");
    onChosen(listCmd, action, [&ctx] { runProviderList(ctx); });
    auto modelsOf = std::make_shared<std::string>();
    CLI::App *modelsCmd = providerCmd->add_subcommand(
        "models", "List the provider's models and time one round trip (Test connection)");
    modelsCmd->add_option("ID", *modelsOf, "The provider's id")->required();
    onChosen(modelsCmd, action, [&ctx, modelsOf] { runProviderModels(ctx, *modelsOf); });
    // trust and untrust differ only in their word and what they do to the approval.
    const auto addTrustCommand = [&](const char *name, const char *help, bool approve) {
        auto id = std::make_shared<std::string>();
        CLI::App *cmd = providerCmd->add_subcommand(name, help);
        cmd->add_option("ID", *id, "The provider's id")->required();
        onChosen(cmd, action, [&ctx, id, approve] { runProviderTrust(ctx, *id, approve); });
    };
    addTrustCommand("trust",
        "Approve sending this provider's key (and prompts) to its host, on this machine", true);
    addTrustCommand(
        "untrust", "Withdraw this machine's approval of the provider's host and key", false);

    CLI::App *targetCmd = app.add_subcommand("target", "Add and list targets");
    targetCmd->require_subcommand(1);
    auto target = std::make_shared<TargetAddArgs>();
    CLI::App *targetAddCmd
        = targetCmd->add_subcommand("add", "Add a target: a provider, a model and parameters");
    targetAddCmd->add_option("ID", target->id, "The target's id")->required();
    targetAddCmd->add_option("--provider", target->provider, "The provider's id")->required();
    targetAddCmd->add_option("--model", target->model, "The model (azure: the deployment)")
        ->required();
    targetAddCmd->add_option(
        "--param", target->params, "A parameter override K=V, V as JSON if it parses (repeatable)");
    targetAddCmd->add_option("--fallback", target->fallback, "The target to fall back to");
    targetAddCmd
        ->add_option("--fallback-below-logprob", target->fallbackBelowLogprob,
            "Fall back also when the answer's mean token log-probability is below this "
            "(a negative number; asks the provider for log-probabilities)")
        ->check(CLI::Range(-1.0e9, -1.0e-12));
    onChosen(targetAddCmd, action, [&ctx, target] { runTargetAdd(ctx, *target); });
    CLI::App *targetListCmd = targetCmd->add_subcommand("list", "List the targets");
    onChosen(targetListCmd, action, [&ctx] { runTargetList(ctx); });
}

void addPriceCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    CLI::App *priceCmd
        = app.add_subcommand("price", "Set and list model prices (USD per 1M tokens)");
    priceCmd->require_subcommand(1);
    auto set = std::make_shared<PriceSetArgs>();
    CLI::App *setCmd = priceCmd->add_subcommand("set", "Set this project's price of a model");
    setCmd->add_option("MODEL", set->model, "The model id")->required();
    setCmd->add_option("--input", set->input, "USD per 1M input tokens")->required();
    setCmd->add_option("--output", set->output, "USD per 1M output tokens")->required();
    setCmd->add_option("--cached-input", set->cachedInput, "USD per 1M cached input tokens");
    onChosen(setCmd, action, [&ctx, set] { runPriceSet(ctx, *set); });
    CLI::App *listCmd
        = priceCmd->add_subcommand("list", "List this project's prices and the catalogue's");
    onChosen(listCmd, action, [&ctx] { runPriceList(ctx); });
}

void addSpecCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    CLI::App *specCmd = app.add_subcommand(
        "spec", "A prompt's requirements as acceptance criteria (checked by eval --spec)");
    specCmd->require_subcommand(1);
    auto set = std::make_shared<SpecSetArgs>();
    CLI::App *setCmd = specCmd->add_subcommand("set", "Set a requirement as a gate over a metric");
    setCmd->add_option("PROMPT", set->prompt, "The prompt")->required();
    setCmd->add_option("NAME", set->name, "The spec's name")->required();
    setCmd->add_option("EXPR", set->expression, "A gate such as recall[bug]>=0.8")->required();
    setCmd->add_option("--why", set->why, "The requirement in words");
    onChosen(setCmd, action, [&ctx, set] { runSpecSet(ctx, *set); });
    auto names = std::make_shared<std::pair<std::string, std::string>>();
    CLI::App *listCmd = specCmd->add_subcommand("list", "List a prompt's specs");
    listCmd->add_option("PROMPT", names->first, "The prompt")->required();
    onChosen(listCmd, action, [&ctx, names] { runSpecList(ctx, names->first); });
    CLI::App *removeCmd = specCmd->add_subcommand("remove", "Remove one of a prompt's specs");
    removeCmd->add_option("PROMPT", names->first, "The prompt")->required();
    removeCmd->add_option("NAME", names->second, "The spec's name")->required();
    onChosen(removeCmd, action,
        [&ctx, names] { runSpecRemove(ctx, names->first, names->second); });
}

void addRateCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    CLI::App *rateCmd = app.add_subcommand(
        "rate", "Blind human rating of an evaluation's answers: sessions, raters, agreement");
    rateCmd->require_subcommand(1);
    auto args = std::make_shared<RateArgs>();
    CLI::App *create = rateCmd->add_subcommand("create", "A blind session over a run's columns");
    create->add_option("RUN_ID", args->runIds, "The evaluation run, or window runs (each one case)")->required();
    create->add_option("--mode", args->mode, "pairwise or rubric")->check(CLI::IsMember({"pairwise", "rubric"}));
    create->add_option("--column", args->columns, "A column to rate (default: all)");
    create->add_option("--scale", args->scale, "Rubric: 1-5, pass-fail or LABEL,LABEL,...");
    create->add_option("--criterion", args->criteria, "A question raters answer (repeatable)");
    create->add_option("--guideline", args->guideline,
        "The annotation guideline: a Markdown file (stored as its next version) or NAME[@N]");
    create->add_option("--seed", args->seed, "Seeds the sides and each rater's order");
    onChosen(create, action, [&ctx, args] { runRateCreate(ctx, *args); });
    onChosen(rateCmd->add_subcommand("list", "List the rating sessions"), action,
        [&ctx] { runRateList(ctx); });
    CLI::App *items = rateCmd->add_subcommand("items", "The items as a rater sees them (blind)");
    items->add_option("SESSION", args->session, "The session")->required();
    items->add_option("--rater", args->rater, "In this rater's own order");
    onChosen(items, action, [&ctx, args] { runRateItems(ctx, *args); });
    CLI::App *add = rateCmd->add_subcommand("add", "Rate one item");
    add->add_option("SESSION", args->session, "The session")->required();
    add->add_option("ITEM", args->item, "The item")->required();
    add->add_option("--rater", args->rater, "Who rates")->required();
    add->add_option("--choice", args->choice, "Pairwise: 1, 2, tie or bad");
    add->add_option("--score", args->scores, "Rubric: a score per criterion, in order");
    add->add_option("--note", args->note, "A note on the item");
    onChosen(add, action, [&ctx, args] { runRateAdd(ctx, *args); });
    CLI::App *exported = rateCmd->add_subcommand("export", "A self-contained page for one rater");
    exported->add_option("SESSION", args->session, "The session")->required();
    exported->add_option("--rater", args->rater, "The rater's name")->required();
    exported->add_option("-o,--output", args->output, "The page to write (.html)")->required();
    onChosen(exported, action, [&ctx, args] { runRateExport(ctx, *args); });
    CLI::App *import = rateCmd->add_subcommand("import", "Ratings saved by the rater page");
    import->add_option("FILE", args->file, "The ratings file (JSON)")->required();
    onChosen(import, action, [&ctx, args] { runRateImport(ctx, *args); });
    CLI::App *report = rateCmd->add_subcommand("report", "Win rates, ratings and agreement");
    report->add_option("SESSION", args->session, "The session")->required();
    onChosen(report, action, [&ctx, args] { runRateReport(ctx, *args); });
    CLI::App *guideline = rateCmd->add_subcommand("guideline", "Annotation guidelines, versioned");
    guideline->require_subcommand(1);
    onChosen(guideline->add_subcommand("list", "Each guideline's latest version"), action,
        [&ctx] { runRateGuidelineList(ctx); });
    CLI::App *show = guideline->add_subcommand("show", "A guideline's text");
    show->add_option("NAME", args->name, "NAME or NAME@N")->required();
    onChosen(show, action, [&ctx, args] { runRateGuidelineShow(ctx, *args); });
    CLI::App *set = guideline->add_subcommand("set", "Store a file as a guideline's next version");
    set->add_option("NAME", args->name, "The guideline")->required();
    set->add_option("FILE", args->file, "Its text (Markdown)")->required();
    onChosen(set, action, [&ctx, args] { runRateGuidelineSet(ctx, *args); });
    CLI::App *examples = guideline->add_subcommand(
        "examples", "A next version with examples of each score from a session's agreed ratings");
    examples->add_option("SESSION", args->session, "The rated session")->required();
    examples->add_option("--name", args->name, "The guideline (default: the session's)");
    onChosen(examples, action, [&ctx, args] { runRateGuidelineExamples(ctx, *args); });
}

void addBudgetCommand(CLI::App &app, CliContext &ctx, Action &action)
{
    auto budget = std::make_shared<BudgetArgs>();
    CLI::App *cmd = app.add_subcommand("budget",
        "Memory, GPUs and monthly cost of serving an open model yourself, beside an API");
    cmd->add_option("--params", budget->paramsBillions, "The model's size in billions of parameters")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--precision", budget->precision, "Weights: fp16, bf16, fp8, int8 or int4")
        ->required();
    cmd->add_option("--context", budget->context, "Tokens held per sequence")
        ->required()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--kv-precision", budget->kvPrecision, "KV cache: fp16 (default), fp8 or int8");
    cmd->add_option("--concurrency", budget->concurrency, "Sequences held at once (1)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--model", budget->model,
        "A known open model's shape (llama-3.1-8b, llama-3.1-70b, qwen2.5-7b, ...)");
    cmd->add_option("--gpu-memory", budget->gpuMemoryGb, "GB per GPU (80)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--gpu-hour-usd", budget->gpuHourUsd, "The price of one GPU-hour")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--layers", budget->layers, "Transformer layers")->check(CLI::PositiveNumber);
    cmd->add_option("--kv-heads", budget->kvHeads, "Key/value heads")->check(CLI::PositiveNumber);
    cmd->add_option("--head-dim", budget->headDim, "Dimension of one head")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--traffic", budget->traffic, "Calls a day, for the API's cost beside it")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--tokens-per-call", budget->tokensPerCall, "Tokens in and out of one call")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--api-model", budget->apiModel, "The catalogue's model to price the API by");
    onChosen(cmd, action, [&ctx, budget] { runBudget(ctx, *budget); });
}

void addRunCommands(CLI::App &app, CliContext &ctx, Action &action, int &exitCode)
{
    auto run = std::make_shared<RunArgs>();
    CLI::App *runCmd = app.add_subcommand("run", "Send a version to one or more targets at once");
    runCmd->add_option("REF", run->ref, "NAME, NAME@N, NAME@LABEL or NAME@HASH")->required();
    runCmd->add_option("--target", run->targets, "A target (repeatable)")->required();
    runCmd->add_option("--var", run->vars, "A variable value K=V (repeatable)");
    runCmd->add_option("--vars", run->varsFile, "A JSON object of variable values");
    runCmd->add_flag("--stream", run->stream,
        "Print tokens as they arrive (one target) or a progress line (several)");
    runCmd->add_flag("--cache", run->cache,
        "Answer from the project's response cache when it holds the exact request");
    runCmd
        ->add_option("--repeat", run->repeat,
            "Send each target's request N times, never from the cache (load tests; default 1)")
        ->check(CLI::Range(1, 100000));
    onChosen(runCmd, action, [&ctx, &exitCode, run] { exitCode = runRun(ctx, *run); });

    auto runId = std::make_shared<std::string>();
    CLI::App *runsCmd = app.add_subcommand(
        "runs", "List the runs, newest first; with RUN_ID, that run's answers and their versions");
    runsCmd->add_option("RUN_ID", *runId, "A run whose answers to list");
    onChosen(runsCmd, action, [&ctx, runId] { runRunsList(ctx, *runId); });
}

void addReportCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    auto report = std::make_shared<ReportArgs>();
    CLI::App *reportCmd = app.add_subcommand("report", "An evaluation run's results");
    reportCmd->add_option("RUN_ID", report->runId, "The run (see `runs`)")->required();
    reportCmd->add_option("--format", report->format, "markdown (default), html, json or csv")
        ->check(CLI::IsMember({"markdown", "html", "json", "csv"}));
    reportCmd->add_option("-o,--output", report->output, "Write the report to this file");
    reportCmd->add_option("--seed", report->seed,
        "Seed of the bootstrap intervals (default 1; the report states it, to draw them again)");
    reportCmd
        ->add_option("--traffic", report->traffic,
            "Calls a day: each target's monthly cost at the measured cost per call")
        ->check(CLI::NonNegativeNumber);
    onChosen(reportCmd, action, [&ctx, report] { runReport(ctx, *report); });

    auto runs = std::make_shared<std::pair<std::string, std::string>>();
    CLI::App *compareCmd = app.add_subcommand("compare",
        "A/B of two evaluation runs on the same cases, with confidence and significance");
    compareCmd
        ->add_option("RUN_A", runs->first, "The baseline run, or one column of a run: RUN:COLUMN")
        ->required();
    compareCmd->add_option("RUN_B", runs->second, "The run (or RUN:COLUMN) compared with it")
        ->required();
    onChosen(compareCmd, action, [&ctx, runs] { runCompare(ctx, runs->first, runs->second); });
}

void addDatasetCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    CLI::App *datasetCmd = app.add_subcommand("dataset", "Import, list and show datasets");
    datasetCmd->require_subcommand(1);
    auto importArgs = std::make_shared<DatasetImportArgs>();
    CLI::App *importCmd = datasetCmd->add_subcommand(
        "import", "Import test cases from a JSONL or CSV file as the name's next revision");
    importCmd->add_option("NAME", importArgs->name, "The dataset's name")->required();
    importCmd->add_option("FILE", importArgs->file, "A .jsonl or .csv file")->required();
    onChosen(importCmd, action, [&ctx, importArgs] { runDatasetImport(ctx, *importArgs); });
    CLI::App *listCmd = datasetCmd->add_subcommand("list", "List the datasets (newest revisions)");
    onChosen(listCmd, action, [&ctx] { runDatasetList(ctx); });
    auto showName = std::make_shared<std::string>();
    CLI::App *showCmd = datasetCmd->add_subcommand("show", "Show a dataset's newest revision");
    showCmd->add_option("NAME", *showName, "The dataset")->required();
    onChosen(showCmd, action, [&ctx, showName] { runDatasetShow(ctx, *showName); });
    auto needed = std::make_shared<CasesNeededArgs>();
    CLI::App *neededCmd = datasetCmd->add_subcommand("cases-needed",
        "How many cases it takes to detect a difference, before any run");
    neededCmd->add_option("NAME", needed->name, "A dataset to hold the answer against");
    neededCmd->add_option("--baseline", needed->baseline, "The pass rate now, 0..1")->required();
    neededCmd
        ->add_option("--difference", needed->difference, "The change to detect, in points (5)")
        ->required();
    onChosen(neededCmd, action, [&ctx, needed] { runDatasetCasesNeeded(ctx, *needed); });
}

void addEvalCommand(CLI::App &app, CliContext &ctx, Action &action, int &exitCode)
{
    auto eval = std::make_shared<EvalArgs>();
    CLI::App *evalCmd
        = app.add_subcommand("eval", "Run versions over a dataset for one or more targets");
    evalCmd->add_option("REF", eval->refs,
        "NAME, NAME@N, NAME@LABEL or NAME@HASH; several: columns are version x target");
    evalCmd->add_option("--dataset", eval->dataset, "The dataset (its newest revision)");
    evalCmd->add_option("--target", eval->targets, "A target (repeatable)");
    evalCmd->add_option("--concurrency", eval->concurrency, "Cells in flight at once (8)");
    evalCmd->add_option("--repeat", eval->repeat, "Answers per case and target (1)");
    evalCmd->add_flag("--no-cache", eval->noCache, "Send every cell, even a cached one");
    evalCmd->add_option("--gate", eval->gates, "A gate such as pass_rate>=0.85 (repeatable)");
    evalCmd->add_flag("--spec", eval->specs,
        "The prompt's specs are gates: each must be met (its whole interval), else exit 1");
    evalCmd->add_option("--output", eval->output, "Write the results document (JSON) here");
    evalCmd->add_option("--var", eval->vars, "A variable value K=V for every case (repeatable)");
    evalCmd->add_option("--resume", eval->resume, "Finish an interrupted run");
    evalCmd->add_flag("--estimate", eval->estimate,
        "Print each column's cells, input tokens (exact for OpenAI's models) and cost; send nothing");
    evalCmd->add_flag("--batch", eval->batch,
        "Through the targets' batch APIs (openai, anthropic): half the price, within 24 h");
    evalCmd->add_option("--batch-failed", eval->batchFailed,
        "What becomes of a cell the batch failed: report (stored as an error) or retry (live)")
        ->check(CLI::IsMember({"report", "retry"}));
    evalCmd->add_option("--poll", eval->pollSeconds, "Seconds between looks at a batch (30)")
        ->check(CLI::PositiveNumber);
    evalCmd->add_flag("--detach", eval->detach,
        "With --batch: submit the batches and return; eval --resume RUN_ID collects them");
    evalCmd->add_option("--judge-prompt", eval->judgePrompt,
        "Your llm-rubric judge prompt ({{output}}, {{rubric}})");
    evalCmd->add_option("--groundedness-prompt", eval->groundednessPrompt,
        "Your groundedness judge prompt ({{output}}, {{source}})");
    onChosen(evalCmd, action, [&ctx, &exitCode, eval] { exitCode = runEval(ctx, *eval); });
}

// One failure, reported once: a JSON document on stdout with --json, else a sentence on stderr.
int report(const CliContext &ctx, const CliError &error)
{
    if (ctx.options.json) {
        nlohmann::json body = error.details();
        body["message"] = error.what();
        body["kind"] = error.kind();
        ctx.printJson({{"error", body}});
    } else {
        std::cerr << "error: " << shownOn(STDERR_FILENO, error.what()) << '\n';
    }
    return error.exitCode();
}

// CLI11 reports an unknown command as "a subcommand is required"; name the word instead.
std::string usageMessage(const CLI::App &app, const CLI::ParseError &error)
{
    for (const std::string &word : app.remaining(true)) {
        if (!word.empty() && word.front() != '-')
            return "unknown command or extra argument '" + word + "' (see --help)";
    }
    return std::string(error.what()) + " (see --help)";
}

bool wantsJson(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0)
            return false;
        if (std::strcmp(argv[i], "--json") == 0)
            return true;
    }
    return false;
}

} // namespace

int run(int argc, char **argv)
{
    CliContext ctx;
    Action action;
    int exitCode = ExitOk; // set by commands whose success has degrees (run)

    CLI::App app("Promptsmith: version, render and compare prompts from the command line",
        "promptsmith-cli");
    // Set before adding subcommands, which inherit it: global options may follow a subcommand.
    app.fallthrough();
    app.require_subcommand(1);
    app.set_version_flag("--version", PS_VERSION_STRING);
    app.add_option("--project", ctx.options.projectPath, "The project file")
        ->envname("PROMPTSMITH_PROJECT");
    app.add_flag("--json", ctx.options.json, "Print one JSON document on stdout");

    addProjectCommands(app, ctx, action);
    addVersionCommands(app, ctx, action);
    addRenderCommand(app, ctx, action);
    addProviderCommands(app, ctx, action);
    addPriceCommands(app, ctx, action);
    addSpecCommands(app, ctx, action);
    addRateCommands(app, ctx, action);
    addBudgetCommand(app, ctx, action);
    addRunCommands(app, ctx, action, exitCode);
    addEvalCommand(app, ctx, action, exitCode);
    addDatasetCommands(app, ctx, action);
    addBadcaseCommands(app, ctx, action); // adds `dataset from-badcases`
    addFinetuneCommands(app, ctx, action, exitCode);
    addExchangeCommands(app, ctx, action); // adds `dataset export`
    addShareCommands(app, ctx, action);
    addTokenCommand(app, ctx, action);
    addReportCommands(app, ctx, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success &success) {
        return app.exit(success); // --help, --version
    } catch (const CLI::ParseError &error) {
        // CLI11's own exit codes are not ours: every usage error is 2 (CLI.md).
        ctx.options.json = wantsJson(argc, argv);
        return report(ctx, CliError(ExitUsage, "usage", usageMessage(app, error)));
    }

    try {
        if (action)
            action();
        return exitCode;
    } catch (const CliError &error) {
        return report(ctx, error);
    } catch (const dispatch::UntrustedProviderError &error) {
        return report(ctx,
            CliError(ExitBadInput, "untrusted", error.what(),
                {{"provider", error.providerId()}, {"host", error.destination().host},
                    {"variable", error.destination().variable}}));
    } catch (const store::StoreError &error) {
        return report(ctx, CliError(ExitBadInput, store::toString(error.kind()), error.what()));
    } catch (const model::ContentError &error) {
        return report(
            ctx, CliError(ExitBadInput, "content", error.what(), {{"field", error.path()}}));
    } catch (const tmpl::TemplateError &error) {
        return report(ctx,
            CliError(ExitBadInput, "template", error.what(),
                {{"line", error.line()}, {"column", error.column()}}));
    } catch (const std::exception &error) {
        return report(ctx, CliError(ExitBadInput, "internal", error.what()));
    }
}

} // namespace ps::cli
