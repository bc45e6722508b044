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

// Read once per run: the project's overrides over the compiled-in catalogue.
class RunPricing
{
public:
    explicit RunPricing(const store::Project &project);

    // The USD of one answer; the echo provider costs nothing. `models` are tried in order (the
    // model that answered, then the one asked for). nullopt: no price is known.
    std::optional<double> cost(providers::ProviderKind kind, const std::vector<std::string> &models,
        const providers::Usage &usage) const;

private:
    catalog::ModelCatalog m_overrides;
};

// "cost $0.00036" or "no price", for a human metrics line.
std::string costText(const std::optional<double> &costUsd);

} // namespace ps::cli
