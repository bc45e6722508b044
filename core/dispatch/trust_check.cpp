#include "dispatch/trust_check.h"

namespace ps::dispatch {

namespace {

std::string refusalMessage(const std::string &providerId, const secrets::ProviderDestination &to)
{
    const std::string what = to.variable.empty()
        ? "would send prompts to " + to.host
        : "would send the key in " + to.variable + " to " + to.host;
    return "provider '" + providerId + "' " + what
        + ", which this machine has not approved (the project may have been made or changed "
          "elsewhere); if you trust it, run `promptsmith-cli provider trust "
        + providerId + "`";
}

} // namespace

UntrustedProviderError::UntrustedProviderError(
    std::string providerId, secrets::ProviderDestination destination)
    : std::runtime_error(refusalMessage(providerId, destination))
    , m_providerId(std::move(providerId))
    , m_destination(std::move(destination))
{ }

std::optional<UntrustedProviderError> trustRefusal(
    const providers::ProviderConfig &resolved, const secrets::TrustStore &trust)
{
    const std::optional<secrets::ProviderDestination> destination
        = secrets::destinationOf(resolved);
    if (!destination || trust.approves(*destination))
        return std::nullopt; // echo, or a URL validateConfig refuses first
    return UntrustedProviderError(resolved.id, *destination);
}

std::vector<UntrustedProviderError> trustRefusals(
    const TargetCall &call, const secrets::TrustStore &trust, const providers::EnvLookup &env)
{
    std::vector<UntrustedProviderError> refusals;
    for (const TargetCall *link = &call; link; link = link->fallback.get()) {
        const providers::ProviderConfig resolved = providers::resolveConfig(link->provider, env);
        if (!providers::validateConfig(resolved).empty())
            continue; // refused by the dispatcher with its own reason, before anything is sent
        if (auto refusal = trustRefusal(resolved, trust))
            refusals.push_back(std::move(*refusal));
    }
    return refusals;
}

void requireTrusted(
    const TargetCall &call, const secrets::TrustStore &trust, const providers::EnvLookup &env)
{
    std::vector<UntrustedProviderError> refusals = trustRefusals(call, trust, env);
    if (!refusals.empty())
        throw refusals.front();
}

} // namespace ps::dispatch
