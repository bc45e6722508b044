#pragma once

#include "run/target_run.h"
#include "store/run_store.h"

#include <nlohmann/json.hpp>

#include <string>

// Stores a TargetRun straight into a project: the CLI's `run`, and tests.
namespace ps::run {

class RunStoreSink final : public RunSink
{
public:
    // The run is stored under `version` with `options` (e.g. where it was started from); `runs`
    // must outlive the run's calls.
    RunStoreSink(store::RunStore &runs, model::VersionRecord version,
        nlohmann::json options = nlohmann::json::object());

    void start(const std::vector<std::string> &targetIds, int total) override;
    void add(std::size_t slot, const store::ResponseRecord &record) override;
    void finish(model::RunStatus status) override;

    // The run as started (its id once start() ran).
    const model::RunRecord &run() const { return m_run; }

private:
    store::RunStore &m_runs;
    model::VersionRecord m_version;
    nlohmann::json m_options;
    model::RunRecord m_run;
};

} // namespace ps::run
