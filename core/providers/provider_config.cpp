#include "providers/provider_config.h"

#include "net/url_parts.h"
#include "util/ascii_text.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace ps::providers {

namespace {

constexpr std::array<std::pair<ProviderKind, const char *>, 7> kKindNames {{
    {ProviderKind::OpenAi, "openai"},
    {ProviderKind::OpenAiCompatible, "openai-compatible"},
    {ProviderKind::AzureOpenAi, "azure-openai"},
    {ProviderKind::Anthropic, "anthropic"},
    {ProviderKind::Gemini, "gemini"},
    {ProviderKind::Ollama, "ollama"},
    {ProviderKind::Echo, "echo"},
}};

std::string withoutTrailingSlashes(std::string url)
{
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

std::optional<std::string> nonEmptyVariable(const EnvLookup &env, const std::string &name)
{
    if (!env)
        return std::nullopt;
    auto value = env(name);
    if (!value)
        return std::nullopt;
    std::string text(util::trimAsciiSpace(*value));
    if (text.empty())
        return std::nullopt;
    return text;
}

int intField(const nlohmann::json &json, const char *key, int fallback)
{
    const auto it = json.find(key);
    if (it == json.end() || it->is_null())
        return fallback;
    if (!it->is_number_integer())
        throw std::invalid_argument(std::string(key) + ": expected an integer");
    return it->get<int>();
}

std::string stringField(const nlohmann::json &json, const char *key)
{
    const auto it = json.find(key);
    if (it == json.end() || it->is_null())
        return {};
    if (!it->is_string())
        throw std::invalid_argument(std::string(key) + ": expected a string");
    return it->get<std::string>();
}

// Variables that hold the machine's ordinary settings, never a provider's key: a project that
// names one as its key source wants it sent somewhere.
constexpr std::array<std::string_view, 30> kNotKeyVariables {"HOME", "PATH", "USER", "LOGNAME",
    "SHELL", "PWD", "OLDPWD", "TERM", "LANG", "LANGUAGE", "DISPLAY", "WAYLAND_DISPLAY", "HOSTNAME",
    "HOST", "TMPDIR", "TMP", "TEMP", "MAIL", "EDITOR", "VISUAL", "PAGER", "SSH_AUTH_SOCK",
    "SSH_CONNECTION", "SSH_CLIENT", "DBUS_SESSION_BUS_ADDRESS", "PS1", "MANPATH", "INFOPATH",
    "SHLVL", "COLORTERM"};

bool isPlainlyNotAKey(std::string_view name)
{
    if (std::find(kNotKeyVariables.begin(), kNotKeyVariables.end(), name) != kNotKeyVariables.end())
        return true;
    // Locale, XDG folders and the dynamic loader's settings.
    return name.starts_with("LC_") || name.starts_with("XDG_") || name.starts_with("LD_");
}

} // namespace

const char *toString(ProviderKind kind)
{
    for (const auto &[k, name] : kKindNames)
        if (k == kind)
            return name;
    return "openai";
}

std::optional<ProviderKind> providerKindFromString(std::string_view text)
{
    for (const auto &[kind, name] : kKindNames)
        if (text == name)
            return kind;
    return std::nullopt;
}

EnvLookup systemEnvironment()
{
    return [](const std::string &name) -> std::optional<std::string> {
        if (const char *value = std::getenv(name.c_str()))
            return std::string(value);
        return std::nullopt;
    };
}

nlohmann::json ProviderConfig::toJson() const
{
    nlohmann::json json = {{"id", id}, {"kind", toString(kind)}, {"base_url", baseUrl},
        {"api_key_env", apiKeyEnv}, {"api_version", apiVersion}, {"concurrency", concurrency},
        {"rpm", rpm}, {"timeout_seconds", timeoutSeconds},
        {"total_timeout_seconds", totalTimeoutSeconds}};
    if (keyInKeychain) // absent otherwise, so the providers of older projects read the same
        json["key_in_keychain"] = true;
    return json;
}

ProviderConfig ProviderConfig::fromJson(const nlohmann::json &json)
{
    if (!json.is_object())
        throw std::invalid_argument("provider: expected an object");
    ProviderConfig config;
    config.id = stringField(json, "id");
    const std::string kind = stringField(json, "kind");
    const auto parsed = providerKindFromString(kind);
    if (!parsed)
        throw std::invalid_argument("kind: unknown provider kind \"" + kind + "\"");
    config.kind = *parsed;
    config.baseUrl = stringField(json, "base_url");
    config.apiKeyEnv = stringField(json, "api_key_env");
    if (const auto it = json.find("key_in_keychain"); it != json.end()) {
        if (!it->is_boolean())
            throw std::invalid_argument("key_in_keychain: expected true or false");
        config.keyInKeychain = it->get<bool>();
    }
    config.apiVersion = stringField(json, "api_version");
    config.concurrency = intField(json, "concurrency", config.concurrency);
    config.rpm = intField(json, "rpm", config.rpm);
    config.timeoutSeconds = intField(json, "timeout_seconds", config.timeoutSeconds);
    config.totalTimeoutSeconds
        = intField(json, "total_timeout_seconds", config.totalTimeoutSeconds);
    return config;
}

std::string defaultBaseUrl(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return "https://api.openai.com/v1";
    case ProviderKind::Anthropic:
        return "https://api.anthropic.com";
    case ProviderKind::Gemini:
        return "https://generativelanguage.googleapis.com";
    case ProviderKind::Ollama:
        return "http://localhost:11434";
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::AzureOpenAi:
    case ProviderKind::Echo:
        return {};
    }
    return {};
}

