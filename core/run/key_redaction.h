#pragma once

#include "dispatch/dispatcher.h"

#include <string>
#include <vector>

namespace ps::secrets {
class SecretStore;
}

// Blanks API keys out of what is printed or stored, should a server echo one back — the one
// place the CLI's run and the window's panes do it.
namespace ps::run {

// The keys `secrets` holds for every provider of `call`'s fallback chain, each once.
std::vector<std::string> chainKeys(
    const dispatch::TargetCall &call, const secrets::SecretStore &secrets);

// `text` with every key in `keys` blanked (secrets::redact).
std::string redactKeys(std::string text, const std::vector<std::string> &keys);
// `outcome` with its text, error message and rendered request redacted.
dispatch::CallOutcome redactOutcome(
    const dispatch::CallOutcome &outcome, const std::vector<std::string> &keys);

} // namespace ps::run
