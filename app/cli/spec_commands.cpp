// spec set/list/remove: requirements as acceptance criteria, checked by `eval --spec`.

#include "spec_commands.h"

#include "cli_format.h"

#include "store/spec_store.h"

namespace ps::cli {

void runSpecSet(const CliContext &ctx, const SpecSetArgs &args)
{
    const store::Project project = ctx.openProject();
    store::SpecStore specs(project);
    specs.set(args.prompt, {args.name, args.expression, args.why, {}});
    if (ctx.options.json) {
        ctx.printJson({{"prompt", args.prompt}, {"spec", {{"name", args.name},
                                                            {"expr", args.expression},
                                                            {"why", args.why}}}});
        return;
    }
    ctx.print("Spec " + args.name + " of " + args.prompt + ": " + args.expression
        + (args.why.empty() ? "" : " (" + args.why + ")")
        + "\n`eval " + args.prompt + " --spec ...` checks it.\n");
}

void runSpecList(const CliContext &ctx, const std::string &prompt)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const std::vector<store::SpecRecord> specs = store::SpecStore(project).list(prompt);
    if (ctx.options.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const store::SpecRecord &spec : specs)
            items.push_back({{"name", spec.name}, {"expr", spec.expression}, {"why", spec.why}});
        ctx.printJson({{"specs", items}});
        return;
    }
    if (specs.empty()) {
        ctx.print(prompt + " has no specs yet. Add one with `spec set " + prompt
            + " NAME \"accuracy_low>=0.85\" --why \"...\"`.\n");
        return;
    }
    TextTable table;
    table.addRow({"NAME", "REQUIREMENT", "WHY"});
    for (const store::SpecRecord &spec : specs)
        table.addRow({spec.name, spec.expression, spec.why});
    ctx.print(table.toString());
}

void runSpecRemove(const CliContext &ctx, const std::string &prompt, const std::string &name)
{
    const store::Project project = ctx.openProject();
    store::SpecStore(project).remove(prompt, name);
    if (ctx.options.json)
        ctx.printJson({{"prompt", prompt}, {"removed", name}});
    else
        ctx.print("Spec " + name + " of " + prompt + " removed.\n");
}

} // namespace ps::cli
