#include "catalog/model_price.h"
#include "util/ascii_text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace ps::catalog {

namespace {

constexpr double kPerMillion = 1'000'000.0;

// Suffixes that name a snapshot of a model rather than another model; 'd' stands for a digit.
constexpr std::array<std::string_view, 9> kSnapshotSuffixes = {
    "-dddd-dd-dd", // gpt-4o-2024-08-06
    "-dddddddd", // claude-sonnet-4-20250514
    "@dddddddd", // Vertex AI: claude-sonnet-4@20250514
    "-preview-dd-dd", // gemini-2.5-flash-preview-05-20
    "-latest", // claude-3-5-haiku-latest
    "-vd:d", // Bedrock: ...-v1:0
    "-vd",
    "-dddd", // gpt-4-0613
    "-ddd", // gemini-2.0-flash-001
};

bool endsWithPattern(std::string_view text, std::string_view pattern)
{
    if (text.size() <= pattern.size()) // something must be left of the model's name
        return false;
    const std::string_view tail = text.substr(text.size() - pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const bool ok = pattern[i] == 'd' ? std::isdigit(static_cast<unsigned char>(tail[i])) != 0
                                          : tail[i] == pattern[i];
        if (!ok)
            return false;
    }
    return true;
}

long long count(const std::optional<long long> &value)
{
    return value ? std::max(*value, 0LL) : 0LL;
}

} // namespace

double costUsd(const ModelPrice &price, const providers::Usage &usage)
{
    const long long input = count(usage.inputTokens);
    const long long cached = std::min(count(usage.cachedInputTokens), input);
    const long long output = count(usage.outputTokens);
    double cost = static_cast<double>(output) * price.output;
    if (price.cachedInput)
        cost += static_cast<double>(input - cached) * price.input
            + static_cast<double>(cached) * *price.cachedInput;
    else
        cost += static_cast<double>(input) * price.input;
    return cost / kPerMillion;
}

std::vector<std::string> lookupKeys(std::string_view model)
{
    std::string key = util::asciiLower(model);
    std::erase_if(key, [](unsigned char c) { return std::isspace(c) != 0; });
    if (const auto slash = key.rfind('/'); slash != std::string::npos)
        key.erase(0, slash + 1); // openai/gpt-4o-mini, models/gemini-2.5-flash
    std::vector<std::string> keys;
    if (key.empty())
        return keys;
    keys.push_back(key);
    // Bedrock ids carry a vendor (and region) prefix: us.anthropic.claude-...
    if (const auto vendor = key.find("anthropic."); vendor != std::string::npos) {
        key.erase(0, vendor + std::string_view("anthropic.").size());
        keys.push_back(key);
    }
    for (bool stripped = true; stripped;) {
        stripped = false;
        for (const std::string_view suffix : kSnapshotSuffixes) {
            if (endsWithPattern(key, suffix)) {
                key.resize(key.size() - suffix.size());
                keys.push_back(key);
                stripped = true;
                break;
            }
        }
    }
    return keys;
}

} // namespace ps::catalog
