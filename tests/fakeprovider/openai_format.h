#pragma once

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

// The OpenAI Chat Completions wire format of the fake provider (PROTOCOLS.md §1).
namespace ps::fakeprovider {

class ServerContext;

// Serves POST /v1/chat/completions, streaming and not, with the faults of fault.h, and Azure's
// POST /openai/deployments/{deployment}/chat/completions?api-version=V (key in api-key).
// Answers one Chat Completions request as POST /v1/chat/completions does (the batch API sends
// each of its lines through it).
void answerOpenAiChat(
    ServerContext &context, const httplib::Request &request, httplib::Response &response);

void installOpenAiRoutes(httplib::Server &server, ServerContext &context);

} // namespace ps::fakeprovider
