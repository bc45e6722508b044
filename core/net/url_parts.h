#pragma once

#include <optional>
#include <string>

// A URL split the way libcurl will contact it, so that the host a user approves or is shown is
// the host the request reaches ("https://api.openai.com:443@evil.example" reaches evil.example).
namespace ps::net {

struct UrlParts
{
    std::string scheme; // lower case: "http", "https"
    std::string host; // lower case; an IPv6 address keeps its brackets: "[::1]"
    int port = 0; // the explicit port, else the scheme's default
    bool hasUserInfo = false; // "user[:password]@" before the host

    // "host:port", the form approvals and messages use.
    std::string hostPort() const;
    // localhost, 127.0.0.0/8 or [::1]: the request never leaves this machine.
    bool isLoopback() const;
};

// Parsed by libcurl's URL API; nullopt when libcurl would not accept it as an absolute URL.
std::optional<UrlParts> parseUrl(const std::string &url);

// `url` with any "user:password@" removed, for showing a URL whose user-info may hold a secret;
// `url` itself when libcurl cannot parse it.
std::string withoutUserInfo(const std::string &url);

} // namespace ps::net
