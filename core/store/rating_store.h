#pragma once

#include "model/rating_record.h"

#include <optional>
#include <string>
#include <vector>

// Reads and writes rating sessions, their items and ratings through a Project's connection.
namespace ps::store {

class Database;
class Project;

class RatingStore
{
public:
    explicit RatingStore(const Project &project);

    // Stores a new session with its items, all or nothing (an item without an id is given an
    // opaque one); returns it with id and created set.
    model::RatingSessionRecord create(
        model::RatingSessionRecord session, const std::vector<model::RatingItemRecord> &items);
    // Oldest first, with how many items and ratings each has.
    std::vector<model::RatingSessionRecord> list() const;
    model::RatingSessionRecord session(const std::string &id) const; // NotFound if absent
    std::vector<model::RatingItemRecord> items(const std::string &sessionId) const; // in order
    // A rater's rating of an item, replacing one they gave before. NotFound for an unknown
    // session or item.
    void rate(const std::string &sessionId, const model::RatingRecord &rating);
    std::vector<model::RatingRecord> ratings(const std::string &sessionId) const;

    // Annotation guidelines, versioned like prompts: a text unlike the latest version's is
    // stored as the next version and returned; the same text returns the latest unchanged.
    model::GuidelineRecord saveGuideline(const std::string &name, const std::string &text);
    // The latest version without `version`; NotFound when absent.
    model::GuidelineRecord guideline(const std::string &name, std::optional<int> version = {}) const;
    std::vector<model::GuidelineRecord> guidelines() const; // each name's latest, by name

private:
    Database &m_db;
};

} // namespace ps::store
