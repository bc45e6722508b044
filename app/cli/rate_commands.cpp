// rate create/list/items/add/import/report: the CLI's front end of core/rating.

#include "rate_commands.h"

#include "cli_format.h"

#include "rating/rater_page.h"
#include "rating/rating_report.h"
#include "rating/rating_scale.h"
#include "rating/rating_sessions.h"
#include "store/rating_store.h"

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
    request.runId = args.runId;
    request.mode = args.mode;
    request.columns = args.columns;
    request.scale = args.scale;
    request.criteria = args.criteria;
    request.seed = args.seed;
    if (!args.guidelineFile.empty())
        request.guideline = readTextFile(args.guidelineFile, "guideline", 1 << 20);
    const rating::CreatedRatingSession created
        = checked("rating", [&] { return rating::createRatingSession(project, request); });
    if (ctx.options.json) {
        ctx.printJson({{"session", created.session.id}, {"run_id", created.session.runId},
            {"mode", created.session.mode}, {"columns", created.session.columns},
            {"items", created.items}, {"left_out", created.leftOut}});
        return;
    }
    ctx.print(created.session.id + "\n");
    std::string note = std::to_string(created.items) + " items to rate (" + created.session.mode
        + " over " + std::to_string(created.session.columns.size()) + " columns, blind)";
    if (created.leftOut > 0)
        note += "; " + std::to_string(created.leftOut)
            + " left out because an answer names its model or provider";
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
            items.push_back({{"session", session.id}, {"run_id", session.runId},
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
        table.addRow({session.id, session.mode, session.runId, std::to_string(session.itemCount),
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

} // namespace ps::cli
