#include "run/eval_cases.h"

#include <algorithm>

#include "run/target_calls.h"
#include "template/prompt_renderer.h"

namespace ps::run {

using nlohmann::json;

EvalInputError::EvalInputError(int caseIndex, const std::string &reason)
    : std::runtime_error("case " + std::to_string(caseIndex) + ": " + reason)
    , m_caseIndex(caseIndex)
{ }

namespace {

std::vector<providers::ChatMessage> priorMessages(const json &messages, int caseIndex)
{
    std::vector<providers::ChatMessage> prior;
    for (const json &message : messages) {
        if (!message.is_object() || !message.contains("role") || !message["role"].is_string())
            throw EvalInputError(caseIndex, "each of its messages needs a role");
        providers::ChatMessage chat;
        chat.role = message["role"].get<std::string>();
        const json content = message.value("content", json(""));
        chat.content = content.is_string() ? content.get<std::string>() : content.dump();
        prior.push_back(std::move(chat));
    }
    return prior;
}

} // namespace

PreparedCase prepareCase(const model::VersionContent &content, const eval::DatasetCase &datasetCase,
    int caseIndex, const json &defaults)
{
    PreparedCase prepared;
    prepared.variables = defaults.is_object() ? defaults : json::object();
    if (datasetCase.vars.is_object()) {
        for (const auto &[name, value] : datasetCase.vars.items())
            prepared.variables[name] = value;
    }

    tmpl::RenderedPrompt rendered;
    try {
        rendered = tmpl::renderPrompt(content, prepared.variables);
    } catch (const tmpl::PromptTemplateError &error) {
        throw EvalInputError(caseIndex,
            "the template of message " + std::to_string(error.messageIndex() + 1) + ", line "
                + std::to_string(error.line()) + ", column " + std::to_string(error.column()) + ": "
                + error.reason());
    }
    // An empty variable would test a prompt nobody meant to send.
    if (!rendered.missingVariables.empty())
        throw EvalInputError(
            caseIndex, "variable '" + rendered.missingVariables.front() + "' has no value");
    prepared.messages = chatMessages(rendered);

    // The case's own images go with the version's last user message: the question it asks.
    if (datasetCase.extra.is_object() && datasetCase.extra.contains("images")) {
        const json &images = datasetCase.extra["images"];
        auto lastUser = std::find_if(prepared.messages.rbegin(), prepared.messages.rend(),
            [](const providers::ChatMessage &message) { return message.role == "user"; });
        if (lastUser == prepared.messages.rend())
            throw EvalInputError(caseIndex, "the case has images but the version has no user message to show them");
        try {
            if (!images.is_array())
                throw model::ContentError("images", "expected a list");
            for (std::size_t i = 0; i < images.size(); ++i)
                lastUser->images.push_back({model::ImageRef::fromJson(images[i], "images[" + std::to_string(i) + "]"), {}});
        } catch (const model::ContentError &error) {
            throw EvalInputError(caseIndex, error.what());
        }
    }

    std::vector<providers::ChatMessage> prior = priorMessages(datasetCase.messages, caseIndex);
    if (!prior.empty()) {
        auto lastUser = prepared.messages.end();
        for (auto it = prepared.messages.begin(); it != prepared.messages.end(); ++it) {
            if (it->role == "user")
                lastUser = it;
        }
        prepared.messages.insert(lastUser, prior.begin(), prior.end());
    }

    for (const json &spec : datasetCase.assertions) {
        try {
            prepared.assertions.push_back(eval::parseAssertion(spec));
        } catch (const eval::AssertionError &error) {
            throw EvalInputError(caseIndex, error.what());
        }
    }
    prepared.expected = datasetCase.expected;
    if (const auto threshold = datasetCase.extra.find("threshold");
        threshold != datasetCase.extra.end() && threshold->is_number())
        prepared.threshold = threshold->get<double>();
    return prepared;
}

} // namespace ps::run
