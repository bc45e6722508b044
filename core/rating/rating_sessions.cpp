#include "rating/rating_sessions.h"

#include "eval/bootstrap.h"
#include "rating/rated_answers.h"
#include "rating/rating_scale.h"
#include "store/names.h"
#include "store/project.h"
#include "store/rating_store.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "util/ascii_text.h"

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>

namespace ps::rating {

using nlohmann::json;

namespace {

// Names that give a model away when an answer says them (Arena drops such battles).
constexpr const char *kVendorNames[] = {"openai", "chatgpt", "gpt-", "anthropic", "claude",
    "gemini", "google", "llama", "meta ai", "mistral", "deepseek", "qwen", "grok", "ollama"};

bool namesItsModel(const store::ResponseRecord &response)
{
    const std::string text = util::asciiLower(response.text);
    for (const char *name : kVendorNames)
        if (text.find(name) != std::string::npos)
            return true;
    // The target's and model's own names, when long enough not to be ordinary words.
    for (const std::string &own : {response.model, response.targetId}) {
        const std::string lower = util::asciiLower(own);
        if (lower.size() >= 4 && text.find(lower) != std::string::npos)
            return true;
    }
    return false;
}

std::uint64_t raterSeed(std::uint64_t seed, const std::string &rater)
{
    std::uint64_t hash = 1469598103934665603ULL; // FNV-1a: fixed everywhere, unlike std::hash
    for (const unsigned char c : rater)
        hash = (hash ^ c) * 1099511628211ULL;
    return seed ^ hash;
}

const char *defaultQuestion(const std::string &mode)
{
    return mode == "pairwise" ? "Which response is better?" : "How good is this response?";
}

} // namespace

model::GuidelineRecord storedGuideline(const store::Project &project, const std::string &ref)
{
    std::string name = ref;
    std::optional<int> version;
    if (const auto at = name.rfind('@'); at != std::string::npos) {
        const std::string number = name.substr(at + 1);
        if (number.empty() || !store::isAllDigits(number) || number.size() > 9)
            throw std::invalid_argument("a guideline is NAME or NAME@N, not '" + ref + "'");
        version = std::stoi(number);
        name.resize(at);
    }
    return store::RatingStore(project).guideline(name, version);
}

namespace {

// The text of the stored guideline a request names ("NAME" or "NAME@N"), or its own text
// saved as the next version of the name it gives.
void attachGuideline(const store::Project &project, const RatingSessionRequest &request,
    model::RatingSessionRecord &session)
{
    session.guideline = request.guideline;
    if (request.guidelineName.empty())
        return;
    store::RatingStore store(project);
    if (!request.guideline.empty()) {
        session.guidelineRef = store.saveGuideline(request.guidelineName, request.guideline).ref();
        return;
    }
    const model::GuidelineRecord guideline = storedGuideline(project, request.guidelineName);
    session.guideline = guideline.text;
    session.guidelineRef = guideline.ref();
}

} // namespace

CreatedRatingSession createRatingSession(
    const store::Project &project, const RatingSessionRequest &request)
{
    if (request.mode != "pairwise" && request.mode != "rubric")
        throw std::invalid_argument("the mode is pairwise or rubric, not '" + request.mode + "'");
    const RatedAnswers answers = ratedAnswers(project, request.runIds);
    const std::string runs = answers.windowRuns
        ? "the window runs " + util::join(request.runIds, ", ")
        : "run " + request.runIds.front();

    model::RatingSessionRecord session;
    session.runIds = request.runIds;
    session.mode = request.mode;
    session.columns = request.columns.empty() ? answers.columns : request.columns;
    for (const std::string &column : session.columns)
        if (std::find(answers.columns.begin(), answers.columns.end(), column) == answers.columns.end())
            throw std::invalid_argument(runs + (answers.windowRuns ? " have" : " has") + " no column '"
                + column + "' (" + (answers.columns.empty() ? "no answer at all" : "its columns: " + util::join(answers.columns, ", ")) + ")");
    if (request.mode == "pairwise" && session.columns.size() < 2)
        throw std::invalid_argument("a pairwise session needs two or more columns to compare");
    if (request.mode == "rubric")
        session.scale = RatingScale::parse(request.scale.empty() ? "1-5" : request.scale).text();
    else if (!request.scale.empty())
        throw std::invalid_argument("a pairwise session has no scale: raters choose 1, 2, tie or bad");
    session.criteria = request.criteria.empty()
        ? std::vector<std::string> {defaultQuestion(request.mode)}
        : request.criteria;
    session.seed = request.seed;

    std::mt19937_64 sides(request.seed);
    std::vector<model::RatingItemRecord> items;
    CreatedRatingSession created;
    const auto add = [&](int caseIndex, std::vector<std::pair<std::string, const store::ResponseRecord *>> shown) {
        if (std::any_of(shown.begin(), shown.end(), [](const auto &s) { return namesItsModel(*s.second); })) {
            ++created.leftOut;
            return;
        }
        model::RatingItemRecord item;
        item.index = int(items.size());
        item.caseIndex = caseIndex;
        for (const auto &[column, response] : shown) {
            item.columns.push_back(column);
            item.responseIds.push_back(response->id);
        }
        items.push_back(std::move(item));
    };
    for (int caseIndex = 0; caseIndex < answers.cases; ++caseIndex) {
        if (request.mode == "rubric") {
            for (const std::string &column : session.columns)
                if (const store::ResponseRecord *answer = answers.answer(caseIndex, column))
                    add(caseIndex, {{column, answer}});
            continue;
        }
        for (std::size_t a = 0; a < session.columns.size(); ++a)
            for (std::size_t b = a + 1; b < session.columns.size(); ++b) {
                std::pair first {session.columns[a], answers.answer(caseIndex, session.columns[a])};
                std::pair second {session.columns[b], answers.answer(caseIndex, session.columns[b])};
                if (!first.second || !second.second)
                    continue;
                // Drawn for every pair, so one pair's presence never shifts another's sides.
                if (eval::uniformBelow(sides, 2) == 1)
                    std::swap(first, second);
                add(caseIndex, {first, second});
            }
    }
    if (items.empty())
        throw std::invalid_argument(runs + (answers.windowRuns ? " have" : " has") + " nothing to rate: no "
            + (answers.windowRuns ? "run" : "case") + " has "
            + (request.mode == "pairwise" ? std::string("answers in two of the columns")
                                          : std::string("an answer in the columns"))
            + (created.leftOut > 0 ? " that does not name its model" : ""));
    attachGuideline(project, request, session);
    created.session = store::RatingStore(project).create(session, items);
    created.items = int(items.size());
    return created;
}

std::vector<BlindItem> blindItems(
    const store::Project &project, const std::string &sessionId, const std::string &rater)
{
    const store::RatingStore ratings(project);
    const model::RatingSessionRecord session = ratings.session(sessionId);
    std::vector<model::RatingItemRecord> items = ratings.items(sessionId);
    const store::RunStore runs(project);
    std::map<std::int64_t, std::string> texts;
    for (const std::string &runId : session.runIds)
        for (const store::ResponseRecord &response : runs.responses(runId))
            texts[response.id] = response.text;
    std::vector<json> inputs;
    try {
        inputs = caseInputs(project, session.runIds);
    } catch (const store::StoreError &) {
        // A run removed since: its answers are gone too, and the items show nothing of it.
    }
    if (!rater.empty()) { // Fisher-Yates from the rater's own seed
        std::mt19937_64 random(raterSeed(session.seed, rater));
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[eval::uniformBelow(random, i)]);
    }
    std::vector<BlindItem> shown;
    for (const model::RatingItemRecord &item : items) {
        BlindItem blind;
        blind.id = item.id;
        if (item.caseIndex >= 0 && std::size_t(item.caseIndex) < inputs.size())
            blind.vars = inputs[std::size_t(item.caseIndex)];
        for (const std::int64_t id : item.responseIds)
            blind.responses.push_back(texts[id]);
        shown.push_back(std::move(blind));
    }
    return shown;
}

