#include "providers/adapter_support.h"

#include <chrono>

namespace ps::providers {

net::HttpRequest jsonPost(std::string url, std::string accept, const ProviderConfig &config)
{
    net::HttpRequest http;
    http.method = "POST";
    http.url = std::move(url);
    http.headers.emplace_back("content-type", "application/json");
    http.headers.emplace_back("accept", std::move(accept));
    const std::chrono::milliseconds wait {std::chrono::seconds {config.timeoutSeconds}};
    http.timeouts.firstByte = wait;
    http.timeouts.idle = wait;
    return http;
}

std::string baseUrlOf(const ProviderConfig &config)
{
    std::string base = config.baseUrl.empty() ? defaultBaseUrl(config.kind) : config.baseUrl;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    return base;
}

nlohmann::json responseSchema(const nlohmann::json &format)
{
    nlohmann::json schema = format.value("schema", nlohmann::json());
    if (schema.is_null() && format.contains("json_schema") && format["json_schema"].is_object())
        schema = format["json_schema"].value("schema", nlohmann::json());
    return schema;
}

void mergeExtra(
    nlohmann::json &body, const nlohmann::json &extra, std::initializer_list<const char *> owned)
{
    if (!extra.is_object() || extra.empty())
        return;
    nlohmann::json patch = extra;
    for (const char *key : owned)
        patch.erase(key);
    body.merge_patch(patch);
}

std::vector<ChatEvent> streamedEvents(StreamParser &parser, std::string_view body)
{
    std::vector<ChatEvent> events = parser.feed(body);
    for (ChatEvent &event : parser.finish())
        events.push_back(std::move(event));
    return events;
}

ChatResult resultOf(const std::vector<ChatEvent> &events, int status)
{
    ChatResult result;
    for (const ChatEvent &event : events)
        result.apply(event);
    if (result.error && result.error->status == 0)
        result.error->status = status;
    return result;
}

} // namespace ps::providers
