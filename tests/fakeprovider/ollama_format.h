#pragma once

namespace httplib {
class Server;
}

// The native Ollama chat wire format of the fake provider (PROTOCOLS.md §5).
namespace ps::fakeprovider {

class ServerContext;

// Serves POST /api/chat: NDJSON lines ending with the done:true trailer (counts and nanosecond
// durations), or one object with stream:false. Streams unless told not to, as Ollama does.
void installOllamaRoutes(httplib::Server &server, ServerContext &context);

} // namespace ps::fakeprovider
