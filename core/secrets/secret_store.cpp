#include "secrets/secret_store.h"

#include "util/ascii_text.h"

#include <algorithm>
#include <utility>

namespace ps::secrets {

std::string SecretStore::missingKeyMessage(const providers::ProviderConfig &config) const
{
    return EnvSecretStore::variableFor(config) + " is not set";
}

EnvSecretStore::EnvSecretStore(providers::EnvLookup env)
    : m_env(std::move(env))
{ }

std::string EnvSecretStore::variableFor(const providers::ProviderConfig &config)
{
    return config.apiKeyEnv.empty() ? providers::defaultApiKeyEnv(config.kind) : config.apiKeyEnv;
}

std::optional<std::string> EnvSecretStore::apiKey(const providers::ProviderConfig &config) const
{
    if (config.kind == providers::ProviderKind::Echo || !m_env)
        return std::nullopt;
    const std::string name = variableFor(config);
    if (name.empty())
        return std::nullopt;
    auto value = m_env(name);
    // Keys pasted from a web page often carry a trailing newline or spaces.
    if (value) {
        *value = std::string(util::trimAsciiSpace(*value));
        if (value->empty())
            return std::nullopt;
    }
    return value;
}

std::string redact(std::string text, std::string_view secret)
{
    if (secret.size() < kMinRedactedSecret)
        return text;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3))
        text.replace(pos, secret.size(), "***");
    return text;
}

bool hasControlCharacters(std::string_view key)
{
    return std::any_of(key.begin(), key.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

} // namespace ps::secrets
