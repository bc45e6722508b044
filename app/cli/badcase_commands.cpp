#include "badcase_commands.h"

#include "cli_format.h"

#include "badcase/badcase_marking.h"
#include "badcase/regression_check.h"
#include "store/badcase_store.h"
#include "store/project.h"
#include "util/ascii_text.h"

#include <memory>
#include <stdexcept>

namespace ps::cli {

using nlohmann::json;

namespace {

struct BadcaseArgs
{
    std::string name;
    std::string description;
    std::string colour;
    std::string answer;
    std::vector<std::string> tags;
    std::string note;
    std::string corrected;
    std::string correctedFile;
    bool good = false;
    std::optional<std::string> by;
    std::string prompt;
    std::string status;
    std::int64_t id = 0;
    std::string fixedIn;
    std::vector<std::int64_t> ids;
    std::string runId;
    std::string before;
    std::string after;
    bool apply = false;
};

json badcaseJson(const model::BadcaseRecord &badcase)
{
    return {{"id", badcase.id}, {"answer", badcase.answer}, {"prompt", badcase.prompt},
        {"version", badcase.version}, {"target", badcase.target}, {"model", badcase.model},
        {"verdict", badcase.verdict}, {"tags", badcase.tags}, {"note", badcase.note},
        {"corrected", badcase.corrected ? json(*badcase.corrected) : json(nullptr)},
        {"status", badcase.status}, {"fixed_in", badcase.fixedIn.empty() ? json(nullptr) : json(badcase.fixedIn)},
        {"vars", badcase.vars}, {"text", badcase.text}, {"created", badcase.created}, {"by", badcase.by}};
}

template<typename Call>
auto checked(Call &&call)
{
    try {
        return call();
    } catch (const std::invalid_argument &error) {
        throw CliError(ExitBadInput, "badcase", error.what());
    }
}

void runTagList(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const std::vector<model::BadcaseTag> tags = store::BadcaseStore(project).tags();
    if (ctx.options.json) {
        json list = json::array();
        for (const model::BadcaseTag &tag : tags)
            list.push_back({{"name", tag.name}, {"description", tag.description}, {"colour", tag.colour}});
        ctx.printJson({{"tags", list}});
        return;
    }
    TextTable table;
    table.addRow({"TAG", "DESCRIPTION"});
    for (const model::BadcaseTag &tag : tags)
        table.addRow({tag.name, tag.description});
    ctx.print(table.toString());
}

void runTagAdd(const CliContext &ctx, const BadcaseArgs &args)
{
    const store::Project project = ctx.openProject();
    store::BadcaseStore(project).addTag({args.name, args.description, args.colour});
    if (ctx.options.json)
        ctx.printJson({{"tag", args.name}});
    else
        ctx.print("Added the tag " + args.name + ".\n");
}

void runTagRemove(const CliContext &ctx, const BadcaseArgs &args)
{
    const store::Project project = ctx.openProject();
    store::BadcaseStore(project).removeTag(args.name);
    if (ctx.options.json)
        ctx.printJson({{"removed", args.name}});
    else
        ctx.print("Removed the tag " + args.name + " from the taxonomy; bad cases marked with it keep it.\n");
}

void runBadcaseAdd(const CliContext &ctx, const BadcaseArgs &args)
{
    badcase::MarkRequest request;
    request.answer = args.answer;
    request.verdict = args.good ? "good" : "bad";
    request.tags = args.tags;
    request.note = args.note;
    if (!args.correctedFile.empty())
        request.corrected = readTextFile(args.correctedFile, "corrected answer", 1 << 20);
    else if (!args.corrected.empty())
        request.corrected = args.corrected;
    request.by = resolveAuthor(args.by);
    const store::Project project = ctx.openProject();
    const model::BadcaseRecord marked = checked([&] { return badcase::markAnswer(project, request); });
    if (ctx.options.json) {
        ctx.printJson(badcaseJson(marked));
        return;
    }
    ctx.print(std::to_string(marked.id) + "\n");
    std::fprintf(stderr, "Marked %s %s (%s on %s)%s.\n", marked.answer.c_str(), marked.verdict.c_str(),
        marked.version.c_str(), marked.target.c_str(),
        marked.tags.empty() ? "" : (": " + util::join(marked.tags)).c_str());
}

void runBadcaseList(const CliContext &ctx, const BadcaseArgs &args)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    store::BadcaseFilter filter;
    filter.prompt = args.prompt;
    filter.tags = args.tags;
    filter.status = args.status;
    const std::vector<model::BadcaseRecord> badcases = store::BadcaseStore(project).list(filter);
    const std::map<std::string, int> byTag = badcase::countByTag(badcases);
    if (ctx.options.json) {
        json list = json::array();
        for (const model::BadcaseRecord &badcase : badcases)
            list.push_back(badcaseJson(badcase));
        json counts = json::object();
        for (const auto &[tag, count] : byTag)
            counts[tag] = count;
        ctx.printJson({{"badcases", list}, {"by_tag", counts}});
        return;
    }
    if (badcases.empty()) {
        ctx.print("No bad cases yet. Mark one with `badcase add RUN_ID:CASE:COLUMN --tag TAG`.\n");
        return;
    }
    TextTable table;
    table.addRow({"ID", "TAGS", "VERSION", "TARGET", "STATUS", "ANSWER"});
    for (const model::BadcaseRecord &badcase : badcases)
        table.addRow({std::to_string(badcase.id), util::join(badcase.tags),
            badcase.version, badcase.target,
            badcase.status + (badcase.fixedIn.empty() ? "" : " in " + badcase.fixedIn), badcase.answer});
    std::string text = table.toString();
    int bad = 0;
    for (const model::BadcaseRecord &badcase : badcases)
        bad += badcase.verdict == "bad" ? 1 : 0;
    if (!byTag.empty()) {
        text += "\nBy tag (of " + std::to_string(bad) + " bad):";
        std::vector<std::pair<std::string, int>> sorted(byTag.begin(), byTag.end());
        std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
        for (const auto &[tag, count] : sorted)
            text += "  " + tag + " " + std::to_string(count);
        text += "\n";
    }
    ctx.print(text);
}

void runBadcaseSet(const CliContext &ctx, const BadcaseArgs &args)
{
    const store::Project project = ctx.openProject();
    std::string fixedIn = args.fixedIn;
    if (!fixedIn.empty()) {
        const model::VersionRecord version = project.resolve(fixedIn);
        fixedIn = version.promptName + "@" + std::to_string(version.number);
    }
    else if (args.status == "fixed")
        throw CliError(ExitUsage, "usage", "--status fixed needs --fixed-in REF: the version that fixed it");
    store::BadcaseStore(project).setStatus(args.id, args.status, fixedIn);
    if (ctx.options.json)
        ctx.printJson({{"id", args.id}, {"status", args.status}, {"fixed_in", fixedIn.empty() ? json(nullptr) : json(fixedIn)}});
    else
        ctx.print("Bad case " + std::to_string(args.id) + " is " + args.status
            + (fixedIn.empty() ? "" : " in " + fixedIn) + ".\n");
}

void runBadcaseReeval(const CliContext &ctx, const BadcaseArgs &args)
{
    const store::Project project = ctx.openProject(args.apply ? store::ProjectAccess::Write
                                                              : store::ProjectAccess::Read);
    const badcase::RegressionCheck check
        = checked([&] { return badcase::checkRegression(project, args.runId, args.before, args.after); });
    const int changed = args.apply ? badcase::applyOutcomes(project, check) : 0;
    if (ctx.options.json) {
        json cases = json::array();
        for (const badcase::CaseOutcome &outcome : check.cases)
            cases.push_back({{"case", outcome.caseIndex},
                {"badcase", outcome.badcase ? json(*outcome.badcase) : json(nullptr)},
                {"outcome", outcome.outcome}, {"tags", outcome.tags}});
        ctx.printJson({{"run_id", check.runId}, {"before", check.before}, {"after", check.after},
            {"fixed", check.fixed}, {"still_bad", check.stillBad}, {"newly_broken", check.newlyBroken},
            {"still_good", check.stillGood}, {"p_value", check.comparison.pValue},
            {"sentence", check.sentence}, {"cases", cases}, {"statuses_changed", changed}});
        return;
    }
    TextTable table;
    table.addRow({"CASE", "BAD CASE", "OUTCOME", "TAGS"});
    for (const badcase::CaseOutcome &outcome : check.cases)
        table.addRow({std::to_string(outcome.caseIndex), outcome.badcase ? std::to_string(*outcome.badcase) : "-",
            outcome.outcome, util::join(outcome.tags)});
    ctx.print(table.toString() + "\n" + check.sentence + "\n"
        + (args.apply ? std::to_string(changed) + " bad cases changed status.\n"
                      : std::string("`--apply` marks the fixed ones fixed in ") + check.afterVersion + ".\n"));
}

void runDatasetFromBadcases(const CliContext &ctx, const BadcaseArgs &args)
{
    const store::Project project = ctx.openProject();
    store::BadcaseFilter filter;
    filter.prompt = args.prompt;
    filter.tags = args.tags;
    filter.ids = args.ids;
    const badcase::RegressionDataset made
        = checked([&] { return badcase::datasetFromBadcases(project, args.name, filter); });
    if (ctx.options.json) {
        ctx.printJson({{"dataset", made.dataset.name}, {"revision", made.dataset.revision},
            {"cases", made.dataset.caseCount}, {"added", made.cases}, {"skipped", made.skipped}});
        return;
    }
    ctx.print(made.dataset.name + " revision " + std::to_string(made.dataset.revision) + ": "
        + std::to_string(made.cases) + " cases from bad cases added (" + std::to_string(made.dataset.caseCount)
        + " in all)\n");
    if (!made.skipped.empty())
        std::fprintf(stderr, "%zu bad cases have no variable values to replay and were left out.\n",
            made.skipped.size());
}

} // namespace

