#pragma once

namespace httplib {
class Server;
}

// The Gemini generateContent wire format of the fake provider (PROTOCOLS.md §4).
namespace ps::fakeprovider {

class ServerContext;

// Serves POST /v1beta/models/{model}:generateContent and :streamGenerateContent?alt=sse (data-only
// SSE, final usage on the last chunk); the key, when one is expected, in x-goog-api-key.
void installGeminiRoutes(httplib::Server &server, ServerContext &context);

} // namespace ps::fakeprovider
