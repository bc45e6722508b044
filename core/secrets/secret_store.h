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
    // What a call without a key says: where the key was looked for, never a key.
    virtual std::string missingKeyMessage(const providers::ProviderConfig &config) const;
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

// Keys shorter than this are left alone by redact(): "abc" would blank ordinary words. Four
// is short enough for any real key ("hunter2" was stored unredacted at the old eight).
constexpr std::size_t kMinRedactedSecret = 4;

// `text` with every occurrence of `secret` replaced by "***", for messages that quote a server
// which might have echoed a key back (a secret shorter than kMinRedactedSecret is left alone).
std::string redact(std::string text, std::string_view secret);

// Whether a key holds a control character (a line break would split the request's headers).
bool hasControlCharacters(std::string_view key);

} // namespace ps::secrets
