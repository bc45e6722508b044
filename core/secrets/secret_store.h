#pragma once

#include "providers/provider_config.h"

#include <optional>
#include <string>
#include <string_view>

// Where API keys come from: an interface, so the window can plug in the OS keychain.
// Keys are never logged, stored in a project or put into a message.
namespace ps::secrets {

class SecretStore
{
public:
    virtual ~SecretStore() = default;
    // The key for a provider, or nullopt when none is set (or the kind needs none).
    virtual std::optional<std::string> apiKey(const providers::ProviderConfig &config) const = 0;
};

// Reads the provider's key variable (--api-key-env, else the kind's usual one).
class EnvSecretStore final : public SecretStore
{
public:
    explicit EnvSecretStore(providers::EnvLookup env = providers::systemEnvironment());
    std::optional<std::string> apiKey(const providers::ProviderConfig &config) const override;

    // The variable that would be read: what a "no key" message may name instead of the key.
    static std::string variableFor(const providers::ProviderConfig &config);

private:
    providers::EnvLookup m_env;
};

// `text` with every occurrence of `secret` replaced by "***", for messages that quote a server
// which might have echoed a key back. A secret shorter than 8 bytes is left alone: it would
// match ordinary words.
std::string redact(std::string text, std::string_view secret);

} // namespace ps::secrets
