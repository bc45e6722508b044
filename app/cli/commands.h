#pragma once

// The promptsmith-cli commands, each a function of its parsed arguments (cli_app.cpp does the
// parsing).

#include "cli_context.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ps::cli {

// project_commands.cpp
struct InitArgs
{
    std::string file;
    bool demo = false;
};
void runInit(const CliContext &ctx, const InitArgs &args);
void runInfo(const CliContext &ctx);
// copy DEST: a consistent copy of the project (VACUUM INTO), to share while it is open.
void runCopy(const CliContext &ctx, const std::string &destination);

struct PromptAddArgs
{
    std::string name;
    std::string description;
    std::vector<std::string> tags;
};
void runPromptAdd(const CliContext &ctx, const PromptAddArgs &args);
void runPromptList(const CliContext &ctx);
void runPromptRename(const CliContext &ctx, const std::string &name, const std::string &newName);
struct PromptCopyArgs
{
    std::string name;
    std::string newName;
    std::optional<std::string> author;
};
void runPromptCopy(const CliContext &ctx, const PromptCopyArgs &args);
void runPromptRemove(const CliContext &ctx, const std::string &name, bool force);

// version_commands.cpp
struct VersionSaveArgs
{
    std::string name;
    std::string fromFile;
    std::string message;
    std::optional<std::string> parent;
    std::optional<std::string> author;
};
void runVersionSave(const CliContext &ctx, const VersionSaveArgs &args);
void runVersionList(const CliContext &ctx, const std::string &name);
void runVersionShow(const CliContext &ctx, const std::string &ref);
void runVersionDiff(const CliContext &ctx, const std::string &refA, const std::string &refB);

struct LabelSetArgs
{
    std::string name;
    std::string label;
    int number = 0;
};
void runLabelSet(const CliContext &ctx, const LabelSetArgs &args);

// render_command.cpp
struct RenderArgs
{
    std::string ref; // empty with --template
    std::vector<std::string> vars; // K=V
    std::string varsFile;
    std::string templateFile;
    std::string dataFile;
    std::string partialsFile;
    std::string escape = "none";
};
void runRender(const CliContext &ctx, const RenderArgs &args);

// provider_commands.cpp
struct ProviderAddArgs
{
    std::string id;
    std::string kind;
    std::optional<std::string> baseUrl;
    std::optional<std::string> apiKeyEnv;
    bool keyInKeychain = false;
    std::optional<std::string> apiVersion;
    int concurrency = 8;
    int rpm = 0;
    int timeoutSeconds = 60;
    int totalTimeoutSeconds = 600;
};
void runProviderAdd(const CliContext &ctx, const ProviderAddArgs &args);
void runProviderList(const CliContext &ctx);
// provider models ID: the models the provider lists, and how long asking took.
void runProviderModels(const CliContext &ctx, const std::string &providerId);
// provider trust ID (approve = true) and provider untrust ID.
void runProviderTrust(const CliContext &ctx, const std::string &providerId, bool approve);

struct TargetAddArgs
{
    std::string id;
    std::string provider;
    std::string model;
    std::vector<std::string> params; // K=V, V parsed as JSON when it parses
    std::optional<std::string> fallback;
    // Fall back also when the answer's mean token log-probability is below this (negative).
    std::optional<double> fallbackBelowLogprob;
};
void runTargetAdd(const CliContext &ctx, const TargetAddArgs &args);
void runTargetList(const CliContext &ctx);

// run_command.cpp
struct RunArgs
{
    std::string ref;
    std::vector<std::string> targets;
    std::vector<std::string> vars; // K=V
    std::string varsFile;
    bool stream = false;
    bool cache = false; // answer from the project's response cache, and fill it
    int repeat = 1; // each target's request sent this many times (load tests; never cached)
};
// Exit 0, 4 when a target ended in error, 130 when interrupted (Ctrl+C).
int runRun(const CliContext &ctx, const RunArgs &args);

// runs_command.cpp
// Without `runId` the runs; with it, that run's answers.
void runRunsList(const CliContext &ctx, const std::string &runId);

// eval_command.cpp
struct EvalArgs
{
    std::vector<std::string> refs; // one or more versions; none with --resume
    std::string dataset;
    std::vector<std::string> targets;
    int concurrency = 8;
    int repeat = 1;
    bool noCache = false;
    std::vector<std::string> gates;
    bool specs = false; // the prompt's specs are gates
    std::string output;
    std::vector<std::string> vars; // K=V, under each case's own vars
    std::string resume; // RUN_ID
    std::string judgePrompt; // FILE: the llm-rubric judge prompt
    std::string groundednessPrompt; // FILE: the groundedness judge prompt
    bool estimate = false; // print the input tokens and cost the run would send, and send nothing
    bool batch = false; // through the targets' batch APIs, at half the price
    std::string batchFailed = "report"; // report or retry: what becomes of a cell a batch failed
    double pollSeconds = 30; // between two looks at a batch
    bool detach = false; // submit the batches and leave; --resume collects them
};
// Exit 0, 1 when a gate (or, with none, an assertion) failed, 3 for bad input before anything
// is sent, 4 when every cell errored, 130 when interrupted (the run can be resumed).
int runEval(const CliContext &ctx, const EvalArgs &args);

// report_command.cpp
struct ReportArgs
{
    std::string runId;
    std::string format; // markdown, html, json or csv; empty: markdown (json with --json)
    std::string output; // -o FILE; empty: stdout
    std::uint64_t seed = 1; // of the bootstrap intervals
    std::optional<double> traffic; // calls a day: each target's monthly cost projected
};
void runReport(const CliContext &ctx, const ReportArgs &args);

// compare_command.cpp
void runCompare(const CliContext &ctx, const std::string &runA, const std::string &runB);

} // namespace ps::cli
