#pragma once

// export, import and dataset export: the CLI's front end of core/exchange.

#include "command_registry.h"
#include "cli_context.h"

namespace ps::cli {

// Adds `export` and `import`, and `dataset export` to the `dataset` command already added.
void addExchangeCommands(CLI::App &app, CliContext &ctx, Action &action);

} // namespace ps::cli
