#include "io/markdown_page.h"

#include "util/ascii_text.h"
#include "util/json_depth.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace ps::io {

using nlohmann::json;

namespace {

constexpr std::string_view kMarker = "<!-- promptsmith-page ";
constexpr std::string_view kMarkerEnd = " -->";

std::string cell(const std::string &text)
{
    std::string escaped = util::markdownCell(text);
    std::string out;
    for (char c : escaped) {
        if (c == '\n')
            out += "<br>";
        else if (c != '\r')
            out += c;
    }
    return out.empty() ? " " : out;
}

std::string titleCase(const std::string &role)
{
    std::string title = role;
    if (!title.empty() && title[0] >= 'a' && title[0] <= 'z')
        title[0] = char(title[0] - 'a' + 'A');
    return title;
}

// A fence longer than any run of backticks in `text`, so the block holds it whole.
std::string fenceFor(const std::string &text)
{
    std::size_t longest = 0;
    std::size_t run = 0;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string valueText(const json &value)
{
    return value.is_string() ? value.get<std::string>() : value.dump();
}

std::vector<std::string> linesOf(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string line(text.substr(start, end - start));
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
        if (end == text.size())
            break;
        start = end + 1;
    }
    return lines;
}

struct PageMessage
{
    std::string role;
    std::string content;
};

// The "## Messages" section as the page shows it.
std::vector<PageMessage> visibleMessages(const std::vector<std::string> &lines)
{
    std::vector<PageMessage> messages;
    bool inSection = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string &line = lines[i];
        if (line.starts_with("## ")) {
            inSection = line == "## Messages";
            continue;
        }
        if (!inSection || !line.starts_with("### "))
            continue;
        std::string role = util::asciiLower(line.substr(4));
        if (const auto space = role.find(' '); space != std::string::npos)
            role = role.substr(0, space); // "### Tool (call_1)"
        std::size_t open = i + 1;
        while (open < lines.size() && lines[open].empty())
            ++open;
        if (open >= lines.size() || !lines[open].starts_with("```"))
            throw std::invalid_argument("line " + std::to_string(open + 1)
                + ": a message heading is followed by its text in a ``` block");
        const std::size_t ticks = std::size_t(std::find_if(lines[open].begin(), lines[open].end(),
            [](char c) { return c != '`'; }) - lines[open].begin());
        const std::string fence(ticks, '`');
        std::string content;
        std::size_t close = open + 1;
        for (; close < lines.size() && lines[close] != fence; ++close)
            content += (close == open + 1 ? "" : "\n") + lines[close];
        if (close >= lines.size())
            throw std::invalid_argument("line " + std::to_string(open + 1) + ": the ``` block is never closed");
        messages.push_back({role, content});
        i = close;
    }
    return messages;
}

} // namespace

std::string markdownPage(const model::PromptRecord &prompt, const model::VersionRecord &version,
    const std::vector<model::VersionRecord> &history)
{
    const model::VersionContent &content = version.content;
    std::ostringstream page;
    page << "# " << prompt.name << "\n\n";
    std::string labels;
    for (const std::string &label : version.labels)
        labels += (labels.empty() ? " (" : ", ") + label;
    if (!labels.empty())
        labels += ")";
    page << "| Version | Saved | By | Content hash |\n|---|---|---|---|\n"
         << "| v" << version.number << labels << " | " << cell(version.created) << " | "
         << cell(version.author) << " | `" << version.hash.substr(0, 12) << "` |\n\n";
    page << "## Purpose\n\n"
         << (prompt.description.empty() ? std::string("(no description yet)") : prompt.description) << "\n";
    if (!version.message.empty())
        page << "\nThis version: " << version.message << "\n";

    page << "\n## Messages\n";
    for (const model::Message &message : content.messages) {
        page << "\n### " << titleCase(message.role);
        if (!message.toolCallId.empty())
            page << " (" << message.toolCallId << ")";
        const std::string fence = fenceFor(message.content);
        page << "\n\n" << fence << "text\n" << message.content << "\n" << fence << "\n";
        if (message.toolCalls.is_array() && !message.toolCalls.empty())
            page << "\nMocked tool calls:\n\n```json\n" << message.toolCalls.dump(2) << "\n```\n";
    }

    if (!content.variables.empty()) {
        page << "\n## Variables\n\n| Name | Default | Description |\n|---|---|---|\n";
        for (const model::Variable &variable : content.variables)
            page << "| `" << variable.name << "` | " << cell(variable.defaultValue) << " | "
                 << cell(variable.description) << " |\n";
    }

    std::string parameters;
    const json params = content.params.toJson();
    for (const auto &[key, value] : params.items())
        if (!value.is_null() && !(value.is_array() && value.empty()))
            parameters += "| " + key + " | " + cell(valueText(value)) + " |\n";
    if (!parameters.empty())
        page << "\n## Parameters\n\n| Parameter | Value |\n|---|---|\n" << parameters;

    if (!content.examples.empty()) {
        page << "\n## Examples (" << (content.examplesMode == model::ExamplesMode::Turns ? "as user and assistant turns" : "in the {{#examples}} section") << ")\n\n"
             << "| # | Input | Output | Note | On |\n|---|---|---|---|---|\n";
        for (std::size_t i = 0; i < content.examples.size(); ++i) {
            const model::Example &example = content.examples[i];
            std::string input;
            for (const auto &[key, value] : example.input.items())
                input += (input.empty() ? "" : "\n") + key + ": " + valueText(value);
            page << "| " << i + 1 << " | " << cell(input) << " | " << cell(example.output) << " | "
                 << cell(example.note) << " | " << (example.enabled ? "yes" : "no") << " |\n";
        }
    }

    page << "\n## History\n\n| Version | Saved | By | Message |\n|---|---|---|---|\n";
    for (auto entry = history.rbegin(); entry != history.rend(); ++entry)
        page << "| v" << entry->number << " | " << cell(entry->created) << " | " << cell(entry->author)
             << " | " << cell(entry->message) << " |\n";

    const json embedded {
        {"format_version", 1},
        {"prompt", {{"name", prompt.name}, {"description", prompt.description}, {"tags", prompt.tags}}},
        {"version", {{"number", version.number}, {"author", version.author}, {"created", version.created},
                        {"message", version.message}, {"labels", version.labels}}},
        {"content", content.toJson()},
    };
    // "--" may not appear inside an HTML comment; JSON escapes it as "-\u002d" harmlessly.
    std::string data = embedded.dump();
    for (std::size_t at = data.find("--"); at != std::string::npos; at = data.find("--", at))
        data.replace(at + 1, 1, "\\u002d");
    page << "\n" << kMarker << data << kMarkerEnd << "\n";
    return page.str();
}

