#pragma once

#include "model/badcase_record.h"

#include <cstdint>
#include <string>
#include <vector>

// Reads and writes the project's bad-case taxonomy and its marked answers.
namespace ps::store {

class Database;
class Project;

struct BadcaseFilter
{
    std::string prompt; // "" for every prompt
    std::vector<std::string> tags; // any of them; empty for all
    std::string status; // "" for every status
    std::vector<std::int64_t> ids; // empty for all
};

class BadcaseStore
{
public:
    explicit BadcaseStore(const Project &project);

    std::vector<model::BadcaseTag> tags() const; // by name
    // AlreadyExists for a name in use, BadInput for an empty one.
    void addTag(const model::BadcaseTag &tag);
    // NotFound when absent. Bad cases marked with it keep the name.
    void removeTag(const std::string &name);
    // Tag `name` takes `tag`'s name, description and colour; a new name is carried to the cases
    // marked with it. NotFound when absent, AlreadyExists when the new name is in use.
    void updateTag(const std::string &name, const model::BadcaseTag &tag);

    // Stores a marked answer; BadInput names a tag the taxonomy lacks. Returns it with its id
    // and creation time.
    model::BadcaseRecord add(model::BadcaseRecord record);
    std::vector<model::BadcaseRecord> list(const BadcaseFilter &filter = {}) const; // oldest first
    model::BadcaseRecord find(std::int64_t id) const; // NotFound when absent
    // open, fixed (in `fixedIn`, NAME@N) or wontfix; BadInput for another status.
    void setStatus(std::int64_t id, const std::string &status, const std::string &fixedIn = {});

private:
    Database &m_db;
};

} // namespace ps::store