void addBadcaseCommands(CLI::App &app, CliContext &ctx, Action &action)
{
    auto args = std::make_shared<BadcaseArgs>();
    CLI::App *tagCmd = app.add_subcommand("tag", "The project's taxonomy of bad-case tags");
    tagCmd->require_subcommand(1);
    onChosen(tagCmd->add_subcommand("list", "The tags and what each means"), action, [&ctx] { runTagList(ctx); });
    CLI::App *tagAdd = tagCmd->add_subcommand("add", "Add a tag to the taxonomy");
    tagAdd->add_option("NAME", args->name, "The tag")->required();
    tagAdd->add_option("--description", args->description, "What it means, in one line");
    tagAdd->add_option("--colour", args->colour, "#rrggbb for the board");
    onChosen(tagAdd, action, [&ctx, args] { runTagAdd(ctx, *args); });
    CLI::App *tagRemove = tagCmd->add_subcommand("remove", "Remove a tag from the taxonomy");
    tagRemove->add_option("NAME", args->name, "The tag")->required();
    onChosen(tagRemove, action, [&ctx, args] { runTagRemove(ctx, *args); });

    CLI::App *badcaseCmd = app.add_subcommand("badcase", "Mark answers bad, find the pattern, follow the fix");
    badcaseCmd->require_subcommand(1);
    CLI::App *add = badcaseCmd->add_subcommand("add", "Mark an answer bad (or good)");
    add->add_option("ANSWER", args->answer, "RUN_ID:CASE:COLUMN[:REPEAT] or RUN_ID:TARGET")->required();
    add->add_option("--tag", args->tags, "A tag of the taxonomy (repeatable)");
    add->add_option("--note", args->note, "What is wrong");
    add->add_option("--corrected", args->corrected, "The answer it should have given");
    add->add_option("--corrected-file", args->correctedFile, "The same, from a file")->excludes("--corrected");
    add->add_flag("--good", args->good, "A good answer (kept for fine-tuning data)");
    add->add_option("--by", args->by, "Who marks it (default: you)");
    onChosen(add, action, [&ctx, args] { runBadcaseAdd(ctx, *args); });
    CLI::App *list = badcaseCmd->add_subcommand("list", "The bad cases, counted per tag");
    list->add_option("--prompt", args->prompt, "Of one prompt");
    list->add_option("--tag", args->tags, "With any of these tags");
    list->add_option("--status", args->status, "open, fixed or wontfix")
        ->check(CLI::IsMember({"open", "fixed", "wontfix"}));
    onChosen(list, action, [&ctx, args] { runBadcaseList(ctx, *args); });
    CLI::App *set = badcaseCmd->add_subcommand("set", "Set a bad case's status");
    set->add_option("ID", args->id, "The bad case")->required();
    set->add_option("--status", args->status, "open, fixed or wontfix")
        ->required()
        ->check(CLI::IsMember({"open", "fixed", "wontfix"}));
    set->add_option("--fixed-in", args->fixedIn, "The version that fixed it");
    onChosen(set, action, [&ctx, args] { runBadcaseSet(ctx, *args); });

    CLI::App *reeval = badcaseCmd->add_subcommand(
        "reeval", "Read an evaluation of a regression dataset: fixed, still bad, newly broken");
    reeval->add_option("RUN_ID", args->runId, "An eval of the regression dataset in two columns")->required();
    reeval->add_option("--before", args->before, "The column that failed (default: the first)");
    reeval->add_option("--after", args->after, "The fix (default: the second)");
    reeval->add_flag("--apply", args->apply, "Mark the fixed bad cases fixed, re-open the others");
    onChosen(reeval, action, [&ctx, args] { runBadcaseReeval(ctx, *args); });

    CLI::App *datasetCmd = app.get_subcommand("dataset");
    CLI::App *fromBadcases = datasetCmd->add_subcommand(
        "from-badcases", "Bad cases as the dataset's next revision: a regression set");
    fromBadcases->add_option("NAME", args->name, "The dataset")->required();
    fromBadcases->add_option("--prompt", args->prompt, "Bad cases of one prompt");
    fromBadcases->add_option("--tag", args->tags, "With any of these tags");
    fromBadcases->add_option("--id", args->ids, "These bad cases");
    onChosen(fromBadcases, action, [&ctx, args] { runDatasetFromBadcases(ctx, *args); });
}

} // namespace ps::cli