bool isMarkdownPage(std::string_view text)
{
    return text.starts_with("# ") || text.find(kMarker) != std::string_view::npos;
}

MarkdownImport readMarkdownPage(std::string_view text, const std::string &author, const std::string &now)
{
    const std::vector<std::string> lines = linesOf(text);
    MarkdownImport result;
    store::ForeignVersion version;
    version.number = 1;
    version.author = author;
    version.created = now;
    const std::vector<PageMessage> shown = visibleMessages(lines);

    json embedded;
    if (const auto at = text.rfind(kMarker); at != std::string_view::npos) {
        const auto end = text.find(kMarkerEnd, at + kMarker.size());
        if (end == std::string_view::npos)
            throw std::invalid_argument("the page's Promptsmith comment is not closed");
        try {
            embedded = util::parseJson(text.substr(at + kMarker.size(), end - at - kMarker.size()));
        } catch (const std::exception &error) {
            throw std::invalid_argument(std::string("the page's Promptsmith comment is damaged: ") + error.what());
        }
    }
    if (embedded.is_object()) {
        try {
            version.content = model::VersionContent::fromJson(embedded.value("content", json()));
        } catch (const model::ContentError &error) {
            throw std::invalid_argument(std::string("the page's Promptsmith comment: content: ") + error.what());
        }
        const json prompt = embedded.value("prompt", json::object());
        const json about = embedded.value("version", json::object());
        result.prompt.promptName = prompt.value("name", std::string());
        result.prompt.description = prompt.value("description", std::string());
        for (const json &tag : prompt.value("tags", json::array()))
            if (tag.is_string())
                result.prompt.tags.push_back(tag.get<std::string>());
        if (about.value("number", 0) > 0)
            version.number = about.value("number", 1);
        version.author = about.value("author", author);
        version.created = about.value("created", now);
        version.message = about.value("message", std::string());
        for (const json &label : about.value("labels", json::array()))
            if (label.is_string())
                result.prompt.labels[label.get<std::string>()] = version.number;
        // The page wins where it was edited.
        bool edited = shown.size() != version.content.messages.size();
        for (std::size_t i = 0; !edited && i < shown.size(); ++i)
            edited = shown[i].role != version.content.messages[i].role
                || shown[i].content != version.content.messages[i].content;
        if (edited) {
            version.content.messages.clear();
            for (const PageMessage &message : shown)
                version.content.messages.push_back({message.role, message.content, {}, json::array(), {}});
            result.lost.push_back("the messages were edited on the page: imported as the page shows them (mocked tool calls left out)");
        }
    } else {
        for (const PageMessage &message : shown)
            version.content.messages.push_back({message.role, message.content, {}, json::array(), {}});
        if (!lines.empty() && lines.front().starts_with("# "))
            result.prompt.promptName = lines.front().substr(2);
        result.lost.push_back("a page without Promptsmith's comment: only its title and messages are read");
    }
    if (result.prompt.promptName.empty())
        throw std::invalid_argument("line 1: the page starts with \"# \" and the prompt's name");
    if (version.content.messages.empty())
        throw std::invalid_argument("the page has no \"## Messages\" section with a \"### Role\" heading and a ``` block");
    for (const model::Message &message : version.content.messages)
        if (!model::isValidRole(message.role))
            throw std::invalid_argument("\"### " + message.role + "\" is not a role (system, user, assistant or tool)");
    result.prompt.versions.push_back(std::move(version));
    return result;
}

} // namespace ps::io
