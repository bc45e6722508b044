#pragma once

#include "dispatch/response_cache.h"

#include <cstddef>
#include <optional>
#include <string>

// The dispatcher's response cache kept in a project (table response_cache): a repeated request
// is answered from the file, across processes, without being sent.
namespace ps::store {

class Database;
class Project;

// Thread-safe (serialised with the project's connection). Each outcome is kept as JSON with
// everything the dispatcher reported — text, tool calls, finish reason, usage, log-probabilities,
// reasoning, measurements, notes and the rendered request — and read back equal.
//
// Each entry is signed with `signingKey` (secrets::machineKey: it never leaves this machine), and
// only entries it signed are hits: answers planted in a shared file, or written elsewhere, are
// asked again rather than scored as real.
class ResponseCacheStore : public dispatch::ResponseCache
{
public:
    ResponseCacheStore(const Project &project, std::string signingKey);

    // An entry that cannot be read (hand-edited, damaged) or that this machine did not sign is a
    // miss, never a failed call.
    std::optional<dispatch::CallOutcome> find(const std::string &key) override;
    // An outcome with an error is not kept. A failed write is left out silently: the cache only
    // saves requests, and the call it came from has succeeded.
    void store(const std::string &key, const dispatch::CallOutcome &outcome) override;

    std::size_t size() const; // entries kept

private:
    Database &m_db;
    std::string m_signingKey;
};

// The JSON form of an outcome as the cache keeps it, and back (nullopt if it is not one).
nlohmann::json cachedOutcomeJson(const dispatch::CallOutcome &outcome);
std::optional<dispatch::CallOutcome> cachedOutcomeFromJson(const nlohmann::json &json);

} // namespace ps::store
