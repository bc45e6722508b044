#pragma once

#include "batch_format.h"
#include "server_context.h"

#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

// A real HTTP server on 127.0.0.1 that answers like an LLM provider, for tests and demos.
namespace ps::fakeprovider {

class FakeProviderServer
{
public:
    explicit FakeProviderServer(FakeProviderOptions options = {});
    ~FakeProviderServer();

    FakeProviderServer(const FakeProviderServer &) = delete;
    FakeProviderServer &operator=(const FakeProviderServer &) = delete;

    // Listens on 127.0.0.1:port (0: any free port) and serves on a thread of its own.
    bool start(int port = 0);
    // Ends every stall at once, closes the connections and joins the thread.
    void stop();

    int port() const { return m_port; }
    std::string baseUrl() const; // "http://127.0.0.1:<port>/v1", as an OpenAI base URL
    // "http://127.0.0.1:<port>", the base URL for anthropic, gemini, ollama and azure-openai
    std::string hostUrl() const;
    int requestCount() const { return m_context.requestCount(); }
    int answerCount() const { return m_context.answerCount(); }
    std::string lastRequestBody() const { return m_context.lastRequestBody(); }
    std::string lastAuthorization() const { return m_context.lastAuthorization(); }
    std::vector<std::string> recentRequestBodies() const
    {
        return m_context.recentRequestBodies();
    }
    // Requests being handled now, and the most at once since start or resetMaxInFlight(): from
    // a request's arrival until its reply starts (stalls before the first byte and latency
    // count; a stream's body does not), so a client's limit holds on it without any race.
    int inFlight() const { return m_context.inFlight(); }
    int maxInFlight() const { return m_context.maxInFlight(); }
    void resetMaxInFlight() { m_context.resetMaxInFlight(); }
    // The batches given to the batch APIs: what proves that a resumed run sent nothing twice.
    BatchBook &batches() { return m_batches; }
    const BatchBook &batches() const { return m_batches; }

private:
    ServerContext m_context;
    BatchBook m_batches;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = 0;
};

} // namespace ps::fakeprovider
