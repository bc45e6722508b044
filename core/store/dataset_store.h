#pragma once

#include "eval/dataset.h"
#include "model/dataset_record.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// A project's datasets. Each import of a name is a new immutable revision, so an evaluation
// run refers to the exact cases it used (datasetId) however often the name is re-imported.
namespace ps::store {

class Database;
class Project;

class DatasetStore
{
public:
    explicit DatasetStore(const Project &project);

    // Stores every case in one transaction (all or nothing) as the name's next revision.
    // Names follow checkPromptName's rules; throws BadInput otherwise.
    model::DatasetRecord importCases(const std::string &name, const std::string &source,
        const std::vector<eval::DatasetCase> &cases);
    // The same, storing each case as `readCases` hands it to the sink it is given (as
    // eval::forEachDatasetCase does), so a large file is never held as parsed cases; whatever
    // `readCases` throws leaves nothing stored.
    model::DatasetRecord importCases(const std::string &name, const std::string &source,
        const std::function<void(const eval::DatasetCaseSink &)> &readCases);

    // `name`'s next revision: its newest cases followed by `cases` (the first revision when
    // there is none), as importCases stores it.
    model::DatasetRecord appendCases(const std::string &name, const std::string &source,
        const std::vector<eval::DatasetCase> &cases);

    std::vector<model::DatasetRecord> list() const; // newest revision of each name, by name
    std::optional<model::DatasetRecord> findLatest(const std::string &name) const;
    std::optional<model::DatasetRecord> findById(std::int64_t id) const;
    model::DatasetRecord latest(const std::string &name) const; // NotFound if absent
    std::vector<eval::DatasetCase> cases(std::int64_t datasetId) const; // in file order
    // Tells `sized` how many cases there are, then hands each with its position in file order
    // to `onCase`, parsed on the machine's cores: `onCase` runs concurrently for different
    // positions. Each case's parsed form can be freed before the next is parsed, so a large
    // dataset converted to another form is never held twice (memory first touched is what costs).
    void visitCases(std::int64_t datasetId, const std::function<void(std::size_t)> &sized,
        const std::function<void(std::size_t, eval::DatasetCase &&)> &onCase) const;

private:
    Database &m_db;
};

} // namespace ps::store
