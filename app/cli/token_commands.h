#pragma once

// tokens: a text's, a file's or a chat request's tokens for a model, exact where its encoding is public.

#include "command_registry.h"
#include "cli_context.h"

namespace ps::cli {

void addTokenCommand(CLI::App &app, CliContext &ctx, Action &action);

} // namespace ps::cli
