#pragma once

// spec set/list/remove: a prompt's requirements, written as gates over any metric.

#include "cli_context.h"

#include <string>

namespace ps::cli {

struct SpecSetArgs
{
    std::string prompt;
    std::string name;
    std::string expression;
    std::string why;
};

void runSpecSet(const CliContext &ctx, const SpecSetArgs &args);
void runSpecList(const CliContext &ctx, const std::string &prompt);
void runSpecRemove(const CliContext &ctx, const std::string &prompt, const std::string &name);

} // namespace ps::cli
