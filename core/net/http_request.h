#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

// What the engine sends and what it reports back, free of any provider's format.
namespace ps::net {

// Header names compare case-insensitively (HTTP), so they are stored lower-case.
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Timeouts
{
    std::chrono::milliseconds connect {10'000};
    std::chrono::milliseconds firstByte {60'000}; // from sending until the first body byte
    std::chrono::milliseconds idle {60'000}; // the longest time without content once bytes flow
    std::chrono::milliseconds total {0}; // 0: no overall limit
};

struct HttpRequest
{
    std::string method = "POST";
    std::string url;
    Headers headers; // e.g. {"content-type", "application/json"}; secrets included here only
    std::string body;
    Timeouts timeouts;
    // A PEM file of certificates to trust instead of the system's (a company's TLS-inspecting
    // proxy, a local server's own certificate); empty: the system's.
    std::string caFile;
};

enum class TransportError {
    None,
    Network, // DNS, refused, reset, a connection cut mid-body
    Tls, // the TLS handshake or the server's certificate failed: retrying cannot help
    Timeout, // connect, first-byte, idle or total limit reached
    Cancelled, // the caller cancelled
};

struct HttpResult
{
    int status = 0; // 0 when no response arrived
    Headers headers; // lower-case names
    TransportError error = TransportError::None;
    std::string errorMessage; // human-readable; never contains request headers
    std::string timeoutKind; // "connect", "first byte", "idle" or "total" when error == Timeout
};

// Called on the network thread. onHeaders once the status and headers are in;
// onBody for each piece of the body as it arrives; onDone exactly once, last.
struct HttpCallbacks
{
    std::function<void(int status, const Headers &headers)> onHeaders;
    // Returns whether the bytes carried content: only content restarts the idle timer, so a
    // server that sends keep-alive comments, or a byte now and then, still times out.
    std::function<bool(std::string_view bytes)> onBody;
    std::function<void(const HttpResult &result)> onDone;
};

// Finds a header value by lower-case name; empty if absent.
std::string_view headerValue(const Headers &headers, std::string_view lowerCaseName);

} // namespace ps::net
