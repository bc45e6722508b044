#pragma once

#include "providers/chat_types.h"
#include "providers/provider_config.h"

#include <optional>
#include <string>
#include <vector>

// "Copy as code": the exact request a target sends, written out as code a developer can keep —
// curl, Python (the official openai or anthropic SDK where the kind has one, the standard
// library otherwise) and JavaScript (fetch, Node 18 or later). The key is read from the
// environment variable the provider names; it is never written into the code.
namespace ps::providers {

enum class CodeLanguage { Curl, Python, JavaScript };

// What the target does when a call fails, written out when asked for.
struct CodePolicy
{
    int maxRetries = 2; // after the first attempt, on 408, 409, 429, 5xx and network errors
    int timeoutSeconds = 60;
    // The targets asked in turn when this one fails: "target (provider kind, model)".
    std::vector<std::string> fallbacks;
};

// The code for `request` sent through `resolved` (a resolved config, not echo); with `policy`,
// its retries, timeout and fallback chain too. Throws std::invalid_argument for echo, which sends
// nothing.
std::string requestCode(CodeLanguage language, const ChatRequest &request,
    const ProviderConfig &resolved, const std::optional<CodePolicy> &policy = std::nullopt);

} // namespace ps::providers
