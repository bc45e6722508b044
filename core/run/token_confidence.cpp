#include "run/token_confidence.h"

#include "providers/model_quirks.h"

#include <algorithm>
#include <cmath>

namespace ps::run {

std::optional<ConfidenceSummary> summarizeConfidence(
    const std::vector<providers::TokenLogprob> &tokens, std::size_t span)
{
    if (tokens.empty())
        return std::nullopt;
    ConfidenceSummary summary;
    double sum = 0;
    for (const providers::TokenLogprob &token : tokens)
        sum += token.logprob;
    summary.meanLogprob = sum / static_cast<double>(tokens.size());
    summary.meanProbability = std::exp(summary.meanLogprob);

    const std::size_t width = std::clamp<std::size_t>(span, 1, tokens.size());
    double window = 0;
    for (std::size_t i = 0; i < width; ++i)
        window += tokens[i].logprob;
    double lowest = window;
    std::size_t first = 0;
    for (std::size_t i = width; i < tokens.size(); ++i) {
        window += tokens[i].logprob - tokens[i - width].logprob;
        if (window < lowest) {
            lowest = window;
            first = i - width + 1;
        }
    }
    summary.lowestFirst = first;
    summary.lowestEnd = first + width;
    summary.lowestProbability = std::exp(lowest / static_cast<double>(width));
    for (std::size_t i = first; i < first + width; ++i)
        summary.lowestText += tokens[i].token;
    return summary;
}

std::string whyNoConfidence(providers::ProviderKind kind, const std::vector<std::string> &notes)
{
    for (const std::string &note : notes)
        if (note.rfind(providers::kLogprobsLeftOut, 0) == 0)
            return note;
    switch (kind) {
    case providers::ProviderKind::Echo:
        return "echo answers on this machine and has no token probabilities";
    case providers::ProviderKind::Anthropic:
        return "Anthropic does not offer token log-probabilities";
    case providers::ProviderKind::AzureOpenAi:
    case providers::ProviderKind::OpenAi:
        return "the model sent none (reasoning models and some deployments do not)";
    default:
        return "the server sent none (not every server or model returns log-probabilities)";
    }
}

} // namespace ps::run
