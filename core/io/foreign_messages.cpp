#include "io/foreign_messages.h"

#include "template/prompt_renderer.h"

#include <charconv>

namespace ps::io {

using nlohmann::json;

namespace {

// Markers no prompt holds (control characters), so that each variable's place can be found.
std::string marker(std::size_t index)
{
    return "\x01" + std::to_string(index) + "\x02";
}

std::string replaceAll(std::string text, const std::string &from, const std::string &to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// `text` with each marker replaced by its variable's placeholder and, with `escape`, each
// stretch of literal text between them escaped.
std::string written(const std::string &text, const std::vector<std::string> &variables,
    const std::function<std::string(const std::string &)> &placeholder, const LiteralEscape &escape)
{
    if (!escape) {
        std::string out = text;
        for (std::size_t i = 0; i < variables.size(); ++i)
            out = replaceAll(out, marker(i), placeholder(variables[i]));
        return out;
    }
    std::string out;
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t open = text.find('\x01', at);
        const std::size_t close = open == std::string::npos ? std::string::npos : text.find('\x02', open);
        if (close == std::string::npos) {
            out += escape(std::string_view(text).substr(at), false);
            break;
        }
        std::size_t index = variables.size();
        const char *digits = text.data() + open + 1;
        const auto parsed = std::from_chars(digits, text.data() + close, index);
        if (parsed.ec != std::errc() || parsed.ptr != text.data() + close || index >= variables.size()) {
            out += escape(std::string_view(text).substr(at, open + 1 - at), false); // not ours
            at = open + 1;
            continue;
        }
        out += escape(std::string_view(text).substr(at, open - at), true);
        out += placeholder(variables[index]);
        at = close + 1;
    }
    return out;
}

} // namespace

ForeignMessages foreignMessages(const model::VersionContent &content,
    const std::function<std::string(const std::string &)> &placeholder,
    const std::vector<std::string> &syntax)
{
    return foreignMessages(content, placeholder, syntax, {});
}

ForeignMessages foreignMessages(const model::VersionContent &content,
    const std::function<std::string(const std::string &)> &placeholder,
    const std::vector<std::string> &syntax, const LiteralEscape &escape)
{
    ForeignMessages result;
    result.variables = tmpl::discoverVariables(content);
    json marked = json::object();
    json empty = json::object();
    for (std::size_t i = 0; i < result.variables.size(); ++i) {
        marked[result.variables[i]] = marker(i);
        empty[result.variables[i]] = "";
    }
    const tmpl::RenderedPrompt withMarkers = tmpl::renderPrompt(content, marked);
    // Rendered with every variable empty, the text differs from the marked one with its markers
    // removed only where a section depends on a variable.
    const tmpl::RenderedPrompt withNothing = tmpl::renderPrompt(content, empty);
    bool sectionsOnVariables = withMarkers.messages.size() != withNothing.messages.size();
    bool literalBraces = false;
    for (std::size_t m = 0; m < withMarkers.messages.size(); ++m) {
        const tmpl::RenderedMessage &message = withMarkers.messages[m];
        std::string stripped = message.content;
        for (std::size_t i = 0; i < result.variables.size(); ++i)
            stripped = replaceAll(stripped, marker(i), "");
        if (!sectionsOnVariables && stripped != withNothing.messages[m].content)
            sectionsOnVariables = true;
        for (const std::string &sequence : syntax)
            literalBraces = literalBraces || (!escape && stripped.find(sequence) != std::string::npos);
        std::string text = written(message.content, result.variables, placeholder, escape);
        if (message.role == "tool" || !message.toolCallId.empty())
            result.lost.push_back("message " + std::to_string(m + 1) + " (a tool result) is sent as plain text");
        if (message.toolCalls.is_array() && !message.toolCalls.empty())
            result.lost.push_back("message " + std::to_string(m + 1) + "'s mocked tool calls");
        result.messages.push_back({message.role, std::move(text)});
    }
    if (sectionsOnVariables)
        result.lost.push_back("sections on a variable ({{#name}} … {{/name}}): written as if each variable were set");
    if (literalBraces)
        result.lost.push_back("literal text that reads as a template tag there (" + syntax.front()
            + "…): the other tool substitutes it");
    return result;
}

} // namespace ps::io