namespace {

void checkRating(const model::RatingSessionRecord &session, const model::RatingRecord &rating)
{
    if (rating.rater.empty())
        throw std::invalid_argument("a rating needs the rater's name");
    if (session.mode == "pairwise") {
        static const std::vector<std::string> choices = {"1", "2", "tie", "bad"};
        if (std::find(choices.begin(), choices.end(), rating.choice) == choices.end())
            throw std::invalid_argument("a pairwise rating's choice is 1, 2, tie or bad, not '"
                + rating.choice + "'");
        return;
    }
    if (!rating.choice.empty())
        throw std::invalid_argument("a rubric rating gives scores, not a choice");
    if (!rating.scores.is_array() || rating.scores.size() != session.criteria.size())
        throw std::invalid_argument("a rubric rating gives one score per criterion ("
            + std::to_string(session.criteria.size()) + " here)");
    const RatingScale scale = RatingScale::parse(session.scale);
    for (const json &score : rating.scores)
        scale.valueOf(score);
}

} // namespace

void addRating(const store::Project &project, const std::string &sessionId, model::RatingRecord rating)
{
    store::RatingStore ratings(project);
    checkRating(ratings.session(sessionId), rating);
    ratings.rate(sessionId, rating);
}

std::pair<std::string, int> importRatings(const store::Project &project, const json &file)
{
    if (!file.is_object() || !file.contains("session") || !file["session"].is_string()
        || !file.contains("rater") || !file["rater"].is_string() || !file.contains("ratings")
        || !file["ratings"].is_array())
        throw std::invalid_argument(
            "a ratings file is {\"session\": \"...\", \"rater\": \"...\", \"ratings\": [...]}");
    const std::string sessionId = file["session"].get<std::string>();
    store::RatingStore store(project);
    const model::RatingSessionRecord session = store.session(sessionId);
    std::vector<std::string> known;
    for (const model::RatingItemRecord &item : store.items(sessionId))
        known.push_back(item.id);
    std::vector<model::RatingRecord> ratings;
    for (std::size_t i = 0; i < file["ratings"].size(); ++i) {
        const json &entry = file["ratings"][i];
        const std::string where = "ratings[" + std::to_string(i) + "]: ";
        try {
            if (!entry.is_object() || !entry.contains("item") || !entry["item"].is_string())
                throw std::invalid_argument("each rating names its \"item\"");
            model::RatingRecord rating;
            rating.item = entry["item"].get<std::string>();
            if (std::find(known.begin(), known.end(), rating.item) == known.end())
                throw std::invalid_argument("session " + sessionId + " has no item '" + rating.item + "'");
            rating.rater = file["rater"].get<std::string>();
            if (entry.contains("choice"))
                rating.choice = entry["choice"].is_string() ? entry["choice"].get<std::string>()
                                                            : entry["choice"].dump();
            if (entry.contains("scores"))
                rating.scores = entry["scores"];
            if (entry.contains("note") && entry["note"].is_string())
                rating.note = entry["note"].get<std::string>();
            if (entry.contains("time") && entry["time"].is_string())
                rating.rated = entry["time"].get<std::string>();
            checkRating(session, rating);
            ratings.push_back(std::move(rating));
        } catch (const std::invalid_argument &error) {
            throw std::invalid_argument(where + error.what());
        }
    }
    for (const model::RatingRecord &rating : ratings)
        store.rate(sessionId, rating);
    return {sessionId, int(ratings.size())};
}

} // namespace ps::rating
