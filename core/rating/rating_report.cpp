#include "rating/rating_report.h"

#include "rating/agreement.h"
#include "rating/rating_scale.h"
#include "store/project.h"
#include "store/rating_store.h"
#include "store/run_store.h"
#include "util/ascii_text.h"
#include "util/number_text.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace ps::rating {

using nlohmann::json;

namespace {

// Pairwise choices as nominal categories: the choice means the same column for every rater of
// an item, since an item's sides are fixed.
std::optional<double> choiceCategory(const std::string &choice)
{
    if (choice == "1")
        return 0.0;
    if (choice == "2")
        return 1.0;
    if (choice == "tie")
        return 2.0;
    if (choice == "bad")
        return 3.0;
    return std::nullopt;
}

json orNull(const std::optional<double> &value)
{
    return value ? json(*value) : json(nullptr);
}

json intervalJson(const std::optional<eval::Interval> &interval)
{
    return interval ? json::array({interval->low, interval->high}) : json(nullptr);
}

// An answer's LLM-judge verdict: the first llm-rubric or groundedness assertion evaluated on it.
struct JudgeVerdict
{
    std::string type;
    bool pass = false;
    double score = 0.0;
};

std::optional<JudgeVerdict> judgeOf(const store::ResponseRecord &response)
{
    for (const json &assertion : response.assertions) {
        if (!assertion.is_object() || !assertion.contains("type") || !assertion["type"].is_string())
            continue;
        const std::string type = assertion["type"].get<std::string>();
        if (type != "llm-rubric" && type != "groundedness")
            continue;
        JudgeVerdict verdict;
        verdict.type = type;
        verdict.pass = assertion.value("pass", false);
        verdict.score = assertion.contains("score") && assertion["score"].is_number()
            ? assertion["score"].get<double>()
            : (verdict.pass ? 1.0 : 0.0);
        return verdict;
    }
    return std::nullopt;
}

// The most frequent category among a unit's ratings; nullopt when none, or when two tie.
std::optional<double> majorityOf(const std::vector<std::optional<double>> &ratings)
{
    std::map<double, int> counts;
    for (const std::optional<double> &rating : ratings)
        if (rating)
            ++counts[*rating];
    std::optional<double> best;
    int bestCount = 0;
    bool tied = false;
    for (const auto &[value, count] : counts) {
        if (count > bestCount) {
            best = value;
            bestCount = count;
            tied = false;
        } else if (count == bestCount) {
            tied = true;
        }
    }
    return tied ? std::nullopt : best;
}

// Judge against the raters' majority per item. Pairwise: the judge prefers the answer it
// scored higher (a tie when equal), compared with the majority's 1, 2 or tie. Rubric: the
// judge's pass against the majority's good or bad (pass on pass-fail; the upper half of a
// numeric scale); a label scale has no good or bad, so no comparison.
std::optional<JudgeAgreement> judgeAgreement(const store::Project &project,
    const model::RatingSessionRecord &session, const std::vector<model::RatingItemRecord> &items,
    const RatingMatrix &matrix, const std::optional<RatingScale> &scale)
{
    if (scale && scale->kind() == RatingScale::Kind::Labels)
        return std::nullopt;
    std::map<std::int64_t, store::ResponseRecord> responses;
    if (session.runIds.size() != 1)
        return std::nullopt; // window runs are never judged
    for (store::ResponseRecord &response : store::RunStore(project).responses(session.runId))
        responses.emplace(response.id, std::move(response));
    JudgeAgreement result;
    RatingMatrix pairs; // [item][judge, majority]
    int agreed = 0;
    for (std::size_t unit = 0; unit < items.size(); ++unit) {
        std::vector<JudgeVerdict> verdicts;
        for (const std::int64_t id : items[unit].responseIds)
            if (const auto found = responses.find(id); found != responses.end())
                if (const auto verdict = judgeOf(found->second))
                    verdicts.push_back(*verdict);
        if (verdicts.empty() || verdicts.size() != items[unit].responseIds.size())
            continue;
        const std::optional<double> majority = majorityOf(matrix[unit]);
        if (!majority)
            continue;
        double human = *majority;
        double judge = 0.0;
        if (session.mode == "pairwise") {
            if (human == 3.0) // "both bad" prefers neither
                continue;
            judge = verdicts[0].score > verdicts[1].score ? 0.0
                : verdicts[0].score < verdicts[1].score   ? 1.0
                                                          : 2.0;
        } else {
            if (scale->kind() != RatingScale::Kind::PassFail)
                human = human > scale->midpoint() ? 1.0 : 0.0;
            judge = verdicts[0].pass ? 1.0 : 0.0;
        }
        result.judge = verdicts[0].type;
        ++result.items;
        agreed += judge == human ? 1 : 0;
        pairs.push_back({judge, human});
    }
    if (result.items == 0)
        return std::nullopt;
    result.agreement = double(agreed) / double(result.items);
    result.cohenKappa = cohenKappa(pairs);
    return result;
}

} // namespace

