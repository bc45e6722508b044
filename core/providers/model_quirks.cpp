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

std::optional<bool> modelTakesImages(const std::string &model)
{
    std::string id = model;
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (const auto slash = id.rfind('/'); slash != std::string::npos)
        id = id.substr(slash + 1); // "openai/gpt-4o", "meta-llama/llama-3.1-8b"
    const auto starts = [&id](std::string_view prefix) { return id.rfind(prefix, 0) == 0; };
    const auto has = [&id](std::string_view part) { return id.find(part) != std::string::npos; };
    if (has("vision") || has("-vl") || has("vl:") || has("llava") || starts("pixtral") || starts("gemma3")
        || starts("llama4") || starts("moondream") || starts("minicpm-v"))
        return true;
    for (std::string_view textOnly : {"gpt-3.5", "gpt-35", "o1-mini", "o1-preview", "o3-mini", "deepseek", "text-embedding",
             "claude-2", "claude-instant", "llama2", "llama-2", "llama3", "llama-3", "mistral", "mixtral", "codellama",
             "qwen2.5", "qwen2", "gemma2", "gemma-2", "phi3", "phi-3", "tinyllama"})
        if (starts(textOnly))
            return false;
    if (id == "gpt-4" || starts("gpt-4-0") || starts("gpt-4-32k"))
        return false;
    for (std::string_view vision : {"gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-4-turbo", "gpt-5", "o1", "o3", "o4",
             "claude-3", "claude-sonnet", "claude-opus", "claude-haiku", "gemini", "grok-2-vision", "echo"})
        if (starts(vision))
            return true;
    return std::nullopt;
}

std::optional<std::string> imageRefusal(ProviderKind kind, const ChatRequest &request)
{
    bool stored = false;
    bool linked = false;
    for (const ChatMessage &message : request.messages)
        for (const ImagePart &part : message.images)
            (part.image.url.empty() ? stored : linked) = true;
    if (!stored && !linked)
        return std::nullopt;
    if (kind != ProviderKind::Echo && modelTakesImages(request.model) == false)
        return request.model + " takes no images; choose a model that does (gpt-4o, claude-sonnet-4-5, "
                               "gemini-2.5-flash, llava, ...) or take the image out of the prompt";
    if (linked && (kind == ProviderKind::Gemini || kind == ProviderKind::Ollama))
        return std::string(toString(kind)) + " takes images as their bytes, not as a URL: add the image file to the "
                                             "message instead of its link";
    return std::nullopt;
}

} // namespace ps::providers
