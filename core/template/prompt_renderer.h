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
};

struct RenderedPrompt
{
    std::vector<RenderedMessage> messages;
    std::vector<std::string> missingVariables; // used by a template, no value and no default
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

// `values` is an object of variable values; declared defaults fill the gaps.
RenderedPrompt renderPrompt(const model::VersionContent &content, const nlohmann::json &values);

// The user variables a version's templates read, in order of first appearance
// (top-level names; the examples section's own fields are not variables).
std::vector<std::string> discoverVariables(const model::VersionContent &content);

} // namespace ps::tmpl
