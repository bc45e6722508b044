#pragma once

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

// The Anthropic Messages wire format of the fake provider (PROTOCOLS.md §3).
namespace ps::fakeprovider {

class ServerContext;

// Serves POST /v1/messages, streaming (named SSE events with a ping) and not; the key, when one
// is expected, in x-api-key.
// Answers one Messages request as POST /v1/messages does (the batch API sends each of its
// requests through it).
void answerAnthropicMessages(
    ServerContext &context, const httplib::Request &request, httplib::Response &response);

void installAnthropicRoutes(httplib::Server &server, ServerContext &context);

} // namespace ps::fakeprovider
