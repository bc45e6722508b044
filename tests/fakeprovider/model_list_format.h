#pragma once

namespace httplib {
class Server;
}

// The model lists of every format ("Test connection"): OpenAI and Anthropic `GET /v1/models`
// (told apart by Anthropic's required `anthropic-version` header), Gemini `GET /v1beta/models`,
// Ollama `GET /api/tags`; each checks the key where the format puts it.
namespace ps::fakeprovider {

class ServerContext;

void installModelListRoutes(httplib::Server &server, ServerContext &context);

} // namespace ps::fakeprovider
