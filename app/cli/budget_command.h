#pragma once

// budget: the memory, GPUs and monthly cost of serving an open model yourself, beside an API.

#include "cli_context.h"

#include <optional>
#include <string>

namespace ps::cli {

struct BudgetArgs
{
    std::optional<double> paramsBillions;
    std::string precision;
    long long context = 0;
    std::string kvPrecision = "fp16";
    int concurrency = 1;
    std::string model; // a known open model's shape (and size, when --params is left out)
    double gpuMemoryGb = 80.0;
    std::optional<double> gpuHourUsd;
    std::optional<int> layers;
    std::optional<int> kvHeads;
    std::optional<int> headDim;
    std::optional<double> traffic; // calls a day
    std::optional<double> tokensPerCall;
    std::string apiModel; // the catalogue's model whose price the API column uses
};

void runBudget(const CliContext &ctx, const BudgetArgs &args);

} // namespace ps::cli
