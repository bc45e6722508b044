#pragma once

#include "dispatch/dispatcher.h"
#include "store/run_store.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// What one dispatcher outcome stores as a response row — the one mapping `run`, `eval` and the
// window share.
namespace ps::run {

// The answer, usage, timings, attempts, cache and fallback marks and the error of `outcome`,
// stored under `targetId` (`requestedModel` when the outcome names none). Cost and an
// evaluation's verdict are the caller's to add.
store::ResponseRecord responseRecord(const dispatch::CallOutcome &outcome,
    const std::string &targetId, const std::string &requestedModel);

// [{"id", "name", "arguments"}] as stored and printed.
nlohmann::json toolCallsJson(const std::vector<providers::ToolCall> &calls);

} // namespace ps::run
