// runs [RUN_ID]: the project's runs, newest first, with how far each got; or one run's answers,
// each with the target and the prompt version it came from.

#include "cli_format.h"
#include "commands.h"

#include "store/run_store.h"

#include <cstdio>

namespace ps::cli {

namespace {

nlohmann::json optionalJson(const auto &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

void printRunAnswers(const CliContext &ctx, const store::Project &project, const std::string &runId)
{
    const store::RunStore runs(project);
    const std::optional<model::RunRecord> run = runs.findRun(runId);
    if (!run)
        throw CliError(ExitBadInput, "not_found",
            "there is no run '" + runId + "' in " + project.path().string()
                + "; `runs` lists them");
    const std::vector<store::ResponseRecord> answers = runs.responses(runId);
    if (ctx.options.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const store::ResponseRecord &answer : answers) {
            nlohmann::json error = nullptr;
            if (answer.error)
                error = {{"category", answer.error->category},
                    {"message", answer.error->message},
                    {"status", optionalJson(answer.error->status)}};
            items.push_back({{"target", answer.targetId}, {"model", answer.model},
                {"version", answer.version}, {"draft", answer.draft}, {"text", answer.text},
                {"finish_reason", answer.finishReason}, {"cost_usd", optionalJson(answer.costUsd)},
                {"ttft_ms", optionalJson(answer.ttftMs)}, {"total_ms", answer.totalMs},
                {"cached", answer.cached}, {"case_index", optionalJson(answer.caseIndex)},
                {"error", error}});
        }
        ctx.printJson({{"id", run->id}, {"kind", run->kind}, {"version", run->version},
            {"versions", run->versions}, {"status", model::toString(run->status)},
            {"answers", items}});
        return;
    }
    ctx.print("Run " + run->id + " (" + run->kind + ", " + model::toString(run->status) + ", "
        + shortTimestamp(run->started) + ") of " + joined(run->versions, ", ") + "\n");
    if (answers.empty()) {
        ctx.print("No answers stored yet.\n");
        return;
    }
    TextTable table;
    table.addRow({"TARGET", "VERSION", "MS", "ANSWER"});
    for (const store::ResponseRecord &answer : answers) {
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.0f", answer.totalMs);
        table.addRow({answer.targetId, store::versionLabel(answer.version, answer.draft), ms,
            answer.error ? "error " + answer.error->category + ": " + brief(answer.error->message, 60)
                         : brief(answer.text, 60)});
    }
    ctx.print(table.toString());
}

} // namespace

void runRunsList(const CliContext &ctx, const std::string &runId)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    if (!runId.empty()) {
        printRunAnswers(ctx, project, runId);
        return;
    }
    const std::vector<model::RunRecord> runs = store::RunStore(project).listRuns();
    if (ctx.options.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const model::RunRecord &run : runs)
            items.push_back({{"id", run.id}, {"kind", run.kind}, {"version", run.version},
                {"versions", run.versions}, {"targets", run.targets},
                {"status", model::toString(run.status)}, {"done", run.done},
                {"total", run.total}, {"started", run.started}});
        ctx.printJson({{"runs", items}});
        return;
    }
    if (runs.empty()) {
        ctx.print("No runs yet. Send a prompt with `run REF --target T`.\n");
        return;
    }
    TextTable table;
    table.addRow({"ID", "KIND", "VERSION", "TARGETS", "STATUS", "DONE", "STARTED"});
    for (const model::RunRecord &run : runs)
        table.addRow({run.id, run.kind, joined(run.versions, ", "), joined(run.targets, ","),
            model::toString(run.status), std::to_string(run.done) + "/" + std::to_string(run.total),
            shortTimestamp(run.started)});
    ctx.print(table.toString());
}

} // namespace ps::cli
