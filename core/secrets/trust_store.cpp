#include "secrets/trust_store.h"

#include "net/url_parts.h"
#include "secrets/secret_store.h"
#include "util/ascii_text.h"
#include "util/atomic_file.h"
#include "util/json_depth.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace ps::secrets {

namespace {

constexpr const char *kFormat = "promptsmith-trust";
constexpr std::size_t kMaxFileBytes = 4 * 1024 * 1024;

// "host" or "host:port" (IPv6 in brackets) split into its host and its port ("" for any port).
std::pair<std::string, std::string> splitHostEntry(const std::string &entry)
{
    if (entry.starts_with('[')) {
        const auto close = entry.find(']');
        if (close == std::string::npos)
            return {entry, {}};
        const std::string host = entry.substr(0, close + 1);
        if (close + 1 < entry.size() && entry[close + 1] == ':')
            return {host, entry.substr(close + 2)};
        return {host, {}};
    }
    const auto colon = entry.find(':');
    if (colon == std::string::npos || entry.find(':', colon + 1) != std::string::npos)
        return {entry, {}};
    return {entry.substr(0, colon), entry.substr(colon + 1)};
}

std::string nowUtc()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc {};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// Holds an exclusive lock on `path` + ".lock" while approvals are read and written.
class FileLock
{
public:
    explicit FileLock(const std::filesystem::path &path)
    {
        const std::string lockPath = path.string() + ".lock";
        m_fd = ::open(lockPath.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
        if (m_fd < 0)
            throw std::runtime_error("cannot lock " + lockPath + ": " + std::strerror(errno));
        while (::flock(m_fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                const int code = errno;
                ::close(m_fd);
                throw std::runtime_error("cannot lock " + lockPath + ": " + std::strerror(code));
            }
        }
    }
    ~FileLock() { ::close(m_fd); }
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

private:
    int m_fd = -1;
};

} // namespace

std::optional<ProviderDestination> destinationOf(const providers::ProviderConfig &resolved)
{
    if (resolved.kind == providers::ProviderKind::Echo)
        return std::nullopt;
    const std::optional<net::UrlParts> parts = net::parseUrl(resolved.baseUrl);
    if (!parts)
        return std::nullopt;
    return ProviderDestination {
        parts->hostPort(), EnvSecretStore::variableFor(resolved), parts->isLoopback()};
}

TrustStore::TrustStore(std::filesystem::path file, std::vector<std::string> trustedHosts)
    : m_file(std::move(file))
{
    for (const std::string &host : trustedHosts) {
        std::string entry = util::asciiLower(util::trimAsciiSpace(host));
        if (!entry.empty())
            m_trustedHosts.push_back(std::move(entry));
    }
}

void TrustStore::loadOnce() const
{
    // Read on first use, not at construction: the window builds its engine at start-up.
    if (m_loaded)
        return;
    m_loaded = true;
    if (m_file.empty())
        return;
    try {
        m_entries = readFile();
    } catch (const std::exception &error) {
        m_loadError = error.what();
    }
}

TrustStore TrustStore::forThisMachine(const providers::EnvLookup &env)
{
    std::vector<std::string> hosts;
    if (env) {
        if (const auto list = env("PROMPTSMITH_TRUSTED_HOSTS")) {
            std::stringstream stream(*list);
            for (std::string entry; std::getline(stream, entry, ',');)
                hosts.push_back(entry);
        }
    }
    return TrustStore(defaultFile(env), std::move(hosts));
}

std::filesystem::path TrustStore::defaultFile(const providers::EnvLookup &env)
{
    if (!env)
        return {};
    std::filesystem::path base;
    if (const auto config = env("XDG_CONFIG_HOME");
        config && !config->empty() && std::filesystem::path(*config).is_absolute())
        base = *config;
    else if (const auto home = env("HOME"); home && !home->empty())
        base = std::filesystem::path(*home) / ".config";
    else
        return {};
    return base / "promptsmith" / "trusted-providers.json";
}

bool TrustStore::needsApproval(const ProviderDestination &destination)
{
    return !(destination.loopback && destination.variable.empty());
}

bool TrustStore::approves(const ProviderDestination &destination) const
{
    if (!needsApproval(destination))
        return true;
    const auto [host, port] = splitHostEntry(destination.host);
    for (const std::string &entry : m_trustedHosts) {
        const auto [trustedHost, trustedPort] = splitHostEntry(entry);
        if (trustedHost == host && (trustedPort.empty() || trustedPort == port))
            return true;
    }
    std::lock_guard lock(m_mutex);
    loadOnce();
    return std::any_of(m_entries.begin(), m_entries.end(),
        [&destination](const Entry &entry) { return entry.is(destination); });
}

std::string TrustStore::loadError() const
{
    std::lock_guard lock(m_mutex);
    loadOnce();
    return m_loadError;
}

std::vector<TrustStore::Entry> TrustStore::readFile() const
{
    std::error_code error;
    if (!std::filesystem::exists(m_file, error))
        return {};
    const auto size = std::filesystem::file_size(m_file, error);
    if (error || size > kMaxFileBytes)
        throw std::runtime_error(
            m_file.string() + ": not a file of approvals (too large or unreadable)");
    std::ifstream in(m_file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof())
        throw std::runtime_error("cannot read " + m_file.string());
    const nlohmann::json json = util::parseJsonOrDiscarded(text);
    const auto bad = [this](const std::string &why) {
        return std::runtime_error(m_file.string() + ": " + why
            + "; fix or delete it (approvals are made again with `provider trust`)");
    };
    if (json.is_discarded() || !json.is_object() || json.value("format", "") != kFormat)
        throw bad("not a Promptsmith approvals file");
    if (!json.contains("approved") || !json["approved"].is_array())
        throw bad("\"approved\" must be a list");
    std::vector<Entry> entries;
    for (const nlohmann::json &item : json["approved"]) {
        if (!item.is_object() || !item.contains("host") || !item["host"].is_string()
            || !item.contains("variable") || !item["variable"].is_string())
            throw bad("each approval needs a \"host\" and a \"variable\"");
        Entry entry;
        entry.host = util::asciiLower(item["host"].get<std::string>());
        entry.variable = item["variable"].get<std::string>();
        if (item.contains("provider") && item["provider"].is_string())
            entry.providerId = item["provider"].get<std::string>();
        if (item.contains("approved_at") && item["approved_at"].is_string())
            entry.approvedAt = item["approved_at"].get<std::string>();
        entries.push_back(std::move(entry));
    }
    return entries;
}

void TrustStore::writeFile(const std::vector<Entry> &entries) const
{
    nlohmann::json list = nlohmann::json::array();
    for (const Entry &entry : entries)
        list.push_back({{"host", entry.host}, {"variable", entry.variable},
            {"provider", entry.providerId}, {"approved_at", entry.approvedAt}});
    const nlohmann::json document = {{"format", kFormat}, {"version", 1}, {"approved", list}};
    try {
        util::writeFileAtomically(m_file, document.dump(2) + "\n",
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    } catch (const util::FileWriteError &error) {
        throw std::runtime_error(error.what());
    }
}

template<typename Change>
bool TrustStore::update(Change change)
{
    if (m_file.empty())
        throw std::runtime_error("there is no configuration folder to keep approvals in (set "
                                 "XDG_CONFIG_HOME or HOME)");
    std::error_code error;
    const std::filesystem::path folder = m_file.parent_path();
    if (!std::filesystem::exists(folder, error)) {
        std::filesystem::create_directories(folder, error);
        if (error)
            throw std::runtime_error("cannot create " + folder.string() + ": " + error.message());
        std::filesystem::permissions(folder, std::filesystem::perms::owner_all, error);
    }
    const FileLock lock(m_file);
    std::vector<Entry> entries = readFile(); // another process may have approved meanwhile
    const bool changed = change(entries);
    if (changed)
        writeFile(entries);
    std::lock_guard guard(m_mutex);
    m_entries = std::move(entries);
    m_loadError.clear();
    m_loaded = true;
    return changed;
}

bool TrustStore::approve(const ProviderDestination &destination, const std::string &providerId)
{
    return update([&](std::vector<Entry> &entries) {
        const bool known = std::any_of(entries.begin(), entries.end(),
            [&](const Entry &entry) { return entry.is(destination); });
        if (known)
            return false;
        entries.push_back({destination.host, destination.variable, providerId, nowUtc()});
        return true;
    });
}

bool TrustStore::revoke(const ProviderDestination &destination)
{
    return update([&](std::vector<Entry> &entries) {
        const auto before = entries.size();
        std::erase_if(entries, [&](const Entry &entry) { return entry.is(destination); });
        return entries.size() != before;
    });
}

} // namespace ps::secrets
