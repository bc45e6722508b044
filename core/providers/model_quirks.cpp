#include "providers/model_quirks.h"

#include "providers/anthropic_adapter.h"
#include "util/ascii_text.h"

#include <algorithm>
#include <cctype>

namespace ps::providers {

namespace {

std::string numberText(double value)
{
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.')
        text.pop_back();
    return text;
}

void eraseExtra(model::Params &params, const char *key, bool &erased)
{
    if (params.extra.is_object() && params.extra.contains(key)) {
        params.extra.erase(key);
        erased = true;
    }
}

std::vector<std::string> adaptOpenAiReasoning(ChatRequest &request, ProviderKind kind)
{
    std::vector<std::string> notes;
    model::Params &params = request.params;
    const std::string &model = request.model;
    for (auto [value, name] :
        {std::pair {&params.temperature, "temperature"}, std::pair {&params.topP, "top_p"}}) {
        if (*value && **value != 1.0) {
            notes.push_back(std::string(name) + " " + numberText(**value) + " left out: " + model
                + " accepts only the default (1)");
            value->reset();
        }
    }
    bool droppedLogprobs = false;
    eraseExtra(params, "logprobs", droppedLogprobs);
    eraseExtra(params, "top_logprobs", droppedLogprobs);
    if (droppedLogprobs)
        notes.push_back(kLogprobsLeftOut + model + " does not return them");
    // Kind openai already sends max_completion_tokens; the others send max_tokens, which
    // reasoning models refuse.
    if (kind != ProviderKind::OpenAi && params.maxTokens) {
        if (!params.extra.is_object())
            params.extra = nlohmann::json::object();
        params.extra["max_completion_tokens"] = *params.maxTokens;
        params.maxTokens.reset();
        notes.push_back(
            "max_tokens sent as max_completion_tokens: " + model + " refuses max_tokens");
    }
    return notes;
}

std::vector<std::string> adaptAnthropic(ChatRequest &request)
{
    std::vector<std::string> notes;
    model::Params &params = request.params;
    bool droppedLogprobs = false;
    eraseExtra(params, "logprobs", droppedLogprobs);
    eraseExtra(params, "top_logprobs", droppedLogprobs);
    if (droppedLogprobs)
        notes.push_back(std::string(kLogprobsLeftOut) + "Anthropic does not offer them");

    const auto budget = thinkingBudget(params);
    if (!budget || *budget <= 0)
        return notes;
    for (auto [value, name] :
        {std::pair {&params.temperature, "temperature"}, std::pair {&params.topP, "top_p"}}) {
        if (*value) {
            notes.push_back(std::string(name) + " " + numberText(**value)
                + " left out: Anthropic refuses it with extended thinking");
            value->reset();
        }
    }
    const long long maxTokens = params.maxTokens.value_or(AnthropicAdapter::kDefaultMaxTokens);
    if (maxTokens <= *budget) {
        params.maxTokens = *budget + maxTokens;
        notes.push_back("max_tokens raised from " + std::to_string(maxTokens) + " to "
            + std::to_string(*params.maxTokens) + ": it must exceed the thinking budget of "
            + std::to_string(*budget) + " tokens");
    }
    return notes;
}

} // namespace

bool isOpenAiReasoningModel(const std::string &model)
{
    std::string name = util::asciiLower(model);
    if (const auto slash = name.rfind('/'); slash != std::string::npos)
        name.erase(0, slash + 1); // "openai/o3" on routers
    if (name.size() >= 2 && name[0] == 'o' && std::isdigit(static_cast<unsigned char>(name[1])))
        return true;
    return name.rfind("gpt-5", 0) == 0 && name.find("-chat") == std::string::npos;
}

std::optional<long long> thinkingBudget(const model::Params &params)
{
    if (params.extra.is_object()) {
        const auto it = params.extra.find("thinking_budget");
        if (it != params.extra.end() && it->is_number())
            return it->get<long long>();
    }
    if (!params.reasoningEffort)
        return std::nullopt;
    const std::string effort = util::asciiLower(*params.reasoningEffort);
    if (effort == "none")
        return 0;
    if (effort == "minimal" || effort == "low")
        return 1024;
    if (effort == "high" || effort == "max" || effort == "xhigh")
        return 24576;
    return 8192; // medium, and any word we do not know
}

std::vector<std::string> adaptRequestForModel(ChatRequest &request, ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::AzureOpenAi:
    case ProviderKind::OpenAiCompatible:
        if (isOpenAiReasoningModel(request.model))
            return adaptOpenAiReasoning(request, kind);
        return {};
    case ProviderKind::Anthropic:
        return adaptAnthropic(request);
    case ProviderKind::Gemini:
    case ProviderKind::Ollama:
    case ProviderKind::Echo:
        return {};
    }
    return {};
}

} // namespace ps::providers
