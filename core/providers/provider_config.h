#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

// How to reach one provider: its kind, endpoint, key variable and limits (CLI.md "provider add").
namespace ps::providers {

enum class ProviderKind { OpenAi, OpenAiCompatible, AzureOpenAi, Anthropic, Gemini, Ollama, Echo };

// The CLI's words: openai, openai-compatible, azure-openai, anthropic, gemini, ollama, echo.
const char *toString(ProviderKind kind);
std::optional<ProviderKind> providerKindFromString(std::string_view text);

// Reads an environment variable; injectable so that tests never see the real environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string &name)>;
EnvLookup systemEnvironment();

struct ProviderConfig
{
    std::string id;
    ProviderKind kind = ProviderKind::OpenAi;
    std::string baseUrl; // empty: the kind's default (see resolveConfig)
    std::string apiKeyEnv; // empty: the kind's usual variable
    // The key is kept in the OS keychain under the variable's name (the variable, when set,
    // still wins); never the key itself.
    bool keyInKeychain = false;
    std::string apiVersion; // azure-openai only
    int concurrency = 8;
    int rpm = 0; // requests per minute; 0: no limit
    int timeoutSeconds = 60; // first byte and any later stretch without content, per attempt
    int totalTimeoutSeconds = 600; // the whole of one attempt, however steadily bytes arrive

    bool operator==(const ProviderConfig &) const = default;

    // {"id","kind","base_url","api_key_env","api_version","concurrency","rpm","timeout_seconds",
    // "total_timeout_seconds"}, and "key_in_keychain": true when it is;
    // holds the variable's name only, never a key.
    nlohmann::json toJson() const;
    // Throws std::invalid_argument naming the bad field.
    static ProviderConfig fromJson(const nlohmann::json &json);
};

// The official endpoint of a kind, ignoring the environment ("" for echo and for kinds that have
// none: openai-compatible and azure-openai need --base-url).
std::string defaultBaseUrl(ProviderKind kind);
// OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, AZURE_OPENAI_API_KEY; "" when the kind needs
// no key by default (echo, ollama, and openai-compatible, which must not be sent an OpenAI key
// unasked).
std::string defaultApiKeyEnv(ProviderKind kind);

// Ollama's OLLAMA_HOST convention: a bare host or host:port means http, port 11434 by default.
std::string ollamaHostToUrl(std::string_view host);

// The config with blanks filled (echo: no URL and no key, whatever the config says): base URL from
// the config, else OPENAI_BASE_URL (openai) or OLLAMA_HOST (ollama), else the official endpoint;
// trailing slashes removed; key variable defaulted. Adapters expect a resolved config.
ProviderConfig resolveConfig(const ProviderConfig &config, const EnvLookup &env);

// Why a config cannot be used, or "" when it can: a missing base URL or api version, a URL that
// is not http(s) or hides its host behind user-info (user@host), a key variable that plainly
// holds no key (HOME, PATH, ...), or a key that would cross the network over plain http.
std::string validateConfig(const ProviderConfig &config);

// A warning for a usable config whose requests cross the network unencrypted (plain http to
// another machine, allowed only without a key): prompts and answers can be read on the way, by
// the proxy that `env`'s http_proxy or all_proxy names above all. "" when there is none.
std::string plainHttpWarning(const ProviderConfig &resolved, const EnvLookup &env);

} // namespace ps::providers
