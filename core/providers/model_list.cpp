#include "providers/model_list.h"

#include "providers/adapter_support.h"
#include "util/json_depth.h"

#include <algorithm>
#include <stdexcept>

namespace ps::providers {

namespace {

using nlohmann::json;

const json &arrayField(const json &body, const char *name, std::string_view kind)
{
    const auto it = body.is_object() ? body.find(name) : body.end();
    if (it == body.end() || !it->is_array())
        throw std::runtime_error(
            "the " + std::string(kind) + " model list has no \"" + name + "\" array");
    return *it;
}

std::string stringField(const json &item, const char *name)
{
    const auto it = item.is_object() ? item.find(name) : item.end();
    return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool generatesContent(const json &model)
{
    const auto methods = model.find("supportedGenerationMethods");
    if (methods == model.end() || !methods->is_array())
        return true; // a list that does not say: offered rather than hidden
    return std::any_of(methods->begin(), methods->end(),
        [](const json &method) { return method == "generateContent"; });
}

} // namespace

bool canListModels(ProviderKind kind)
{
    return kind != ProviderKind::Echo && kind != ProviderKind::AzureOpenAi;
}

net::HttpRequest modelListRequest(const ProviderConfig &config, const std::string &apiKey)
{
    if (!canListModels(config.kind))
        throw std::invalid_argument(
            std::string(toString(config.kind)) + " providers have no model list to ask for");
    net::HttpRequest http;
    http.method = "GET";
    const std::string base = baseUrlOf(config);
    switch (config.kind) {
    case ProviderKind::Anthropic:
        http.url = base + "/v1/models?limit=1000";
        http.headers.emplace_back("anthropic-version", "2023-06-01");
        break;
    case ProviderKind::Gemini:
        http.url = base + "/v1beta/models?pageSize=1000";
        break;
    case ProviderKind::Ollama:
        http.url = base + "/api/tags";
        break;
    default:
        http.url = base + "/models"; // the base holds the version path (CLI.md)
        break;
    }
    http.headers.emplace_back("accept", "application/json");
    addKeyHeader(http.headers, config.kind, apiKey);
    const std::chrono::milliseconds wait {std::chrono::seconds {config.timeoutSeconds}};
    http.timeouts.firstByte = wait;
    http.timeouts.idle = wait;
    http.timeouts.total = wait * 2;
    return http;
}

std::vector<ModelInfo> parseModelList(ProviderKind kind, std::string_view body)
{
    const json parsed = util::parseJsonOrDiscarded(body);
    if (parsed.is_discarded())
        throw std::runtime_error("the model list is not JSON");
    std::vector<ModelInfo> models;
    switch (kind) {
    case ProviderKind::Anthropic:
        for (const json &item : arrayField(parsed, "data", "Anthropic"))
            models.push_back({stringField(item, "id"), stringField(item, "display_name")});
        break;
    case ProviderKind::Gemini:
        for (const json &item : arrayField(parsed, "models", "Gemini")) {
            std::string id = stringField(item, "name");
            if (id.rfind("models/", 0) == 0)
                id.erase(0, 7); // a target names "gemini-2.5-flash", not "models/gemini-2.5-flash"
            if (generatesContent(item))
                models.push_back({id, stringField(item, "displayName")});
        }
        break;
    case ProviderKind::Ollama:
        for (const json &item : arrayField(parsed, "models", "Ollama")) {
            const std::string model = stringField(item, "model");
            models.push_back({model.empty() ? stringField(item, "name") : model, {}});
        }
        break;
    default:
        for (const json &item : arrayField(parsed, "data", "OpenAI-style"))
            models.push_back({stringField(item, "id"), {}});
        break;
    }
    std::erase_if(models, [](const ModelInfo &model) { return model.id.empty(); });
    std::sort(models.begin(), models.end(),
        [](const ModelInfo &a, const ModelInfo &b) { return a.id < b.id; });
    return models;
}

} // namespace ps::providers
