#pragma once

namespace httplib {
class Server;
}

// Binds a cpp-httplib server to 127.0.0.1 so that bursts of connections are not dropped.
namespace ps::fakeprovider {

// Binds to 127.0.0.1:port (0: any free port); returns the port, or -1.
int bindLoopback(httplib::Server &server, int port);

} // namespace ps::fakeprovider
