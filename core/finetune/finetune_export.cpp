#include "finetune/finetune_export.h"

#include "providers/request_messages.h"
#include "store/badcase_store.h"
#include "store/project.h"
#include "store/rating_store.h"
#include "store/run_store.h"
#include "template/prompt_renderer.h"
#include "util/ascii_text.h"
#include "util/atomic_file.h"

#include <map>
#include <stdexcept>

namespace ps::finetune {

namespace {

using nlohmann::json;

// A chat message in OpenAI's fine-tuning shape.
json openAiMessage(const std::string &role, const std::string &content, const std::string &toolCallId,
    const json &toolCalls)
{
    json message {{"role", role}};
    if (!content.empty() || toolCalls.empty())
        message["content"] = content;
    if (role == "tool")
        message["tool_call_id"] = toolCallId;
    if (!toolCalls.empty()) {
        json calls = json::array();
        for (const json &call : toolCalls)
            calls.push_back({{"id", call.value("id", "")}, {"type", "function"},
                {"function", {{"name", call.value("name", "")}, {"arguments", call.value("arguments", "")}}}});
        message["tool_calls"] = std::move(calls);
    }
    return message;
}

json requestConversation(const json &request)
{
    json messages = json::array();
    for (const providers::ChatMessage &message : providers::requestMessages(request))
        messages.push_back(openAiMessage(message.role, message.content, message.toolCallId, message.toolCalls));
    return messages;
}

json assistant(const std::string &text)
{
    return {{"role", "assistant"}, {"content", text}};
}

json supervised(json messages, const std::string &answer)
{
    messages.push_back(assistant(answer));
    return {{"messages", std::move(messages)}};
}

json preference(json messages, const std::string &preferred, const std::string &other)
{
    return {{"input", {{"messages", std::move(messages)}}},
        {"preferred_output", json::array({assistant(preferred)})},
        {"non_preferred_output", json::array({assistant(other)})}};
}

class Planner
{
public:
    Planner(const store::Project &project, const ExportRequest &request)
        : m_project(project)
        , m_request(request)
        , m_sources(sourcesFor(request.format, request.sources))
    { }

    ExportPlan plan()
    {
        if (m_sources.contains("corrected") || m_sources.contains("good"))
            badcases();
        if (m_sources.contains("examples"))
            examples();
        if (m_sources.contains("pairs"))
            pairs();
        return std::move(m_plan);
    }

private:
    void badcases()
    {
        store::BadcaseFilter filter;
        filter.prompt = m_request.prompt;
        for (const model::BadcaseRecord &badcase : store::BadcaseStore(m_project).list(filter)) {
            const std::string where = "bad case " + std::to_string(badcase.id) + ": " + badcase.answer;
            const json messages = requestConversation(badcase.request);
            if (messages.empty()) {
                m_plan.skipped.push_back(where + " (its request holds no messages)");
                continue;
            }
            const bool sft = m_request.format == FinetuneFormat::Sft;
            if (badcase.verdict == "good" && m_sources.contains("good") && sft)
                add(supervised(messages, badcase.text), where + ", marked good");
            else if (badcase.verdict == "bad" && m_sources.contains("corrected") && badcase.corrected) {
                if (sft)
                    add(supervised(messages, *badcase.corrected), where + ", corrected");
                else
                    add(preference(messages, *badcase.corrected, badcase.text),
                        where + ", corrected over the bad answer");
            }
        }
    }

    // Each prompt's newest version's enabled examples: its messages rendered with the example's
    // input (the examples themselves left out of the prompt), the example's output the answer.
    void examples()
    {
        for (const model::PromptRecord &prompt : m_project.listPrompts()) {
            if ((!m_request.prompt.empty() && prompt.name != m_request.prompt) || prompt.latestNumber == 0)
                continue;
            const model::VersionRecord version = m_project.version(prompt.name, prompt.latestNumber);
            model::VersionContent content = version.content;
            const std::vector<model::Example> examples = std::move(content.examples);
            content.examples.clear();
            for (std::size_t i = 0; i < examples.size(); ++i) {
                const model::Example &example = examples[i];
                const std::string where = prompt.name + "@" + std::to_string(version.number)
                    + " example " + std::to_string(i + 1);
                if (!example.enabled || example.output.empty())
                    continue;
                try {
                    json messages = json::array();
                    for (const tmpl::RenderedMessage &message : tmpl::renderPrompt(content, example.input).messages)
                        messages.push_back(openAiMessage(message.role, message.content, message.toolCallId, message.toolCalls));
                    add(supervised(std::move(messages), example.output), where);
                } catch (const std::exception &error) {
                    m_plan.skipped.push_back(where + " (" + error.what() + ")");
                }
            }
        }
    }