RatingReport buildRatingReport(const store::Project &project, const std::string &sessionId,
    const eval::BootstrapOptions &bootstrap)
{
    const store::RatingStore store(project);
    RatingReport report;
    report.session = store.session(sessionId);
    report.bootstrap = bootstrap;
    const std::vector<model::RatingItemRecord> items = store.items(sessionId);
    const std::vector<model::RatingRecord> ratings = store.ratings(sessionId);
    report.items = int(items.size());
    report.ratings = int(ratings.size());
    std::set<std::string> raters;
    for (const model::RatingRecord &rating : ratings)
        raters.insert(rating.rater);
    report.raters.assign(raters.begin(), raters.end());

    std::map<std::string, const model::RatingItemRecord *> itemById;
    std::map<std::string, std::size_t> unitOf;
    for (const model::RatingItemRecord &item : items) {
        itemById[item.id] = &item;
        unitOf[item.id] = unitOf.size();
    }
    const auto columnIndex = [&](const std::string &column) {
        return std::size_t(std::find(report.session.columns.begin(), report.session.columns.end(), column)
            - report.session.columns.begin());
    };
    const std::size_t columns = report.session.columns.size();
    RatingMatrix matrix(items.size(), std::vector<std::optional<double>>(report.raters.size()));
    const auto raterIndex = [&](const std::string &rater) {
        return std::size_t(std::find(report.raters.begin(), report.raters.end(), rater) - report.raters.begin());
    };
    const bool pairwise = report.session.mode == "pairwise";
    std::optional<RatingScale> scale;
    if (!pairwise)
        scale = RatingScale::parse(report.session.scale);

    std::vector<Battle> battles;
    // rubric: values[column][criterion], and how often each score was given
    std::vector<std::vector<std::vector<double>>> values(
        columns, std::vector<std::vector<double>>(report.session.criteria.size()));
    std::vector<std::vector<std::map<std::string, int>>> given(
        columns, std::vector<std::map<std::string, int>>(report.session.criteria.size()));
    for (const model::RatingRecord &rating : ratings) {
        const model::RatingItemRecord *item = itemById.at(rating.item);
        const std::size_t unit = unitOf.at(rating.item);
        if (pairwise) {
            matrix[unit][raterIndex(rating.rater)] = choiceCategory(rating.choice);
            if (item->columns.size() != 2)
                continue;
            const std::size_t first = columnIndex(item->columns[0]);
            const std::size_t second = columnIndex(item->columns[1]);
            if (rating.choice == "bad")
                ++report.bothBad;
            else if (first < columns && second < columns)
                battles.push_back({first, second,
                    rating.choice == "1" ? 1.0 : rating.choice == "2" ? 0.0 : 0.5});
            continue;
        }
        const std::size_t column = item->columns.empty() ? columns : columnIndex(item->columns[0]);
        for (std::size_t criterion = 0; criterion < rating.scores.size()
             && criterion < report.session.criteria.size();
             ++criterion) {
            try {
                const double value = scale->valueOf(rating.scores[criterion]);
                if (criterion == 0)
                    matrix[unit][raterIndex(rating.rater)] = value;
                if (column < columns) {
                    values[column][criterion].push_back(value);
                    const json &score = rating.scores[criterion];
                    ++given[column][criterion][score.is_string() ? score.get<std::string>() : score.dump()];
                }
            } catch (const std::invalid_argument &) {
                // A score no longer on the scale (a hand-edited file) counts nowhere.
            }
        }
    }

    if (pairwise) {
        report.pairs = pairRecords(battles, columns);
        report.bradleyTerry = bradleyTerryRatings(battles, columns, bootstrap);
    } else {
        for (std::size_t column = 0; column < columns; ++column)
            for (std::size_t criterion = 0; criterion < report.session.criteria.size(); ++criterion) {
                const std::vector<double> &scores = values[column][criterion];
                if (scores.empty())
                    continue;
                ScoreSummary summary;
                summary.column = report.session.columns[column];
                summary.criterion = int(criterion);
                summary.n = int(scores.size());
                double sum = 0.0;
                for (const double score : scores)
                    sum += score;
                summary.mean = sum / double(scores.size());
                summary.ci95 = eval::bootstrapMeanInterval(scores, bootstrap);
                summary.distribution.assign(given[column][criterion].begin(), given[column][criterion].end());
                report.scores.push_back(std::move(summary));
            }
    }

    RaterAgreement &agreement = report.agreement;
    if (report.raters.size() == 2)
        agreement.cohenKappa = cohenKappa(matrix);
    agreement.fleissKappa = fleissKappa(matrix);
    agreement.alphaNominal = krippendorffAlpha(matrix, AlphaLevel::Nominal);
    if (!pairwise) {
        agreement.alphaOrdinal = krippendorffAlpha(matrix, AlphaLevel::Ordinal);
        if (scale->kind() != RatingScale::Kind::Labels)
            agreement.alphaInterval = krippendorffAlpha(matrix, AlphaLevel::Interval);
    }
    if (agreement.cohenKappa)
        agreement.sentences.push_back(agreementSentence(*agreement.cohenKappa, false));
    else if (agreement.fleissKappa)
        agreement.sentences.push_back(agreementSentence(*agreement.fleissKappa, false));
    const std::optional<double> alpha
        = !pairwise && scale->kind() != RatingScale::Kind::Labels ? agreement.alphaInterval
        : !pairwise                                              ? agreement.alphaOrdinal
                                                                 : agreement.alphaNominal;
    if (alpha)
        agreement.sentences.push_back(agreementSentence(*alpha, true));
    for (const std::size_t unit : mostDisputedUnits(matrix, 5))
        agreement.disputedItems.push_back(items[unit].id);
    report.judgeVsHuman = judgeAgreement(project, report.session, items, matrix, scale);
    report.examples = scoreExamples(project, report.session, items, ratings);
    return report;
}

