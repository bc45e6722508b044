#include "loopback_listener.h"

#include <httplib.h>

#include <sys/socket.h>

#include <memory>

namespace ps::fakeprovider {

int bindLoopback(httplib::Server &server, int port)
{
    auto listening = std::make_shared<int>(-1);
    server.set_socket_options([listening](int socket) {
        const int yes = 1;
        ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        *listening = socket;
    });
    const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1")
                                : (server.bind_to_port("127.0.0.1", port) ? port : -1);
    // cpp-httplib 0.11 listens with a backlog of 5: at 32 connections at once, SYNs are dropped
    // and each retry costs the client a second. On Linux, listening again raises the backlog.
    if (bound > 0 && *listening >= 0)
        ::listen(*listening, SOMAXCONN);
    return bound;
}

} // namespace ps::fakeprovider
