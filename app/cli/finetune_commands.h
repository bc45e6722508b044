#pragma once

// finetune export and finetune check: the CLI's front end of core/finetune.

#include "command_registry.h"
#include "cli_context.h"

namespace ps::cli {

// `exitCode`: 3 when a checked or exported file fails OpenAI's checks (its summary is printed).
void addFinetuneCommands(CLI::App &app, CliContext &ctx, Action &action, int &exitCode);

} // namespace ps::cli