json toJson(const RatingReport &report)
{
    const auto columnName = [&](std::size_t index) {
        return index < report.session.columns.size() ? report.session.columns[index] : std::string();
    };
    json pairs = json::array();
    for (const PairRecord &pair : report.pairs)
        pairs.push_back({{"a", columnName(pair.a)}, {"b", columnName(pair.b)}, {"wins", pair.wins},
            {"ties", pair.ties}, {"losses", pair.losses}, {"win_rate", pair.winRate},
            {"win_rate_ci95", json::array({pair.winRateCi95.low, pair.winRateCi95.high})}});
    json bradleyTerry = nullptr;
    if (report.session.mode == "pairwise") {
        json ratings = nullptr;
        if (report.bradleyTerry) {
            ratings = json::array();
            for (std::size_t i = 0; i < report.bradleyTerry->size(); ++i)
                ratings.push_back({{"column", columnName(i)}, {"rating", (*report.bradleyTerry)[i].rating},
                    {"ci95", intervalJson((*report.bradleyTerry)[i].ci95)}});
        }
        bradleyTerry = {{"seed", report.bootstrap.seed}, {"resamples", report.bootstrap.resamples},
            {"ratings", ratings}};
    }
    json scores = json::array();
    for (const ScoreSummary &score : report.scores) {
        json distribution = json::object();
        for (const auto &[value, count] : score.distribution)
            distribution[value] = count;
        scores.push_back({{"column", score.column}, {"criterion", score.criterion}, {"n", score.n},
            {"mean", score.mean}, {"ci95", intervalJson(score.ci95)}, {"distribution", distribution}});
    }
    json examples = json::array();
    for (const ScoreExample &example : report.examples)
        examples.push_back({{"label", example.label}, {"criterion", example.criterion}, {"item", example.item},
            {"vars", example.vars}, {"responses", example.responses},
            {"preferred", example.preferred > 0 ? json(example.preferred) : json(nullptr)},
            {"raters", example.raters}, {"notes", example.notes}});
    const RaterAgreement &agreement = report.agreement;
    return {{"session", report.session.id}, {"run_id", report.session.runId},
        {"run_ids", report.session.runIds},
        {"mode", report.session.mode}, {"columns", report.session.columns},
        {"criteria", report.session.criteria}, {"scale", report.session.scale},
        {"raters", int(report.raters.size())}, {"rater_names", report.raters},
        {"items", report.items}, {"ratings", report.ratings}, {"both_bad", report.bothBad},
        {"pairs", pairs}, {"bradley_terry", bradleyTerry}, {"scores", scores},
        {"agreement",
            {{"cohen_kappa", orNull(agreement.cohenKappa)}, {"fleiss_kappa", orNull(agreement.fleissKappa)},
                {"krippendorff_alpha",
                    {{"nominal", orNull(agreement.alphaNominal)}, {"ordinal", orNull(agreement.alphaOrdinal)},
                        {"interval", orNull(agreement.alphaInterval)}}},
                {"judge_vs_human",
                    report.judgeVsHuman
                        ? json {{"judge", report.judgeVsHuman->judge}, {"items", report.judgeVsHuman->items},
                              {"agreement", report.judgeVsHuman->agreement},
                              {"cohen_kappa", orNull(report.judgeVsHuman->cohenKappa)}}
                        : json(nullptr)},
                {"summary", agreement.sentences},
                {"disputed_items", agreement.disputedItems}}},
        {"guideline", report.session.guideline},
        {"guideline_ref", report.session.guidelineRef.empty() ? json(nullptr) : json(report.session.guidelineRef)},
        {"examples", examples}};
}

