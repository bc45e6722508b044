#include "run/run_store_sink.h"

namespace ps::run {

RunStoreSink::RunStoreSink(
    store::RunStore &runs, model::VersionRecord version, nlohmann::json options)
    : m_runs(runs)
    , m_version(std::move(version))
    , m_options(std::move(options))
{ }

void RunStoreSink::start(const std::vector<std::string> &targetIds, int total)
{
    m_run = m_runs.startRun("run", m_version, targetIds, total, std::nullopt, m_options);
}

void RunStoreSink::add(std::size_t /*slot*/, const store::ResponseRecord &record)
{
    m_runs.addResponse(m_run.id, record);
}

void RunStoreSink::finish(model::RunStatus status)
{
    m_runs.finishRun(m_run.id, status);
}

} // namespace ps::run
