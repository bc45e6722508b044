#pragma once

// EvalRunner's state over one execute() call, shared by its live and batch parts (private to
// eval_runner*.cpp).

#include "run/eval_runner.h"

#include <chrono>
#include <functional>
#include <string>

namespace ps::run {

// What one execute() call shares between its live and batch parts.
struct EvalRunner::Session
{
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    int doneThisSession = 0;
    bool cancelling = false;
    // An answer that cannot be stored stops the run: none is paid for in vain.
    bool storeFailed = false;
    std::chrono::steady_clock::time_point lastCheckpoint = std::chrono::steady_clock::now();
    std::string stage;

    void report(const EvalResult &result, const std::function<void(const EvalProgress &)> &progress,
        bool withEta = true) const
    {
        if (!progress)
            return;
        EvalProgress now;
        now.total = result.total;
        now.done = result.skipped + doneThisSession;
        now.elapsedSeconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (withEta && doneThisSession > 0)
            now.etaSeconds = now.elapsedSeconds / doneThisSession * (result.total - now.done);
        now.stage = stage;
        progress(now);
    }
};

} // namespace ps::run