std::string defaultApiKeyEnv(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return "OPENAI_API_KEY";
    case ProviderKind::AzureOpenAi:
        return "AZURE_OPENAI_API_KEY";
    case ProviderKind::Anthropic:
        return "ANTHROPIC_API_KEY";
    case ProviderKind::Gemini:
        return "GEMINI_API_KEY";
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::Ollama:
    case ProviderKind::Echo:
        return {};
    }
    return {};
}

std::string ollamaHostToUrl(std::string_view host)
{
    std::string text = withoutTrailingSlashes(std::string(util::trimAsciiSpace(host)));
    if (text.empty())
        return defaultBaseUrl(ProviderKind::Ollama);
    // As Ollama's client does: an explicit scheme keeps its own default port (80, 443).
    std::string scheme = "http";
    bool bare = true;
    if (const auto pos = text.find("://"); pos != std::string::npos) {
        scheme = text.substr(0, pos);
        text = text.substr(pos + 3);
        bare = false;
    }
    // Split off a path, then check whether the authority names a port (mind IPv6 brackets).
    std::string path;
    if (const auto slash = text.find('/'); slash != std::string::npos) {
        path = text.substr(slash);
        text = text.substr(0, slash);
    }
    const auto colon = text.rfind(':');
    const auto bracket = text.rfind(']');
    const bool hasPort
        = colon != std::string::npos && (bracket == std::string::npos || colon > bracket);
    if (bare && !hasPort)
        text += ":11434";
    return scheme + "://" + text + path;
}

ProviderConfig resolveConfig(const ProviderConfig &config, const EnvLookup &env)
{
    ProviderConfig out = config;
    if (config.kind == ProviderKind::Echo) {
        // Offline by definition: whatever a file says, echo has no endpoint and no key.
        out.baseUrl.clear();
        out.apiKeyEnv.clear();
        out.keyInKeychain = false;
        return out;
    }
    if (util::trimAsciiSpace(out.baseUrl).empty()) {
        out.baseUrl = defaultBaseUrl(config.kind);
        if (config.kind == ProviderKind::OpenAi) {
            if (auto value = nonEmptyVariable(env, "OPENAI_BASE_URL"))
                out.baseUrl = *value;
        } else if (config.kind == ProviderKind::Ollama) {
            if (auto value = nonEmptyVariable(env, "OLLAMA_HOST"))
                out.baseUrl = ollamaHostToUrl(*value);
        }
    }
    out.baseUrl = withoutTrailingSlashes(std::string(util::trimAsciiSpace(out.baseUrl)));
    if (out.apiKeyEnv.empty())
        out.apiKeyEnv = defaultApiKeyEnv(config.kind);
    return out;
}