std::string reportText(const RatingReport &report)
{
    const RatingReport &r = report;
    std::string text = "Session " + r.session.id + " (" + r.session.mode
        + (r.session.runIds.size() > 1 ? ", window runs " + util::join(r.session.runIds, ", ") : ", run " + r.session.runId)
        + "): " + std::to_string(r.ratings) + " ratings of " + std::to_string(r.items) + " items by "
        + std::to_string(r.raters.size()) + (r.raters.size() == 1 ? " rater" : " raters") + "\n";
    const auto percent = [](double share) { return util::fixed(share * 100, 1) + "%"; };
    for (const PairRecord &pair : r.pairs)
        text += "  " + r.session.columns[pair.a] + " vs " + r.session.columns[pair.b] + ": "
            + std::to_string(pair.wins) + " wins, " + std::to_string(pair.ties) + " ties, "
            + std::to_string(pair.losses) + " losses; win rate " + percent(pair.winRate) + " (95% CI "
            + percent(pair.winRateCi95.low) + " – " + percent(pair.winRateCi95.high)
            + ", a tie counting half)\n";
    if (r.session.mode == "pairwise") {
        if (r.bothBad > 0)
            text += "  both bad: " + std::to_string(r.bothBad) + "\n";
        if (r.bradleyTerry) {
            text += "Bradley-Terry ratings (Arena scale, 400 points = ten-to-one odds):\n";
            for (std::size_t i = 0; i < r.bradleyTerry->size(); ++i) {
                const ColumnRating &rating = (*r.bradleyTerry)[i];
                text += "  " + r.session.columns[i] + "  " + util::fixed(rating.rating, 1)
                    + (rating.ci95 ? "  (95% CI " + util::fixed(rating.ci95->low, 1) + " – "
                                   + util::fixed(rating.ci95->high, 1) + ")"
                                   : std::string())
                    + "\n";
            }
        } else if (!r.pairs.empty()) {
            text += "Bradley-Terry ratings: not defined yet (a column never won nor tied against "
                    "the others)\n";
        }
    }
    for (const ScoreSummary &score : r.scores)
        text += "  " + score.column + " · " + r.session.criteria[std::size_t(score.criterion)]
            + ": mean " + util::fixed(score.mean, 2)
            + (score.ci95 ? " (95% CI " + util::fixed(score.ci95->low, 2) + " – "
                              + util::fixed(score.ci95->high, 2) + ")"
                          : std::string())
            + " over " + std::to_string(score.n) + "\n";
    const RaterAgreement &a = r.agreement;
    const auto value = [](const std::optional<double> &v) { return v ? util::fixed(*v, 3) : std::string("—"); };
    text += "Agreement: Cohen's kappa " + value(a.cohenKappa) + ", Fleiss' kappa " + value(a.fleissKappa)
        + ", Krippendorff's alpha " + value(a.alphaNominal) + " nominal";
    if (r.session.mode != "pairwise")
        text += ", " + value(a.alphaOrdinal) + " ordinal, " + value(a.alphaInterval) + " interval";
    text += "\n";
    for (const std::string &sentence : a.sentences)
        text += "  " + sentence + "\n";
    if (r.judgeVsHuman)
        text += "  The " + r.judgeVsHuman->judge + " judge agrees with the raters' majority on "
            + util::fixed(r.judgeVsHuman->agreement * 100, 1) + "% of " + std::to_string(r.judgeVsHuman->items)
            + " items (Cohen's kappa " + value(r.judgeVsHuman->cohenKappa) + ")\n";
    if (!r.session.guidelineRef.empty())
        text += "Guideline: " + r.session.guidelineRef + "\n";
    if (!r.examples.empty()) {
        text += "Examples every rater agreed on (`rate guideline examples " + r.session.id + "` adds them to the guideline):";
        for (const ScoreExample &example : r.examples)
            text += " " + example.label + " (" + example.item + ")";
        text += "\n";
    }
    if (!a.disputedItems.empty()) {
        text += "  Most disputed items (discuss them to tighten the guideline):";
        for (const std::string &item : a.disputedItems)
            text += " " + item;
        text += "\n";
    }
    return text;
}

std::vector<run::HumanResults> humanResultsOfRun(const store::Project &project, const std::string &runId)
{
    std::vector<run::HumanResults> results;
    for (const model::RatingSessionRecord &session : store::RatingStore(project).list()) {
        if (session.ratingCount == 0
            || std::find(session.runIds.begin(), session.runIds.end(), runId) == session.runIds.end())
            continue;
        const RatingReport report = buildRatingReport(project, session.id);
        run::HumanResults human;
        human.session = session.id;
        human.summary = toJson(report);
        human.summary.erase("guideline");
        human.summary.erase("examples");
        const std::string text = reportText(report);
        for (std::size_t start = 0; start < text.size();) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            human.lines.push_back(text.substr(start, end - start));
            start = end + 1;
        }
        results.push_back(std::move(human));
    }
    return results;
}

} // namespace ps::rating
