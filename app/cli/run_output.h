#pragma once

// How `run` shows its answers: tokens or a progress line while they arrive, then text blocks or
// CLI.md's `run --json` document.

#include "run/target_run.h"
#include "store/project.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ps::cli {

using run::RunSlot;

struct RunSummary
{
    std::string runId;
    std::string version; // NAME@N
    bool cancelled = false;
};

// {"run_id", "version", "status", "results": [...]} with each result in CLI.md's shape.
nlohmann::json runDocument(const std::vector<RunSlot> &slots, const RunSummary &summary);
// Per target a header line, the text and a metrics (or error) line; then the run's id.
std::string runText(const std::vector<RunSlot> &slots, const RunSummary &summary);
// After tokens were streamed: the metrics line of the one target, then the run's id.
std::string streamedFooter(const RunSlot &slot, const RunSummary &summary);

// Live output while calls run; every method is called under the one printing lock.
class StreamPrinter
{
public:
    StreamPrinter(std::size_t targets, bool progress);

    // The header of the one streamed target, printed before its first token (stdout).
    void header(const RunSlot &slot, const model::VersionRecord &version);
    // A piece of answer text, printed at once (stdout).
    void text(const std::string &text);
    // The progress line (stderr), redrawn at most every 100 ms or when a target ends.
    void progress(const std::vector<RunSlot> &slots);
    // Ends the progress line.
    void finish();

private:
    std::size_t m_targets;
    bool m_progress;
    bool m_drawn = false;
    std::size_t m_lastDone = 0;
    std::size_t m_lastWidth = 0;
    std::chrono::steady_clock::time_point m_lastDraw;
};

} // namespace ps::cli
