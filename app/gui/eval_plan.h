#pragma once

#include "eval_results.h"

#include "model/prompt_record.h"
#include "run/eval_runner.h"

#include <vector>

namespace ps::store {
class Project;
}

// What the Evaluate tab's choice asks for, read from the project: the versions and the run's
// spec — the one place an evaluation and its estimate are planned from the tab's choice.
namespace ps::app {

struct EvalPlan
{
    std::vector<model::VersionRecord> versions;
    run::EvalSpec spec;
};

// Throws store::StoreError for an unknown version, std::runtime_error for an unknown dataset or
// specs asked for that the prompt has none of.
EvalPlan planOf(const store::Project &project, const widgets::EvalChoice &choice);

} // namespace ps::app
