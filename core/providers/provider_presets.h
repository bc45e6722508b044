#pragma once

#include "providers/provider_config.h"

#include <string>
#include <vector>

// The common services and local servers a new provider starts from: a kind, a base URL and the
// key's variable, so that adding one is a pick and a key, not a search through documentation.
namespace ps::providers {

struct ProviderPreset
{
    std::string name; // "DeepSeek"
    std::string id; // the provider id suggested: "deepseek"
    ProviderKind kind = ProviderKind::OpenAiCompatible;
    std::string baseUrl; // "" for the kind's official endpoint (or one the user must give)
    std::string apiKeyEnv; // "" for a local server that takes no key
    bool local = false; // a server on this machine
};

// Hosted services first, then the local servers; OpenAI-compatible services use their own
// documented compatible endpoint.
const std::vector<ProviderPreset> &providerPresets();

} // namespace ps::providers
