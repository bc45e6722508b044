// compare RUN_A RUN_B: A/B of two evaluation runs on the same dataset cases, per target, with
// a confidence interval for the difference and McNemar's exact test.

#include "commands.h"

#include "run/run_compare.h"

namespace ps::cli {

void runCompare(const CliContext &ctx, const std::string &runA, const std::string &runB)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const run::RunComparison comparison = run::compareRuns(project, runA, runB);
    if (ctx.options.json)
        ctx.printJson(run::toJson(comparison));
    else
        ctx.print(run::toText(comparison));
}

} // namespace ps::cli
