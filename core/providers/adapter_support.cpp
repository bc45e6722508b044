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
