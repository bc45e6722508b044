#pragma once

#include <memory>

namespace httplib {
class Server;
}

// The batch APIs of the fake provider (PROTOCOLS.md "Batch APIs are about 50% off"): OpenAI's
// Files and Batches, Anthropic's Message Batches, in their real shapes.
namespace ps::fakeprovider {

class ServerContext;

// The batches and files the server was given, kept in memory while it runs, and the counts a
// test reads to prove that nothing was sent twice.
class BatchBook
{
public:
    BatchBook();
    ~BatchBook();
    BatchBook(const BatchBook &) = delete;
    BatchBook &operator=(const BatchBook &) = delete;

    int batchesCreated() const;
    int requestsSubmitted() const; // lines and requests over every batch created
    int requestsAnswered() const; // requests answered (each once, when its batch ended)
    int batchesCancelled() const;
    int statusRequests() const; // looks at a batch's status: proof that a client is waiting
    // While held, no batch ends, whatever its latency: a test kills or cancels a client waiting.
    void hold(bool held);

    struct State;
    State &state() { return *m_state; }

private:
    std::unique_ptr<State> m_state;
};

// OpenAI: POST /v1/files (multipart, purpose "batch"), GET /v1/files/{id} and its /content,
// POST /v1/batches, GET /v1/batches/{id}, POST /v1/batches/{id}/cancel. Anthropic (key in
// x-api-key): POST /v1/messages/batches, GET /v1/messages/batches/{id} and its /results,
// POST /v1/messages/batches/{id}/cancel. A batch ends the server's batchLatency after its
// creation; only then are its requests answered, each through the live route's own handler
// (faults included), and the results listed in reverse order, as nothing promises order.
void installBatchRoutes(httplib::Server &server, ServerContext &context, BatchBook &book);

} // namespace ps::fakeprovider
