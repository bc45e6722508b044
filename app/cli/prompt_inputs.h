#pragma once

// What `render` and `run` share: reading --var/--vars and rendering a version's messages.

#include "cli_context.h"
#include "store/project.h"
#include "template/prompt_renderer.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ps::cli {

// The object of variable values: the --vars file first, then each --var NAME=VALUE over it,
// so one value can be tried without editing the file.
nlohmann::json readVariableValues(
    const std::vector<std::string> &assignments, const std::string &varsFile);

// The version's messages rendered with `values`; a template error is bad input naming the
// message, line and column; each missing variable is warned about on stderr.
tmpl::RenderedPrompt renderVersionPrompt(
    const CliContext &ctx, const model::VersionRecord &version, const nlohmann::json &values);

} // namespace ps::cli
