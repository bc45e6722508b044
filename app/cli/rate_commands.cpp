// rate create/list/items/add/import/report: the CLI's front end of core/rating.

#include "rate_commands.h"

#include "cli_format.h"

#include "rating/guideline_examples.h"
#include "rating/rater_page.h"
#include "rating/rating_report.h"
#include "rating/rating_scale.h"
#include "rating/rating_sessions.h"
#include "store/rating_store.h"

#include <filesystem>
#include <stdexcept>

namespace ps::cli {

using nlohmann::json;

namespace {

// Core says what is wrong with a request in a sentence; the CLI adds the exit code.
template<typename Call>
auto checked(const std::string &kind, Call &&call)
{
    try {
        return call();
    } catch (const std::invalid_argument &error) {
        throw CliError(ExitBadInput, kind, error.what());
    }
}

} // namespace

void runRateCreate(const CliContext &ctx, const RateArgs &args)
{
    const store::Project project = ctx.openProject();
    rating::RatingSessionRequest request;
    request.runIds = args.runIds;
    request.mode = args.mode;
    request.columns = args.columns;
    request.scale = args.scale;
    request.criteria = args.criteria;
    request.seed = args.seed;
    // A Markdown file becomes the next version of the guideline named after it; anything else
    // names a stored one.
    if (!args.guideline.empty()) {
        std::error_code error;
        if (std::filesystem::is_regular_file(args.guideline, error)) {
            request.guideline = readTextFile(args.guideline, "guideline", 1 << 20);
            request.guidelineName = std::filesystem::path(args.guideline).stem().string();
        } else {
            request.guidelineName = args.guideline;
        }
    }
    const rating::CreatedRatingSession created
        = checked("rating", [&] { return rating::createRatingSession(project, request); });
    if (ctx.options.json) {
        ctx.printJson({{"session", created.session.id}, {"run_id", created.session.runId},
            {"run_ids", created.session.runIds}, {"mode", created.session.mode},
            {"columns", created.session.columns},
            {"guideline", created.session.guidelineRef.empty() ? json(nullptr) : json(created.session.guidelineRef)},
            {"items", created.items}, {"left_out", created.leftOut}});
        return;
    }
    ctx.print(created.session.id + "\n");
    std::string note = std::to_string(created.items) + " items to rate (" + created.session.mode
        + " over " + std::to_string(created.session.columns.size()) + " columns, blind)";
    if (created.leftOut > 0)
        note += "; " + std::to_string(created.leftOut)
            + " left out because an answer names its model or provider";
    if (!created.session.guidelineRef.empty())
        note += "; guideline " + created.session.guidelineRef;
    std::fprintf(stderr,
        "%s.\nA rater sees them with `rate items %s --rater NAME` and rates each with `rate add`; "
        "a ratings file comes in with `rate import`.\n",
        note.c_str(), created.session.id.c_str());
}

void runRateList(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const std::vector<model::RatingSessionRecord> sessions = store::RatingStore(project).list();
    if (ctx.options.json) {
        json items = json::array();
        for (const model::RatingSessionRecord &session : sessions)
            items.push_back({{"session", session.id}, {"run_id", session.runId}, {"run_ids", session.runIds},
                {"guideline", session.guidelineRef.empty() ? json(nullptr) : json(session.guidelineRef)},
                {"mode", session.mode}, {"columns", session.columns}, {"scale", session.scale},
                {"criteria", session.criteria}, {"items", session.itemCount},
                {"ratings", session.ratingCount}, {"created", session.created}});
        ctx.printJson({{"sessions", items}});
        return;
    }
    if (sessions.empty()) {
        ctx.print("No rating sessions yet. Start one with `rate create RUN_ID --mode pairwise`.\n");
        return;
    }
    TextTable table;
    table.addRow({"SESSION", "MODE", "RUN", "ITEMS", "RATINGS", "COLUMNS"});
    for (const model::RatingSessionRecord &session : sessions) {
        std::string columns;
        for (const std::string &column : session.columns)
            columns += (columns.empty() ? "" : ", ") + column;
        table.addRow({session.id, session.mode,
            session.runIds.size() > 1 ? session.runId + " +" + std::to_string(session.runIds.size() - 1) : session.runId,
            std::to_string(session.itemCount),
            std::to_string(session.ratingCount), columns});
    }
    ctx.print(table.toString());
}

void runRateItems(const CliContext &ctx, const RateArgs &args)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const model::RatingSessionRecord session = store::RatingStore(project).session(args.session);
    const std::vector<rating::BlindItem> items = rating::blindItems(project, args.session, args.rater);
    if (ctx.options.json) {
        json list = json::array();
        for (const rating::BlindItem &item : items)
            list.push_back({{"item", item.id}, {"vars", item.vars}, {"responses", item.responses}});
        ctx.printJson({{"session", session.id}, {"mode", session.mode},
            {"criteria", session.criteria}, {"scale", session.scale}, {"items", list}});
        return;
    }
    std::string text;
    for (const rating::BlindItem &item : items) {
        text += "── " + item.id + "\n";
        for (const auto &[name, value] : item.vars.items())
            text += name + ": " + (value.is_string() ? value.get<std::string>() : value.dump()) + "\n";
        for (std::size_t i = 0; i < item.responses.size(); ++i)
            text += "Response " + std::to_string(i + 1) + ": " + item.responses[i] + "\n";
    }
    ctx.print(text);
}

