#include "run/eval_columns.h"

#include "model/run_record.h"
#include "store/run_store.h"

#include <algorithm>

namespace ps::run {

std::vector<std::string> evalVersions(const model::RunRecord &run)
{
    const auto listed = run.options.find("versions");
    if (listed != run.options.end() && listed->is_array() && listed->size() > 1) {
        std::vector<std::string> versions;
        for (const auto &version : *listed) {
            if (version.is_string())
                versions.push_back(version.get<std::string>());
        }
        if (versions.size() > 1)
            return versions;
    }
    return {run.version};
}

EvalColumns::EvalColumns(
    const model::RunRecord &run, const std::vector<store::ResponseRecord> &responses)
{
    const std::vector<std::string> versions = evalVersions(run);
    m_byVersion = versions.size() > 1;
    for (const std::string &version : versions) {
        for (const std::string &target : run.targets)
            add(version, target);
    }
    for (const store::ResponseRecord &response : responses) {
        if (response.caseIndex)
            add(m_byVersion ? response.version : versions.front(), response.targetId);
    }
}

void EvalColumns::add(const std::string &version, const std::string &targetId)
{
    EvalColumn column {m_byVersion ? version + "|" + targetId : targetId, version, targetId};
    if (!find(column.key))
        m_columns.push_back(std::move(column));
}

std::vector<std::string> EvalColumns::keys() const
{
    std::vector<std::string> keys;
    for (const EvalColumn &column : m_columns)
        keys.push_back(column.key);
    return keys;
}

const EvalColumn *EvalColumns::find(const std::string &key) const
{
    const auto found = std::find_if(m_columns.begin(), m_columns.end(),
        [&key](const EvalColumn &column) { return column.key == key; });
    return found == m_columns.end() ? nullptr : &*found;
}

std::string EvalColumns::keyOf(const store::ResponseRecord &response) const
{
    return m_byVersion ? response.version + "|" + response.targetId : response.targetId;
}

std::vector<std::pair<std::string, std::string>> EvalColumns::comparedPairs() const
{
    std::vector<std::pair<std::string, std::string>> pairs;
    if (m_columns.empty())
        return pairs;
    const std::string &firstVersion = m_columns.front().version;
    // Versions first: "is the new prompt better" is the question a multi-version run asks.
    for (const EvalColumn &baseline : m_columns) {
        if (baseline.version != firstVersion)
            continue;
        for (const EvalColumn &other : m_columns) {
            if (other.targetId == baseline.targetId && other.version != firstVersion)
                pairs.emplace_back(baseline.key, other.key);
        }
    }
    std::vector<std::string> versions;
    for (const EvalColumn &column : m_columns) {
        if (std::find(versions.begin(), versions.end(), column.version) == versions.end())
            versions.push_back(column.version);
    }
    for (const std::string &version : versions) {
        const EvalColumn *baseline = nullptr;
        for (const EvalColumn &column : m_columns) {
            if (column.version != version)
                continue;
            if (!baseline)
                baseline = &column;
            else
                pairs.emplace_back(baseline->key, column.key);
        }
    }
    return pairs;
}

} // namespace ps::run
