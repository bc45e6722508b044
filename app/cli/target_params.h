#pragma once

// A target's parameter overrides, read from `--param K=V` (model::Params::withOverrides lays them
// over a version's params).

#include "model/version_content.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ps::cli {

// {"K": V, ...}: V is JSON when it parses as JSON (0.2, true, ["a"], {"type": ...}), else the
// text itself. A malformed assignment is a usage error (exit 2).
nlohmann::json parseParamAssignments(const std::vector<std::string> &assignments);

} // namespace ps::cli
