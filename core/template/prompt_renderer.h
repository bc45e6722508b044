#pragma once

#include "model/version_content.h"
#include "template/template_error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// Turns a version's message templates, its few-shot examples and variable
// values into the messages that are sent (CLI.md examples_mode section/turns).
namespace ps::tmpl {

struct RenderedMessage
{
    std::string role;
    std::string content;
    std::string toolCallId;
    nlohmann::json toolCalls = nlohmann::json::array();
    std::vector<model::ImageRef> images; // the message's images, as they are (not templates)
};

struct RenderedPrompt
{
    std::vector<RenderedMessage> messages;
    // Read by a template (as discoverVariables), with no non-null value and no non-empty default.
    std::vector<std::string> missingVariables;
};

// A template error in one message of a version.
class PromptTemplateError : public TemplateError
{
public:
    PromptTemplateError(const TemplateError &error, std::size_t messageIndex)
        : TemplateError(error)
        , m_messageIndex(messageIndex)
    { }
    std::size_t messageIndex() const { return m_messageIndex; }

private:
    std::size_t m_messageIndex;
};

// `values` is an object of variable values; declared defaults fill the gaps. Section mode adds
// "examples" (the enabled ones: input, output, note, tags); turns mode renders the last user
// template once per enabled example with its input over the defaults. Escaping is off.
// Throws PromptTemplateError naming the message.
RenderedPrompt renderPrompt(const model::VersionContent &content, const nlohmann::json &values);

// The user variables a version's templates read, in order of first appearance
// (top-level names; the examples section's own fields are not variables). Throws
// PromptTemplateError when a message cannot be parsed.
std::vector<std::string> discoverVariables(const model::VersionContent &content);

} // namespace ps::tmpl
