#pragma once

namespace httplib {
class Server;
}

// The Anthropic Messages wire format of the fake provider (PROTOCOLS.md §3).
namespace ps::fakeprovider {

class ServerContext;

// Serves POST /v1/messages, streaming (named SSE events with a ping) and not; the key, when one
// is expected, in x-api-key.
void installAnthropicRoutes(httplib::Server &server, ServerContext &context);

} // namespace ps::fakeprovider
