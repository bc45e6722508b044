// runs: the project's runs, newest first, with how far each got.

#include "cli_format.h"
#include "commands.h"

#include "store/run_store.h"

namespace ps::cli {

void runRunsList(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const std::vector<model::RunRecord> runs = store::RunStore(project).listRuns();
    if (ctx.options.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const model::RunRecord &run : runs)
            items.push_back({{"id", run.id}, {"kind", run.kind}, {"version", run.version},
                {"targets", run.targets}, {"status", model::toString(run.status)},
                {"done", run.done}, {"total", run.total}, {"started", run.started}});
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
        table.addRow({run.id, run.kind, run.version, joined(run.targets, ","),
            model::toString(run.status), std::to_string(run.done) + "/" + std::to_string(run.total),
            shortTimestamp(run.started)});
    ctx.print(table.toString());
}

} // namespace ps::cli
