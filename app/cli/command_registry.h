#pragma once

// How a command is registered: the action chosen on the command line runs once parsing (global
// options included) is complete.

#include <CLI/CLI.hpp>

#include <functional>

namespace ps::cli {

using Action = std::function<void()>;

// When `command` is chosen, `body` becomes the action: it runs after the whole line is parsed.
inline void onChosen(CLI::App *command, Action &action, Action body)
{
    command->callback([&action, body = std::move(body)] { action = body; });
}

} // namespace ps::cli
