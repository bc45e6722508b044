#pragma once

#include "providers/provider_config.h"

#include <string>

// A secret that never leaves this machine, kept beside the trust file: it signs what this
// machine wrote into a project (the response cache), so entries planted in a shared file are
// told apart from real answers.
namespace ps::secrets {

// 32 random bytes from $XDG_CONFIG_HOME/promptsmith/machine-key (else ~/.config/...), created
// on first use with permissions 0600 (two processes creating it at once agree on one). With no
// configuration folder, or one that cannot be written, a key for this process alone.
std::string machineKey(const providers::EnvLookup &env);

} // namespace ps::secrets
