// budget: catalog::servingBudget from the command line; needs no project.

#include "budget_command.h"

#include "cli_format.h"

#include "catalog/model_catalog.h"
#include "catalog/serving_budget.h"
#include "util/number_text.h"

namespace ps::cli {

namespace {

nlohmann::json optionalJson(const std::optional<double> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

catalog::Precision precisionOf(const std::string &text, const char *option)
{
    if (const auto precision = catalog::parsePrecision(text))
        return *precision;
    throw CliError(ExitUsage, "usage",
        std::string(option) + " must be fp16, bf16, fp8, int8 or int4, not '" + text + "'");
}

} // namespace

void runBudget(const CliContext &ctx, const BudgetArgs &args)
{
    catalog::BudgetInput input;
    std::optional<catalog::ModelShape> shape;
    if (!args.model.empty()) {
        shape = catalog::findModelShape(args.model);
        if (!shape)
            throw CliError(ExitBadInput, "model",
                "no known shape for '" + args.model
                    + "'; give --layers, --kv-heads and --head-dim (from its config.json)");
    }
    if (args.paramsBillions)
        input.paramsBillions = *args.paramsBillions;
    else if (shape)
        input.paramsBillions = shape->paramsBillions;
    else
        throw CliError(ExitUsage, "usage", "budget needs --params BILLIONS (or a known --model)");
    input.weights = precisionOf(args.precision, "--precision");
    input.kvCache = precisionOf(args.kvPrecision, "--kv-precision");
    input.context = args.context;
    input.concurrency = args.concurrency;
    input.layers = args.layers.value_or(shape ? shape->layers : 0);
    input.kvHeads = args.kvHeads.value_or(shape ? shape->kvHeads : 0);
    input.headDim = args.headDim.value_or(shape ? shape->headDim : 0);
    input.gpuMemoryGb = args.gpuMemoryGb;
    input.gpuHourUsd = args.gpuHourUsd;
    input.callsPerDay = args.traffic;
    input.tokensPerCall = args.tokensPerCall;
    if (!args.apiModel.empty()) {
        input.apiPrice = catalog::ModelCatalog::builtIn().find(args.apiModel);
        if (!input.apiPrice)
            throw CliError(ExitBadInput, "model",
                "the price catalogue has no model '" + args.apiModel + "' (see `price list`)");
    }
    catalog::Budget budget;
    try {
        budget = catalog::servingBudget(input);
    } catch (const catalog::BudgetError &error) {
        throw CliError(ExitUsage, "usage", error.what());
    }
    if (ctx.options.json) {
        ctx.printJson({{"weights_gb", budget.weightsGb}, {"kv_cache_gb", budget.kvCacheGb},
            {"total_gb", budget.totalGb}, {"gpus", budget.gpus},
            {"usd_per_month", optionalJson(budget.usdPerMonth)},
            {"api_usd_per_month", optionalJson(budget.apiUsdPerMonth)}});
        return;
    }
    std::string text = "Weights   " + util::fixed(budget.weightsGb, 2) + " GB ("
        + util::fixed(input.paramsBillions, 2) + "B parameters at " + args.precision + ")\n"
        + "KV cache  " + util::fixed(budget.kvCacheGb, 2) + " GB (" + std::to_string(input.layers)
        + " layers x " + std::to_string(input.kvHeads) + " KV heads x "
        + std::to_string(input.headDim) + " x " + std::to_string(input.context) + " tokens x "
        + std::to_string(input.concurrency) + " at once, " + args.kvPrecision + ")\n"
        + "Total     " + util::fixed(budget.totalGb, 2)
        + " GB (weights x 1.2 for the runtime, plus the KV cache)\n" + "GPUs      "
        + std::to_string(budget.gpus) + " of " + util::fixed(input.gpuMemoryGb, 0) + " GB\n";
    text += budget.usdPerMonth
        ? "Self-hosted " + util::dollars(budget.usdPerMonth) + " a month (730 GPU-hours each)\n"
        : "Self-hosted cost: give --gpu-hour-usd X\n";
    if (budget.apiUsdPerMonth)
        text += "API (" + args.apiModel + ") " + util::dollars(budget.apiUsdPerMonth)
            + " a month at the same traffic (price blended 3:1 input to output)\n";
    ctx.print(text);
}

} // namespace ps::cli