    // Pairwise ratings: an item becomes a pair when most of its raters chose the same side.
    void pairs()
    {
        store::RatingStore ratings(m_project);
        store::RunStore runs(m_project);
        for (const model::RatingSessionRecord &session : ratings.list()) {
            if (session.mode != "pairwise")
                continue;
            std::map<std::int64_t, store::ResponseRecord> responses;
            for (const std::string &runId : session.runIds)
                for (store::ResponseRecord &response : runs.responses(runId))
                    responses.emplace(response.id, std::move(response));
            std::map<std::string, std::map<std::string, int>> votes; // item -> choice -> raters
            for (const model::RatingRecord &rating : ratings.ratings(session.id))
                ++votes[rating.item][rating.choice];
            for (const model::RatingItemRecord &item : ratings.items(session.id)) {
                const auto &counts = votes[item.id];
                int total = 0;
                for (const auto &[choice, n] : counts)
                    total += n;
                const std::string where = "rating session " + session.id + " item " + std::to_string(item.index + 1);
                std::string winner;
                for (const char *side : {"1", "2"})
                    if (const auto found = counts.find(side); found != counts.end() && 2 * found->second > total)
                        winner = side;
                if (winner.empty() || item.responseIds.size() != 2)
                    continue;
                const std::size_t preferred = winner == "1" ? 0 : 1;
                const auto better = responses.find(item.responseIds[preferred]);
                const auto worse = responses.find(item.responseIds[1 - preferred]);
                if (better == responses.end() || worse == responses.end()) {
                    m_plan.skipped.push_back(where + " (its answers are no longer stored)");
                    continue;
                }
                if (!m_request.prompt.empty()
                    && better->second.version.rfind(m_request.prompt + "@", 0) != 0)
                    continue;
                add(preference(requestConversation(better->second.renderedRequest), better->second.text,
                        worse->second.text),
                    where + ", " + std::to_string(counts.at(winner)) + " of " + std::to_string(total)
                        + " raters preferred " + better->second.version + " " + better->second.targetId);
            }
        }
    }

    void add(json line, std::string source) { m_plan.examples.push_back({std::move(line), std::move(source)}); }

    const store::Project &m_project;
    const ExportRequest &m_request;
    std::set<std::string> m_sources;
    ExportPlan m_plan;
};

std::string readme(const ExportResult &result, const ExportRequest &request, bool hasGuideline)
{
    std::string out = "# Fine-tuning data\n\n";
    out += "`train.jsonl` holds " + std::to_string(result.plan.examples.size()) + " examples in OpenAI's "
        + (request.format == FinetuneFormat::Sft ? "supervised (chat)" : "preference (DPO)")
        + " format, exported by Promptsmith";
    out += request.prompt.empty() ? " from every prompt.\n\n" : " from the prompt " + request.prompt + ".\n\n";
    out += "Label new data to the same standard: `taxonomy.md` defines each bad-case tag";
    out += hasGuideline ? ", and `guideline.md` is the annotation guideline raters read.\n\n" : ".\n\n";
    out += "## Where each example came from\n\n| line | source |\n|---|---|\n";
    for (std::size_t i = 0; i < result.plan.examples.size(); ++i)
        out += "| " + std::to_string(i + 1) + " | " + util::markdownCell(result.plan.examples[i].source) + " |\n";
    if (!result.plan.skipped.empty()) {
        out += "\n## Left out\n\n";
        for (const std::string &skipped : result.plan.skipped)
            out += "- " + skipped + "\n";
    }
    out += "\n## OpenAI's data-preparation checks\n\n```\n" + result.check.toText() + "```\n";
    return out;
}

std::string taxonomy(const store::Project &project)
{
    std::string out = "# Bad-case taxonomy\n\n| tag | definition |\n|---|---|\n";
    for (const model::BadcaseTag &tag : store::BadcaseStore(project).tags())
        out += "| " + util::markdownCell(tag.name) + " | " + util::markdownCell(tag.description) + " |\n";
    return out;
}

} // namespace

std::set<std::string> sourcesFor(FinetuneFormat format, const std::set<std::string> &asked)
{
    const bool sft = format == FinetuneFormat::Sft;
    const std::set<std::string> allowed = sft ? std::set<std::string> {"corrected", "examples", "good"}
                                              : std::set<std::string> {"corrected", "pairs"};
    for (const std::string &source : asked)
        if (!allowed.contains(source))
            throw std::invalid_argument("--from " + source + ": " + toString(format)
                + " data comes from " + (sft ? "corrected, examples and good" : "corrected and pairs"));
    return asked.empty() ? allowed : asked;
}

ExportPlan planExport(const store::Project &project, const ExportRequest &request)
{
    return Planner(project, request).plan();
}

ExportResult writeExport(const store::Project &project, const ExportRequest &request,
    const std::filesystem::path &dir, const CheckOptions &options)
{
    namespace fs = std::filesystem;
    if (fs::exists(dir) && !fs::is_directory(dir))
        throw std::invalid_argument(dir.string() + " is a file; -o names a folder to write into");
    ExportResult result;
    result.plan = planExport(project, request);
    if (result.plan.examples.empty())
        throw std::invalid_argument("nothing to export: no "
            + std::string(request.format == FinetuneFormat::Sft ? "corrected or good-rated answers or examples"
                                                                 : "corrected answers or decided pairwise ratings")
            + (request.prompt.empty() ? "" : " for " + request.prompt));
    std::string jsonl;
    for (const ExportedExample &example : result.plan.examples)
        jsonl += example.line.dump() + "\n";
    result.check = checkJsonl(jsonl, request.format, options);

    fs::create_directories(dir);
    // Never over the project itself, whatever the folder is called.
    const auto write = [&](const std::string &name, const std::string &bytes) {
        const fs::path path = dir / name;
        std::error_code same;
        if (fs::equivalent(path, project.path(), same))
            throw std::invalid_argument(path.string() + " is the project file; choose another folder");
        util::writeFileAtomically(path, bytes);
        result.files.push_back(path);
    };
    write("train.jsonl", jsonl);
    std::optional<model::GuidelineRecord> guideline;
    if (const auto guidelines = store::RatingStore(project).guidelines(); !guidelines.empty())
        guideline = guidelines.front();
    if (guideline)
        write("guideline.md", guideline->text);
    write("taxonomy.md", taxonomy(project));
    write("README.md", readme(result, request, guideline.has_value()));
    return result;
}

} // namespace ps::finetune
