#pragma once

#include "secrets/secret_store.h"

#include <functional>
#include <optional>
#include <string>

// Keys from the environment and, for a provider whose key is kept in the OS keychain, from the
// keychain entry named after its key variable. The front end reads the keychain (core has none).
namespace ps::secrets {

// The keychain service the window's entries are stored under (each entry is a key variable's
// name); the CLI reads the same entries.
inline constexpr const char *kKeychainService = "Promptsmith";

// The key stored under `entry`, or nullopt (no such entry, or no keychain service). Called from
// any thread, only for a provider whose key is in the keychain and whose variable is unset.
using KeychainLookup = std::function<std::optional<std::string>(const std::string &entry)>;

class KeychainSecretStore final : public SecretStore
{
public:
    // An empty `keychain` reads the environment only.
    KeychainSecretStore(providers::EnvLookup env, KeychainLookup keychain);

    // The variable wins (a CI job, a one-off override); then the keychain.
    std::optional<std::string> apiKey(const providers::ProviderConfig &config) const override;
    std::string missingKeyMessage(const providers::ProviderConfig &config) const override;

private:
    EnvSecretStore m_env;
    KeychainLookup m_keychain;
};

} // namespace ps::secrets
