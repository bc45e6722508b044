#pragma once

#include "dispatch/dispatcher.h"
#include "secrets/trust_store.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

// The trust rule applied to what is about to be sent (CLI.md "Trust"): every provider of a call's
// chain must have its destination approved on this machine.
namespace ps::dispatch {

// A provider whose destination this machine has not approved; `what()` names the provider, the
// host, the key's variable and the command that approves it.
class UntrustedProviderError : public std::runtime_error
{
public:
    UntrustedProviderError(std::string providerId, secrets::ProviderDestination destination);
    const std::string &providerId() const { return m_providerId; }
    const secrets::ProviderDestination &destination() const { return m_destination; }

private:
    std::string m_providerId;
    secrets::ProviderDestination m_destination;
};

// The refusal for a resolved config that `trust` does not approve; nullopt when it may be sent.
std::optional<UntrustedProviderError> trustRefusal(
    const providers::ProviderConfig &resolved, const secrets::TrustStore &trust);

// Every link of `call`'s chain (the call, then its fallbacks) that `trust` does not approve, in
// order: what the window asks about before sending.
std::vector<UntrustedProviderError> trustRefusals(
    const TargetCall &call, const secrets::TrustStore &trust, const providers::EnvLookup &env);

// Throws UntrustedProviderError for the first link of `call`'s chain that `trust` does not
// approve, so that a front end can refuse before anything is sent.
void requireTrusted(
    const TargetCall &call, const secrets::TrustStore &trust, const providers::EnvLookup &env);

} // namespace ps::dispatch
