#pragma once

#include "providers/chat_types.h"
#include "providers/provider_config.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

// How sure a model was of its answer, from its tokens' log-probabilities: the mean confidence
// and the least sure stretch (the panes' confidence view), or why a target gave none.
namespace ps::run {

struct ConfidenceSummary
{
    double meanLogprob = 0; // the mean of the tokens' log-probabilities
    double meanProbability = 0; // exp(meanLogprob): the mean confidence the view shows
    std::size_t lowestFirst = 0; // the least sure stretch of tokens: [lowestFirst, lowestEnd)
    std::size_t lowestEnd = 0;
    double lowestProbability = 0; // exp of that stretch's mean log-probability
    std::string lowestText;
};

// Nullopt without tokens. The stretch is `span` tokens long (all of them when fewer).
std::optional<ConfidenceSummary> summarizeConfidence(
    const std::vector<providers::TokenLogprob> &tokens, std::size_t span = 3);

// Why an answer of a provider of `kind` came without log-probabilities, in the user's words:
// the adaptation's own note when it left them out, else what the kind does.
std::string whyNoConfidence(providers::ProviderKind kind, const std::vector<std::string> &notes);

} // namespace ps::run