std::string validateConfig(const ProviderConfig &config)
{
    const std::string name = "provider \"" + config.id + "\"";
    if (config.concurrency < 1)
        return name + ": concurrency must be at least 1";
    if (config.rpm < 0)
        return name + ": rpm must not be negative";
    if (config.timeoutSeconds < 1)
        return name + ": timeout must be at least 1 second";
    if (config.totalTimeoutSeconds < 1)
        return name + ": total timeout must be at least 1 second";
    if (config.kind == ProviderKind::Echo)
        return {};
    const ProviderConfig resolved = resolveConfig(config, {});
    const std::string &url = resolved.baseUrl;
    if (resolved.keyInKeychain && resolved.apiKeyEnv.empty())
        return name + ": a key kept in the keychain needs a name (--api-key-env)";
    if (url.empty())
        return name + " (" + toString(config.kind) + ") needs a base URL (--base-url)";
    const std::optional<net::UrlParts> parts = net::parseUrl(url);
    if (!parts || (parts->scheme != "http" && parts->scheme != "https"))
        return name + ": base URL must be an http:// or https:// URL with a host";
    // The URL is not repeated: a user-info part may hold a password.
    if (parts->hasUserInfo)
        return name
            + ": base URL has a user name or password before its host (user@host), "
              "which hides where requests go (they would reach "
            + parts->hostPort() + "); such URLs are refused";
    if (!resolved.apiKeyEnv.empty()) {
        if (isPlainlyNotAKey(resolved.apiKeyEnv))
            return name + ": " + resolved.apiKeyEnv
                + " is not a key variable (it holds this machine's own settings); name the "
                  "variable that holds the provider's key";
        if (parts->scheme == "http" && !parts->isLoopback())
            return name + ": its key (" + resolved.apiKeyEnv + ") would be sent over plain http to "
                + parts->hostPort() + "; use https (plain http carries a key only to this machine)";
    }
    if (config.kind == ProviderKind::AzureOpenAi && config.apiVersion.empty())
        return name + " (azure-openai) needs an API version (--api-version)";
    return {};
}

std::string plainHttpWarning(const ProviderConfig &resolved, const EnvLookup &env)
{
    const std::optional<net::UrlParts> parts = net::parseUrl(resolved.baseUrl);
    if (resolved.kind == ProviderKind::Echo || !parts || parts->scheme != "http"
        || parts->isLoopback())
        return {};
    std::string proxy;
    for (const char *variable : {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}) {
        const std::optional<std::string> value = env(variable);
        const std::string url = value ? std::string(util::trimAsciiSpace(*value)) : std::string();
        if (url.empty())
            continue;
        // Only the proxy's host is named: its URL may carry a password. curl reads a bare
        // "host:port" as http.
        const auto proxyParts
            = net::parseUrl(url.find("://") == std::string::npos ? "http://" + url : url);
        proxy = std::string(variable) + " (" + (proxyParts ? proxyParts->hostPort() : "?") + ")";
        break;
    }
    const std::string who = proxy.empty()
        ? "any machine on the way can read the prompts and answers"
        : "the proxy in " + proxy
            + " and any machine on the way can read the prompts and answers (unless no_proxy "
              "names the host)";
    return resolved.id + ": requests to " + parts->hostPort() + " go over plain http: " + who
        + "; use https where the server offers it";
}

} // namespace ps::providers
