#include "catalog/serving_budget.h"

#include "util/ascii_text.h"

#include <array>
#include <cmath>

namespace ps::catalog {

namespace {

// From each model's published config.json (num_hidden_layers, num_key_value_heads, and
// hidden_size / num_attention_heads or head_dim).
const std::array<ModelShape, 9> kShapes {{
    {"llama-3.1-8b", 8.03, 32, 8, 128},
    {"llama-3.1-70b", 70.6, 80, 8, 128},
    {"llama-3.1-405b", 405.9, 126, 8, 128},
    {"mistral-7b", 7.24, 32, 8, 128},
    {"mixtral-8x7b", 46.7, 32, 8, 128},
    {"qwen2.5-7b", 7.62, 28, 4, 128},
    {"qwen2.5-72b", 72.7, 80, 8, 128},
    {"gemma-2-9b", 9.24, 42, 8, 256},
    {"gemma-2-27b", 27.2, 46, 16, 128},
}};

} // namespace

std::optional<Precision> parsePrecision(std::string_view text)
{
    const std::string name = util::asciiLower(text);
    if (name == "fp16")
        return Precision::Fp16;
    if (name == "bf16")
        return Precision::Bf16;
    if (name == "fp8")
        return Precision::Fp8;
    if (name == "int8")
        return Precision::Int8;
    if (name == "int4")
        return Precision::Int4;
    return std::nullopt;
}

double bytesPerValue(Precision precision)
{
    switch (precision) {
    case Precision::Fp16:
    case Precision::Bf16:
        return 2.0;
    case Precision::Fp8:
    case Precision::Int8:
        return 1.0;
    case Precision::Int4:
        return 0.5;
    }
    return 2.0;
}

std::optional<ModelShape> findModelShape(std::string_view name)
{
    const std::string wanted = util::asciiLower(name);
    for (const ModelShape &shape : kShapes)
        if (shape.name == wanted)
            return shape;
    return std::nullopt;
}

Budget servingBudget(const BudgetInput &input)
{
    if (!(input.paramsBillions > 0) || !std::isfinite(input.paramsBillions))
        throw BudgetError("the model's size must be a positive number of billions of parameters");
    if (input.context < 1 || input.concurrency < 1)
        throw BudgetError("context and concurrency must be at least 1");
    if (input.layers < 1 || input.kvHeads < 1 || input.headDim < 1)
        throw BudgetError("the KV cache needs the model's shape: a known --model, or --layers, "
                          "--kv-heads and --head-dim");
    if (!(input.gpuMemoryGb > 0))
        throw BudgetError("the GPU memory must be a positive number of GB");
    Budget budget;
    budget.weightsGb = input.paramsBillions * bytesPerValue(input.weights);
    budget.kvCacheGb = 2.0 * input.layers * input.kvHeads * input.headDim
        * double(input.context) * input.concurrency * bytesPerValue(input.kvCache) / 1e9;
    budget.totalGb = budget.weightsGb * kRuntimeOverhead + budget.kvCacheGb;
    budget.gpus = static_cast<int>(std::ceil(budget.totalGb / input.gpuMemoryGb));
    if (input.gpuHourUsd)
        budget.usdPerMonth = budget.gpus * *input.gpuHourUsd * kHoursPerMonth;
    if (input.callsPerDay && input.tokensPerCall && input.apiPrice) {
        // Blended 3:1, the common convention for one price per token of a chat workload.
        const double blended = (3.0 * input.apiPrice->input + input.apiPrice->output) / 4.0;
        budget.apiUsdPerMonth = *input.callsPerDay * (kHoursPerMonth / 24.0) * *input.tokensPerCall
            * blended / 1e6;
    }
    return budget;
}

} // namespace ps::catalog
