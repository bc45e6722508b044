#include "io/foreign_messages.h"

#include "template/prompt_renderer.h"

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

} // namespace

ForeignMessages foreignMessages(const model::VersionContent &content,
    const std::function<std::string(const std::string &)> &placeholder,
    const std::vector<std::string> &syntax)
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
            literalBraces = literalBraces || stripped.find(sequence) != std::string::npos;
        std::string text = message.content;
        for (std::size_t i = 0; i < result.variables.size(); ++i)
            text = replaceAll(text, marker(i), placeholder(result.variables[i]));
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
