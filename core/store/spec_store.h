#pragma once

// A prompt's specs (`spec set`): requirements written as gates, the acceptance criteria an
// evaluation is checked against with `eval --spec` and that a report opens with.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ps::store {

class Database;
class Project;

struct SpecRecord
{
    std::string name; // unique within its prompt
    std::string expression; // a gate over any metric (CLI.md), e.g. "recall[bug]>=0.8"
    std::string why; // the requirement in words
    std::string updated; // ISO 8601 UTC; set by the store

    bool operator==(const SpecRecord &) const = default;
};

// Reads and writes the specs table through a Project's connection.
class SpecStore
{
public:
    explicit SpecStore(const Project &project);

    // Creates or replaces `prompt`'s spec of that name. NotFound for an unknown prompt; BadInput
    // for a blank name or an expression that is not a gate (the reason says what is wrong).
    void set(const std::string &prompt, const SpecRecord &spec);
    std::vector<SpecRecord> list(const std::string &prompt) const; // by name; NotFound as above
    // The specs of the prompt version `versionId` belongs to (whatever the prompt is named now).
    std::vector<SpecRecord> listOfVersion(std::int64_t versionId) const;
    std::map<std::string, std::vector<SpecRecord>> all() const; // by prompt name, then name
    // NotFound when the prompt has no spec of that name.
    void remove(const std::string &prompt, const std::string &name);

private:
    Database &m_db;
};

} // namespace ps::store
