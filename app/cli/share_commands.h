#pragma once

// share init, push, pull and status: the CLI's front end of core/share.

#include "command_registry.h"
#include "cli_context.h"

namespace ps::cli {

void addShareCommands(CLI::App &app, CliContext &ctx, Action &action);

} // namespace ps::cli
