// Renders a version's messages with its variables and few-shot examples (section or turns mode).
#include "template/prompt_renderer.h"

#include "template/mustache_template.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace ps::tmpl {

namespace {

using nlohmann::json;

// The name under which section mode hands the enabled examples to the templates.
constexpr const char *examplesName = "examples";

std::vector<MustacheTemplate> parseMessages(const model::VersionContent &content)
{
    std::vector<MustacheTemplate> templates;
    templates.reserve(content.messages.size());
    for (std::size_t i = 0; i < content.messages.size(); ++i) {
        try {
            templates.push_back(MustacheTemplate::parse(content.messages[i].content));
        } catch (const TemplateError &error) {
            throw PromptTemplateError(error, i);
        }
    }
    return templates;
}

// Top-level user variables one template reads: the first part of each name, skipping the
// implicit iterator and everything about the examples section.
void addUserVariables(const MustacheTemplate &tmpl, std::vector<std::string> &names)
{
    for (const VariableUse &use : tmpl.variables()) {
        const std::string first = use.name.substr(0, use.name.find('.'));
        if (first.empty() || first == examplesName)
            continue;
        if (std::find(use.enclosingSections.begin(), use.enclosingSections.end(), examplesName)
            != use.enclosingSections.end())
            continue;
        if (std::find(names.begin(), names.end(), first) == names.end())
            names.push_back(first);
    }
}

json declaredDefaults(const model::VersionContent &content)
{
    json data = json::object();
    for (const model::Variable &variable : content.variables)
        data[variable.name] = variable.defaultValue;
    return data;
}

// `values` over `base`; a null value leaves the default in place.
void overlay(json &base, const json &values)
{
    if (!values.is_object())
        return;
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (!it->is_null())
            base[it.key()] = *it;
    }
}

bool hasValue(const std::string &name, const model::VersionContent &content, const json &values)
{
    if (values.is_object()) {
        const auto it = values.find(name);
        if (it != values.end() && !it->is_null())
            return true;
    }
    // A declared variable always carries a default string; an empty one counts as no default.
    return std::any_of(content.variables.begin(), content.variables.end(),
        [&](const model::Variable &v) { return v.name == name && !v.defaultValue.empty(); });
}

RenderedMessage renderMessage(const model::Message &message, const MustacheTemplate &tmpl,
    const json &data, std::size_t index)
{
    RenderedMessage rendered;
    rendered.role = message.role;
    rendered.toolCallId = message.toolCallId;
    rendered.toolCalls = message.toolCalls;
    rendered.images = message.images;
    try {
        rendered.content = tmpl.render(data, Escape::None);
    } catch (const TemplateError &error) {
        throw PromptTemplateError(error, index);
    }
    return rendered;
}

// Each enabled example as a user turn (the last user template on the example's input, with the
// example's images) and an assistant turn with its output.
void appendExampleTurns(const model::VersionContent &content, const MustacheTemplate &userTemplate,
    std::size_t userIndex, std::vector<RenderedMessage> &messages)
{
    const json defaults = declaredDefaults(content);
    const model::Message &userMessage = content.messages[userIndex];
    for (const model::Example &example : content.examples) {
        if (!example.enabled)
            continue;
        json data = defaults;
        overlay(data, example.input);
        RenderedMessage user = renderMessage(userMessage, userTemplate, data, userIndex);
        user.toolCallId.clear();
        user.toolCalls = json::array();
        user.images = example.images; // the question's own images belong to the question asked
        messages.push_back(std::move(user));
        RenderedMessage assistant;
        assistant.role = "assistant";
        assistant.content = example.output;
        messages.push_back(std::move(assistant));
    }
}

} // namespace

RenderedPrompt renderPrompt(const model::VersionContent &content, const nlohmann::json &values)
{
    const std::vector<MustacheTemplate> templates = parseMessages(content);

    json data = declaredDefaults(content);
    overlay(data, values);
    if (content.examplesMode == model::ExamplesMode::Section) {
        json examples = json::array();
        for (const model::Example &example : content.examples) {
            if (example.enabled)
                examples.push_back({{"input", example.input}, {"output", example.output},
                    {"note", example.note}, {"tags", example.tags}});
        }
        data[examplesName] = std::move(examples);
    }

    std::optional<std::size_t> lastUser;
    for (std::size_t i = 0; i < content.messages.size(); ++i) {
        if (content.messages[i].role == "user")
            lastUser = i;
    }

    RenderedPrompt prompt;
    std::vector<std::string> used;
    for (std::size_t i = 0; i < content.messages.size(); ++i) {
        if (content.examplesMode == model::ExamplesMode::Turns && lastUser == i)
            appendExampleTurns(content, templates[i], i, prompt.messages);
        prompt.messages.push_back(renderMessage(content.messages[i], templates[i], data, i));
        addUserVariables(templates[i], used);
    }
    for (const std::string &name : used) {
        if (!hasValue(name, content, values))
            prompt.missingVariables.push_back(name);
    }
    return prompt;
}

std::vector<std::string> discoverVariables(const model::VersionContent &content)
{
    std::vector<std::string> names;
    for (const MustacheTemplate &tmpl : parseMessages(content))
        addUserVariables(tmpl, names);
    return names;
}

} // namespace ps::tmpl
