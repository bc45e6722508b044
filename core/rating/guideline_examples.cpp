#include "rating/guideline_examples.h"

#include "rating/rated_answers.h"
#include "rating/rating_report.h"
#include "rating/rating_scale.h"
#include "store/rating_store.h"
#include "store/project.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "util/utf8.h"

#include <algorithm>
#include <map>

namespace ps::rating {

using nlohmann::json;

namespace {

constexpr const char *kSectionHeading = "## Examples from rated answers";
constexpr std::size_t kLongestAnswer = 1200; // characters shown of an answer in the guideline

std::string scoreText(const json &score)
{
    return score.is_string() ? score.get<std::string>() : score.dump();
}

// What every rater of an item gave (a choice, or a criterion's score); "" when they differ.
std::string unanimous(const std::vector<const model::RatingRecord *> &ratings, bool pairwise, std::size_t criterion)
{
    std::string agreed;
    for (const model::RatingRecord *rating : ratings) {
        std::string given;
        if (pairwise)
            given = rating->choice;
        else if (criterion < rating->scores.size())
            given = scoreText(rating->scores[criterion]);
        if (given.empty() || (!agreed.empty() && given != agreed))
            return {};
        agreed = given;
    }
    return agreed;
}

std::string quoted(const std::string &text)
{
    // Never cut inside a UTF-8 character.
    const std::string shown = text.size() > kLongestAnswer
        ? text.substr(0, util::wholeCharactersPrefix(std::string_view(text).substr(0, kLongestAnswer)))
        : text;
    std::string block;
    std::size_t start = 0;
    while (start <= shown.size()) {
        const std::size_t end = shown.find('\n', start);
        block += "> " + shown.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    if (shown.size() < text.size())
        block += "> … (" + std::to_string(text.size() - shown.size()) + " more characters)\n";
    return block;
}

} // namespace

std::vector<ScoreExample> scoreExamples(const store::Project &project,
    const model::RatingSessionRecord &session, const std::vector<model::RatingItemRecord> &items,
    const std::vector<model::RatingRecord> &ratings)
{
    std::map<std::string, std::vector<const model::RatingRecord *>> byItem;
    for (const model::RatingRecord &rating : ratings)
        byItem[rating.item].push_back(&rating);
    const bool pairwise = session.mode == "pairwise";
    std::vector<std::string> labels = {"1", "2", "tie", "bad"};
    if (!pairwise)
        labels = RatingScale::parse(session.scale).scores();
    const std::size_t criteria = pairwise ? 1 : session.criteria.size();

    // best[criterion][label] = the item with most raters agreeing, first in order on a tie
    std::vector<std::map<std::string, std::pair<const model::RatingItemRecord *, int>>> best(criteria);
    for (const model::RatingItemRecord &item : items) {
        const auto rated = byItem.find(item.id);
        if (rated == byItem.end())
            continue;
        for (std::size_t criterion = 0; criterion < criteria; ++criterion) {
            std::string label = unanimous(rated->second, pairwise, criterion);
            if (label.empty())
                continue;
            if (pairwise && (label == "1" || label == "2"))
                label = "1"; // either side preferred is one kind of example: "better"
            auto &slot = best[criterion][label];
            const int count = int(rated->second.size());
            if (!slot.first || count > slot.second)
                slot = {&item, count};
        }
    }

    std::map<std::int64_t, std::string> texts;
    std::vector<json> inputs;
    try {
        const RatedAnswers answers = ratedAnswers(project, session.runIds);
        for (const store::ResponseRecord &response : answers.responses)
            texts[response.id] = response.text;
        inputs = caseInputs(project, session.runIds);
    } catch (const store::StoreError &) {
        return {}; // the runs are gone: no answer to show
    }
    std::vector<ScoreExample> examples;
    for (std::size_t criterion = 0; criterion < criteria; ++criterion)
        for (const std::string &label : labels) {
            const auto found = best[criterion].find(label);
            if (found == best[criterion].end())
                continue;
            const model::RatingItemRecord &item = *found->second.first;
            ScoreExample example;
            example.label = !pairwise ? label : label == "1" ? "better" : label == "tie" ? "tie" : "both bad";
            example.criterion = int(criterion);
            example.item = item.id;
            if (item.caseIndex >= 0 && std::size_t(item.caseIndex) < inputs.size())
                example.vars = inputs[std::size_t(item.caseIndex)];
            for (const std::int64_t id : item.responseIds)
                example.responses.push_back(texts[id]);
            example.raters = found->second.second;
            for (const model::RatingRecord *rating : byItem[item.id]) {
                if (pairwise && label == "1")
                    example.preferred = rating->choice == "2" ? 2 : 1;
                if (!rating->note.empty())
                    example.notes.push_back(rating->note);
            }
            examples.push_back(std::move(example));
        }
    return examples;
}

std::string guidelineWithExamples(const std::string &guideline, const model::RatingSessionRecord &session,
    const std::vector<ScoreExample> &examples)
{
    std::string text = guideline;
    if (const std::size_t earlier = text.find(kSectionHeading); earlier != std::string::npos)
        text.resize(earlier);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    if (!text.empty())
        text += "\n\n";
    text += std::string(kSectionHeading) + "\n\nEach example is an answer every rater of it scored the same in session "
        + session.id + ".\n";
    const bool pairwise = session.mode == "pairwise";
    for (const ScoreExample &example : examples) {
        text += "\n### ";
        if (pairwise)
            text += example.label == "better" ? "One response is better" : example.label == "tie" ? "A tie" : "Both bad";
        else
            text += (session.criteria.size() > 1 ? session.criteria[std::size_t(example.criterion)] + ": " : std::string())
                + example.label;
        text += "\n\n";
        for (const auto &[name, value] : example.vars.items())
            text += "**" + name + "**: " + (value.is_string() ? value.get<std::string>() : value.dump()) + "\n\n";
        for (std::size_t i = 0; i < example.responses.size(); ++i) {
            if (example.responses.size() > 1)
                text += "Response " + std::to_string(i + 1)
                    + (example.preferred == int(i + 1) ? " (preferred)" : "") + ":\n\n";
            text += quoted(example.responses[i]) + "\n";
        }
        text += "Agreed by " + std::to_string(example.raters) + (example.raters == 1 ? " rater" : " raters") + ".";
        for (const std::string &note : example.notes)
            text += " Note: " + note;
        text += "\n";
    }
    if (examples.empty())
        text += "\nNo item has a score every rater of it agreed on yet.\n";
    return text;
}

StoredExamples storeGuidelineExamples(
    const store::Project &project, const std::string &sessionId, std::string name)
{
    const RatingReport report = buildRatingReport(project, sessionId);
    const model::RatingSessionRecord &session = report.session;
    if (name.empty())
        name = session.guidelineRef.empty() ? "session-" + session.id
                                            : session.guidelineRef.substr(0, session.guidelineRef.rfind('@'));
    StoredExamples stored;
    stored.guideline = store::RatingStore(project).saveGuideline(
        name, guidelineWithExamples(session.guideline, session, report.examples));
    stored.examples = int(report.examples.size());
    return stored;
}

} // namespace ps::rating
