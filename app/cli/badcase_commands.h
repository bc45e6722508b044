#pragma once

// tag, badcase and dataset from-badcases: the CLI's front end of core/badcase.

#include "command_registry.h"
#include "cli_context.h"

namespace ps::cli {

// Registers `tag` and `badcase`, and `from-badcases` under `dataset` (registered before).
void addBadcaseCommands(CLI::App &app, CliContext &ctx, Action &action);

} // namespace ps::cli
