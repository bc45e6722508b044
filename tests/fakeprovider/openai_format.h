#pragma once

namespace httplib {
class Server;
}

// The OpenAI Chat Completions wire format of the fake provider (PROTOCOLS.md §1).
namespace ps::fakeprovider {

class ServerContext;

// Serves POST /v1/chat/completions, streaming and not, with the faults of fault.h.
void installOpenAiRoutes(httplib::Server &server, ServerContext &context);

} // namespace ps::fakeprovider
