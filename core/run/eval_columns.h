#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ps::model {
struct RunRecord;
} // namespace ps::model
namespace ps::store {
struct ResponseRecord;
} // namespace ps::store

// The columns of an evaluation run: one per target, or one per version × target when the run
// evaluates several versions (CLI.md: "A column key is `T` for one version, `REF|T` for
// several").
namespace ps::run {

struct EvalColumn
{
    std::string key; // "T", or "NAME@N|T"
    std::string version; // NAME@N
    std::string targetId;
};

class EvalColumns
{
public:
    // The run's versions (its options' "versions", else its own) × its targets, versions
    // outermost, then any column only its responses name (a target the run does not list).
    EvalColumns(const model::RunRecord &run, const std::vector<store::ResponseRecord> &responses);

    bool byVersion() const { return m_byVersion; }
    const std::vector<EvalColumn> &all() const { return m_columns; }
    std::vector<std::string> keys() const;
    const EvalColumn *find(const std::string &key) const;
    std::string keyOf(const store::ResponseRecord &response) const;
    // The pairs an A/B reads in a run: each later version against the first on the same target,
    // and each later target against the first with the same version.
    std::vector<std::pair<std::string, std::string>> comparedPairs() const;

private:
    void add(const std::string &version, const std::string &targetId);

    bool m_byVersion = false;
    std::vector<EvalColumn> m_columns;
};

// The versions an evaluation run answers with, in order: its options' "versions" when it has
// several, else its own.
std::vector<std::string> evalVersions(const model::RunRecord &run);

} // namespace ps::run
