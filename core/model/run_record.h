#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// A run as the project holds it: what was sent to which targets, and how far it got.
namespace ps::model {

enum class RunStatus {
    Running,
    Complete,
    Cancelled,
    Incomplete, // read only: stored as running, but the process running it is gone
};
const char *toString(RunStatus status);

struct RunRecord
{
    std::string id; // short and sortable by start time
    std::string kind; // "run" or "eval"
    std::int64_t versionId = 0;
    std::string version; // NAME@N
    // The versions its answers came from, in the order each first answered ("NAME@N", or
    // "NAME@N draft" for unsaved edits on it); the run's own version until one answers.
    std::vector<std::string> versions;
    std::vector<std::string> targets;
    RunStatus status = RunStatus::Running;
    int done = 0; // responses stored so far
    int total = 0; // responses expected
    int judged = 0; // eval runs: cells with a verdict so far (an errored cell is a failed one)
    int passed = 0; // eval runs: cells that passed
    std::string started; // ISO 8601 UTC
    std::optional<std::string> finished;
    std::int64_t ownerPid = 0;
    std::optional<std::int64_t> datasetId; // eval runs: the dataset revision used
    // eval runs: what --resume needs, {"repeat", "concurrency", "cache", "gates", "vars"...}
    nlohmann::json options = nlohmann::json::object();
};

} // namespace ps::model
