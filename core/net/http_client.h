#pragma once

#include "net/http_request.h"

#include <cstdint>
#include <memory>
#include <thread>

// The network engine: one thread running a libcurl multi loop that carries every request.
namespace ps::net {

namespace detail {
struct TransferControl;
class ClientCore;
} // namespace detail

// Lets any thread cancel one submitted request. Cheap to copy; outlives the client safely.
class RequestHandle
{
public:
    RequestHandle() = default;

    // Closes the connection; onDone then reports TransportError::Cancelled (unless it already
    // ran). Idempotent, callable from any thread, including from the request's own callbacks.
    void cancel() const;
    bool isValid() const { return m_control != nullptr; }
    std::uint64_t id() const;

private:
    friend class HttpClient;
    RequestHandle(
        std::shared_ptr<detail::TransferControl> control, std::weak_ptr<detail::ClientCore> core);

    std::shared_ptr<detail::TransferControl> m_control;
    std::weak_ptr<detail::ClientCore> m_core;
};

// Owns the network thread. Requests share one connection cache (keep-alive, HTTP/2 multiplexing
// over TLS); TLS is always verified; proxies come from the usual environment variables.
class HttpClient
{
public:
    HttpClient();
    // Cancels everything still in flight (each onDone runs with Cancelled), then joins the thread.
    ~HttpClient();

    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    // Never blocks: the request is queued for the network thread, where all callbacks run.
    RequestHandle submit(HttpRequest request, HttpCallbacks callbacks);

private:
    std::shared_ptr<detail::ClientCore> m_core;
    std::thread m_thread;
};

} // namespace ps::net
