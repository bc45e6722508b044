#pragma once

#include <optional>
#include <string>

// The user's own git credential helpers (a keychain, a token manager), asked the way git asks
// them: `git credential fill`. What they give is used for one connection and kept nowhere.
namespace ps::share {

struct HelperCredential
{
    std::string username;
    std::string password; // a token, for the forges
};

// `url`: the remote's ("https://host/team/prompts.git"). nullopt when git is not installed or no
// helper has one; git never prompts on a terminal here.
std::optional<HelperCredential> credentialFromHelper(const std::string &url);

} // namespace ps::share
