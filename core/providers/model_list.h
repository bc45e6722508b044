#pragma once

#include "net/http_request.h"
#include "providers/provider_config.h"

#include <string>
#include <string_view>
#include <vector>

// Listing a provider's models, as "Test connection" and `provider models` do: the request and
// the reply of each kind (OpenAI and compatible servers `GET /models`, Anthropic
// `GET /v1/models`, Gemini `models.list`, Ollama `GET /api/tags`). Translation only, no I/O.
namespace ps::providers {

struct ModelInfo
{
    std::string id; // what a target's model names
    std::string name; // the provider's display name; "" when it gives none

    bool operator==(const ModelInfo &) const = default;
};

// Whether `kind` has a list to ask for: echo has its one model without asking, and Azure lists
// deployments only in its portal.
bool canListModels(ProviderKind kind);

// The GET that lists the models of `config` (resolved), the key in the kind's header (none when
// `apiKey` is empty). Gemini's and Anthropic's lists are asked for in one page of up to 1000.
net::HttpRequest modelListRequest(const ProviderConfig &config, const std::string &apiKey);

// The models a 2xx reply lists, sorted by id; for Gemini only those that generate content.
// Throws std::runtime_error saying what the body lacks when it is not such a list.
std::vector<ModelInfo> parseModelList(ProviderKind kind, std::string_view body);

} // namespace ps::providers