void runRateAdd(const CliContext &ctx, const RateArgs &args)
{
    const store::Project project = ctx.openProject();
    const model::RatingSessionRecord session = store::RatingStore(project).session(args.session);
    model::RatingRecord rating;
    rating.item = args.item;
    rating.rater = args.rater;
    rating.choice = args.choice;
    rating.note = args.note;
    checked("rating", [&] {
        if (!args.scores.empty()) {
            const rating::RatingScale scale = rating::RatingScale::parse(session.scale);
            for (const std::string &score : args.scores)
                rating.scores.push_back(scale.scoreFromText(score));
        }
        rating::addRating(project, args.session, rating);
        return 0;
    });
    if (ctx.options.json)
        ctx.printJson({{"session", args.session}, {"item", args.item}, {"rater", args.rater}});
    else
        ctx.print("Rated " + args.item + " as " + args.rater + ".\n");
}

void runRateImport(const CliContext &ctx, const RateArgs &args)
{
    const json file = readJsonFile(args.file, "ratings file");
    const store::Project project = ctx.openProject();
    const auto [session, count]
        = checked("ratings", [&] { return rating::importRatings(project, file); });
    if (ctx.options.json)
        ctx.printJson({{"session", session}, {"rater", file["rater"]}, {"ratings", count}});
    else
        ctx.print("Imported " + std::to_string(count) + " ratings by "
            + file["rater"].get<std::string>() + " into session " + session + ".\n");
}

void runRateExport(const CliContext &ctx, const RateArgs &args)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const std::string page
        = checked("rating", [&] { return rating::raterPage(project, args.session, args.rater); });
    ctx.writeOutputFile(args.output, page);
    if (ctx.options.json)
        ctx.printJson({{"session", args.session}, {"rater", args.rater}, {"file", args.output}});
    else
        ctx.print("Wrote " + args.output + ": " + args.rater
            + "'s page (open it in any browser; it saves a ratings file for `rate import`).\n");
}

void runRateReport(const CliContext &ctx, const RateArgs &args)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const rating::RatingReport report = rating::buildRatingReport(project, args.session);
    if (ctx.options.json)
        ctx.printJson(rating::toJson(report));
    else
        ctx.print(rating::reportText(report));
}

json guidelineJson(const model::GuidelineRecord &guideline)
{
    return {{"name", guideline.name}, {"version", guideline.version}, {"ref", guideline.ref()},
        {"created", guideline.created}, {"text", guideline.text}};
}

void runRateGuidelineList(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const std::vector<model::GuidelineRecord> guidelines = store::RatingStore(project).guidelines();
    if (ctx.options.json) {
        json list = json::array();
        for (const model::GuidelineRecord &guideline : guidelines)
            list.push_back({{"name", guideline.name}, {"version", guideline.version},
                {"versions", guideline.versions}, {"created", guideline.created}});
        ctx.printJson({{"guidelines", list}});
        return;
    }
    if (guidelines.empty()) {
        ctx.print("No guidelines yet. Store one with `rate guideline set NAME FILE.md`, or give "
                  "`rate create --guideline FILE.md`.\n");
        return;
    }
    TextTable table;
    table.addRow({"NAME", "LATEST", "VERSIONS", "CREATED"});
    for (const model::GuidelineRecord &guideline : guidelines)
        table.addRow({guideline.name, guideline.ref(), std::to_string(guideline.versions), guideline.created});
    ctx.print(table.toString());
}

void runRateGuidelineShow(const CliContext &ctx, const RateArgs &args)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const model::GuidelineRecord guideline
        = checked("guideline", [&] { return rating::storedGuideline(project, args.name); });
    if (ctx.options.json)
        ctx.printJson(guidelineJson(guideline));
    else
        ctx.print(guideline.text + (guideline.text.empty() || guideline.text.back() == '\n' ? "" : "\n"));
}

void runRateGuidelineSet(const CliContext &ctx, const RateArgs &args)
{
    const std::string text = readTextFile(args.file, "guideline", 1 << 20);
    const store::Project project = ctx.openProject();
    const model::GuidelineRecord guideline = store::RatingStore(project).saveGuideline(args.name, text);
    if (ctx.options.json)
        ctx.printJson(guidelineJson(guideline));
    else
        ctx.print(guideline.ref() + "\n");
}

void runRateGuidelineExamples(const CliContext &ctx, const RateArgs &args)
{
    const store::Project project = ctx.openProject();
    const rating::StoredExamples stored = rating::storeGuidelineExamples(project, args.session, args.name);
    if (ctx.options.json) {
        json result = guidelineJson(stored.guideline);
        result["examples"] = stored.examples;
        ctx.printJson(result);
        return;
    }
    const std::string ref = stored.guideline.ref();
    ctx.print(ref + "\n");
    std::fprintf(stderr, "%d examples from session %s, each an answer every rater of it scored the same; "
                         "`rate guideline show %s` reads it, `rate create --guideline %s` uses it.\n",
        stored.examples, args.session.c_str(), ref.c_str(), ref.c_str());
}

} // namespace ps::cli
