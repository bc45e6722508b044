#pragma once

#include "providers/provider_config.h"

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

// Which destinations this machine approved for providers' requests and keys, kept in the user's
// configuration folder and never in a project (CLI.md "Trust"): a project made or changed
// elsewhere cannot send a key, or a prompt, to a host its user never approved.
namespace ps::secrets {

// Where a provider's requests go and which key goes with them.
struct ProviderDestination
{
    std::string host; // "host:port", as libcurl will contact it
    std::string variable; // the key's variable; "" when no key is sent
    bool loopback = false; // the host is this machine

    bool operator==(const ProviderDestination &) const = default;
};

// The destination of a resolved config; nullopt for echo (offline) and for a URL that cannot be
// parsed (validateConfig refuses it).
std::optional<ProviderDestination> destinationOf(const providers::ProviderConfig &resolved);

class TrustStore
{
public:
    // `file` keeps the approvals ("" keeps them in memory only); `trustedHosts` are "host" or
    // "host:port" entries approved for every variable (PROMPTSMITH_TRUSTED_HOSTS). The file is
    // read on first use; a missing one approves nothing yet, an unreadable one approves nothing
    // and cannot be written over.
    explicit TrustStore(
        std::filesystem::path file = {}, std::vector<std::string> trustedHosts = {});

    // This machine's: defaultFile() and PROMPTSMITH_TRUSTED_HOSTS=host[:port],...
    static TrustStore forThisMachine(const providers::EnvLookup &env);
    // $XDG_CONFIG_HOME/promptsmith/trusted-providers.json, else under $HOME/.config; "" with
    // neither.
    static std::filesystem::path defaultFile(const providers::EnvLookup &env);

    // False for a destination on this machine that is sent no key: it is always approved.
    static bool needsApproval(const ProviderDestination &destination);
    // Approved in the file (read on first use) or by a trusted host, or needing no approval.
    // Thread-safe.
    bool approves(const ProviderDestination &destination) const;

    // Adds the approval to the file and saves it at once (re-read under a lock first, so that
    // two processes approving at the same time both keep theirs); false when the file had it.
    // Throws std::runtime_error naming the file when it cannot be read or written.
    // `providerId` is kept as a note for the reader.
    bool approve(const ProviderDestination &destination, const std::string &providerId = {});
    // Removes the approval; false when there was none.
    bool revoke(const ProviderDestination &destination);

    const std::filesystem::path &file() const { return m_file; }
    // Why the file could not be read ("" when it could, or does not exist).
    std::string loadError() const;

private:
    struct Entry
    {
        std::string host;
        std::string variable;
        std::string providerId;
        std::string approvedAt;
        bool is(const ProviderDestination &destination) const
        {
            return host == destination.host && variable == destination.variable;
        }
    };
    void loadOnce() const; // with m_mutex held
    std::vector<Entry> readFile() const; // throws std::runtime_error naming the file
    void writeFile(const std::vector<Entry> &entries) const;
    template<typename Change>
    bool update(Change change);

    std::filesystem::path m_file;
    std::vector<std::string> m_trustedHosts; // lower case
    mutable std::mutex m_mutex;
    mutable bool m_loaded = false;
    mutable std::vector<Entry> m_entries;
    mutable std::string m_loadError;
};

} // namespace ps::secrets
