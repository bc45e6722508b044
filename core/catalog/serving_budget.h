#pragma once

// What serving an open model yourself takes: weights and KV-cache memory, GPUs, and the
// monthly cost at a GPU-hour price, beside an API's cost at the same traffic (`budget`). The
// formulas are in README "Self-hosting budget".

#include "catalog/model_price.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ps::catalog {

enum class Precision { Fp16, Bf16, Fp8, Int8, Int4 };

// "fp16", "bf16", "fp8", "int8" or "int4"; nullopt otherwise.
std::optional<Precision> parsePrecision(std::string_view text);
double bytesPerValue(Precision precision);

// The attention shape the KV cache follows, from the model's published configuration.
struct ModelShape
{
    std::string name;
    double paramsBillions = 0.0;
    int layers = 0;
    int kvHeads = 0; // key/value heads (fewer than the query heads under grouped-query attention)
    int headDim = 0;
};

// A known open model by name (case-insensitive), e.g. "llama-3.1-70b"; nullopt when unknown.
std::optional<ModelShape> findModelShape(std::string_view name);

class BudgetError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

struct BudgetInput
{
    double paramsBillions = 0.0;
    Precision weights = Precision::Bf16;
    Precision kvCache = Precision::Fp16;
    long long context = 0; // tokens held per sequence
    int concurrency = 1; // sequences held at once
    int layers = 0;
    int kvHeads = 0;
    int headDim = 0;
    double gpuMemoryGb = 80.0;
    std::optional<double> gpuHourUsd;
    std::optional<double> callsPerDay;
    std::optional<double> tokensPerCall;
    std::optional<ModelPrice> apiPrice; // USD per 1M tokens, for the API beside it
};

struct Budget
{
    double weightsGb = 0.0; // parameters × bytes per value (GB = 10^9 bytes)
    double kvCacheGb = 0.0; // 2 × layers × KV heads × head dim × context × concurrency × bytes
    double totalGb = 0.0; // weights × 1.2 (runtime overhead) + KV cache
    int gpus = 0; // ⌈total / GPU memory⌉
    std::optional<double> usdPerMonth; // GPUs × GPU-hour price × 730 hours
    // calls a day × 730/24 days × tokens a call × the API's price blended 3:1 input to output
    std::optional<double> apiUsdPerMonth;
};

inline constexpr double kRuntimeOverhead = 1.2;
inline constexpr double kHoursPerMonth = 730.0; // 24 × 365 / 12

// Throws BudgetError naming what is missing or out of range.
Budget servingBudget(const BudgetInput &input);

} // namespace ps::catalog
