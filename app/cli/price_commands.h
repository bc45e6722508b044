#pragma once

// price set/list, and the prices a run charges by: the project's overrides, then the catalogue.

#include "cli_context.h"

#include "catalog/model_catalog.h"
#include "providers/provider_config.h"

#include <optional>
#include <string>
#include <vector>

namespace ps::cli {

struct PriceSetArgs
{
    std::string model;
    double input = 0.0; // USD per 1M tokens
    double output = 0.0;
    std::optional<double> cachedInput;
};

void runPriceSet(const CliContext &ctx, const PriceSetArgs &args);
void runPriceList(const CliContext &ctx);

// "cost $0.00036" or "no price", for a human metrics line.
std::string costText(const std::optional<double> &costUsd);

} // namespace ps::cli
