#pragma once

// A model's list price and the USD an answer's token usage costs at it.

#include "providers/chat_types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ps::catalog {

// USD per 1M tokens.
struct ModelPrice
{
    double input = 0.0;
    double output = 0.0;
    std::optional<double> cachedInput; // absent: cached input tokens cost the input price
    std::string confidence; // H, M or L (PROTOCOLS.md section 9); empty for a project override
    std::string source;

    bool operator==(const ModelPrice &) const = default;
};

// The cost of one answer. Input tokens include the cached ones (as every adapter reports them);
// those are priced apart when the model has a cached-input price. Reasoning tokens are part of
// the output already. A count the provider did not report counts as zero.
double costUsd(const ModelPrice &price, const providers::Usage &usage);

// The ids a model is looked up under, most specific first: lower-cased, without a provider
// prefix ("openai/gpt-4o" -> "gpt-4o"), then without date or version suffixes one at a time
// ("claude-sonnet-4-20250514" -> "claude-sonnet-4", "gpt-4o-2024-08-06" -> "gpt-4o").
std::vector<std::string> lookupKeys(std::string_view model);

} // namespace ps::catalog
