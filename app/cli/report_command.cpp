// report RUN_ID [--format markdown|html|json|csv] [-o FILE]: an evaluation run's results,
// read back from the project whenever wanted (also of a run still going or one that died).

#include "commands.h"

#include "run/eval_report.h"
#include "store/run_store.h"

namespace ps::cli {

void runReport(const CliContext &ctx, const ReportArgs &args)
{
    if (!args.output.empty())
        ctx.checkOutputPath(args.output);
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    // A `run` has no cases or verdicts: an empty report would read as an evaluation of nothing.
    const std::optional<model::RunRecord> found = store::RunStore(project).findRun(args.runId);
    if (found && found->kind != "eval")
        throw CliError(ExitBadInput, "not_an_evaluation",
            "run " + args.runId + " was made by `run`, not `eval`; it has no cases to report",
            {{"run_id", args.runId}});
    eval::BootstrapOptions bootstrap;
    bootstrap.seed = args.seed;
    const run::EvalReport report
        = run::buildEvalReport(project, args.runId, {}, bootstrap, args.traffic);
    // --json alone asks for the JSON document, as every other command's --json does.
    const std::string format
        = args.format.empty() ? (ctx.options.json ? "json" : "markdown") : args.format;
    const std::string text = run::formatReport(report, format);

    if (args.output.empty()) {
        if (ctx.options.json && format != "json")
            ctx.printJson({{"run_id", report.runId}, {"format", format}, {"report", text}});
        else
            ctx.print(text);
        return;
    }
    ctx.writeOutputFile(args.output, text);
    if (ctx.options.json)
        ctx.printJson({{"run_id", report.runId}, {"format", format}, {"output", args.output}});
    else
        ctx.print("Wrote the " + format + " report of run " + report.runId + " to " + args.output
            + ".\n");
}

} // namespace ps::cli
