#include "net/url_parts.h"

#include "util/ascii_text.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace ps::net {

namespace {

struct UrlDeleter
{
    void operator()(CURLU *url) const { curl_url_cleanup(url); }
};

std::optional<std::string> part(CURLU *url, CURLUPart which, unsigned int flags = 0)
{
    char *text = nullptr;
    if (curl_url_get(url, which, &text, flags) != CURLUE_OK || !text)
        return std::nullopt;
    std::string value(text);
    curl_free(text);
    return value;
}

} // namespace

std::string UrlParts::hostPort() const
{
    return host + ":" + std::to_string(port);
}

bool UrlParts::isLoopback() const
{
    if (host == "localhost" || host == "[::1]")
        return true;
    // libcurl normalises numeric IPv4 forms ("127.1", "0x7f.1") to dotted quads.
    if (!host.starts_with("127."))
        return false;
    return std::all_of(host.begin(), host.end(),
        [](char c) { return c == '.' || std::isdigit(static_cast<unsigned char>(c)); });
}

std::optional<UrlParts> parseUrl(const std::string &url)
{
    std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
        return std::nullopt;
    UrlParts parts;
    const auto scheme = part(handle.get(), CURLUPART_SCHEME);
    const auto host = part(handle.get(), CURLUPART_HOST);
    const auto port = part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
    if (!scheme || !host || host->empty() || !port)
        return std::nullopt;
    parts.scheme = util::asciiLower(*scheme);
    parts.host = util::asciiLower(*host);
    try {
        parts.port = std::stoi(*port);
    } catch (const std::exception &) {
        return std::nullopt;
    }
    parts.hasUserInfo = part(handle.get(), CURLUPART_USER).has_value()
        || part(handle.get(), CURLUPART_PASSWORD).has_value();
    return parts;
}

std::string withoutUserInfo(const std::string &url)
{
    std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
        return url;
    curl_url_set(handle.get(), CURLUPART_USER, nullptr, 0);
    curl_url_set(handle.get(), CURLUPART_PASSWORD, nullptr, 0);
    return part(handle.get(), CURLUPART_URL).value_or(url);
}

} // namespace ps::net
