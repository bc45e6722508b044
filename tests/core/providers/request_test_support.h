#pragma once

// Builders shared by the request tests of the provider adapters.

#include "providers/chat_types.h"
#include "providers/provider_config.h"

#include "net/http_request.h"

#include <string>
#include <vector>

namespace ps::test {

inline providers::ProviderConfig providerConfig(
    std::string id, providers::ProviderKind kind, const std::string &baseUrl)
{
    providers::ProviderConfig c;
    c.id = std::move(id);
    c.kind = kind;
    c.baseUrl = baseUrl;
    return c;
}

inline providers::ChatMessage message(std::string role, std::string content)
{
    providers::ChatMessage m;
    m.role = std::move(role);
    m.content = std::move(content);
    return m;
}

// Every value of the header `name` (compared exactly), in order.
inline std::vector<std::string> valuesOf(const net::Headers &headers, const std::string &name)
{
    std::vector<std::string> values;
    for (const auto &[key, value] : headers)
        if (key == name)
            values.push_back(value);
    return values;
}

} // namespace ps::test
