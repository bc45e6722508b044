#include "secret_service.h"

#ifdef PS_HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include <map>
#include <memory>
#include <mutex>

namespace ps::cli {

#ifdef PS_HAVE_LIBSECRET
namespace {

// QtKeychain's libsecret schema, so the CLI finds what the window stored: user = the entry,
// server = the service, type = how the secret is encoded.
const SecretSchema *keychainSchema()
{
    static const SecretSchema schema = [] {
        SecretSchema s {};
        s.name = "org.qt.keychain";
        s.flags = SECRET_SCHEMA_DONT_MATCH_NAME;
        s.attributes[0] = {"user", SECRET_SCHEMA_ATTRIBUTE_STRING};
        s.attributes[1] = {"server", SECRET_SCHEMA_ATTRIBUTE_STRING};
        s.attributes[2] = {"type", SECRET_SCHEMA_ATTRIBUTE_STRING};
        return s;
    }();
    return &schema;
}

std::optional<std::string> lookUp(const std::string &entry)
{
    GError *error = nullptr;
    gchar *found = secret_password_lookup_sync(keychainSchema(), nullptr, &error, "user",
        entry.c_str(), "server", secrets::kKeychainService, "type", "plaintext", nullptr);
    if (error) // no Secret Service here, or a locked one: as if there were no entry
        g_error_free(error);
    if (!found)
        return std::nullopt;
    std::string key(found);
    secret_password_free(found);
    return key;
}

} // namespace

secrets::KeychainLookup secretServiceLookup()
{
    struct Cache
    {
        std::mutex mutex;
        std::map<std::string, std::optional<std::string>> keys;
    };
    auto cache = std::make_shared<Cache>();
    return [cache](const std::string &entry) {
        const std::lock_guard lock(cache->mutex);
        const auto it = cache->keys.find(entry);
        if (it != cache->keys.end())
            return it->second;
        return cache->keys.emplace(entry, lookUp(entry)).first->second;
    };
}
#else
secrets::KeychainLookup secretServiceLookup()
{
    return {};
}
#endif

} // namespace ps::cli
