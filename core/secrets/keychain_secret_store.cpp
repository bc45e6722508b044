#include "secrets/keychain_secret_store.h"

#include "util/ascii_text.h"

#include <utility>

namespace ps::secrets {

KeychainSecretStore::KeychainSecretStore(providers::EnvLookup env, KeychainLookup keychain)
    : m_env(std::move(env))
    , m_keychain(std::move(keychain))
{ }

std::optional<std::string> KeychainSecretStore::apiKey(
    const providers::ProviderConfig &config) const
{
    if (auto key = m_env.apiKey(config))
        return key;
    const std::string entry = EnvSecretStore::variableFor(config);
    if (!config.keyInKeychain || config.kind == providers::ProviderKind::Echo || entry.empty()
        || !m_keychain)
        return std::nullopt;
    std::optional<std::string> key = m_keychain(entry);
    if (key) {
        *key = std::string(util::trimAsciiSpace(*key));
        if (key->empty())
            return std::nullopt;
    }
    return key;
}

std::string KeychainSecretStore::missingKeyMessage(const providers::ProviderConfig &config) const
{
    const std::string entry = EnvSecretStore::variableFor(config);
    if (!config.keyInKeychain)
        return m_env.missingKeyMessage(config);
    return "no key for " + entry + " in the keychain"
        + (m_keychain ? std::string() : std::string(" (none is read here)"))
        + ", and the variable " + entry + " is not set";
}

} // namespace ps::secrets
