#include "fake_provider_server.h"

#include "anthropic_format.h"
#include "batch_format.h"
#include "gemini_format.h"
#include "loopback_listener.h"
#include "model_list_format.h"
#include "ollama_format.h"
#include "openai_format.h"

#include <httplib.h>

namespace ps::fakeprovider {

namespace {


} // namespace

FakeProviderServer::FakeProviderServer(FakeProviderOptions options)
    : m_context(std::move(options))
{ }

FakeProviderServer::~FakeProviderServer()
{
    stop();
}

bool FakeProviderServer::start(int port)
{
    if (m_server)
        return false;
    m_context.resumePauses();
    m_server = std::make_unique<httplib::Server>();
    m_server->new_task_queue = [workers = m_context.options().workers] {
        return new httplib::ThreadPool(workers);
    };
    m_server->set_keep_alive_max_count(100'000);
    // A reply goes out in several small writes (headers, then chunks); with Nagle's algorithm
    // each waits for the client's delayed ACK (~40 ms), as no real provider's server does.
    m_server->set_tcp_nodelay(true);
    m_server->set_pre_routing_handler([this](const httplib::Request &, httplib::Response &) {
        m_context.requestArrived();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    m_server->set_post_routing_handler(
        [this](const httplib::Request &, httplib::Response &response) {
            m_context.replyStarting(response);
        });
    installOpenAiRoutes(*m_server, m_context);
    installAnthropicRoutes(*m_server, m_context);
    installBatchRoutes(*m_server, m_context, m_batches);
    installGeminiRoutes(*m_server, m_context);
    installOllamaRoutes(*m_server, m_context);
    installModelListRoutes(*m_server, m_context);

    m_port = bindLoopback(*m_server, port);
    if (m_port <= 0) {
        m_server.reset();
        m_port = 0;
        return false;
    }
    // Connections made before the thread accepts wait in the listen backlog: no race.
    m_thread = std::thread([server = m_server.get()] { server->listen_after_bind(); });
    // stop() only works once the loop runs; this takes microseconds.
    while (!m_server->is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return true;
}

void FakeProviderServer::stop()
{
    if (!m_server)
        return;
    m_context.interruptPauses();
    m_server->stop();
    m_thread.join();
    m_server.reset();
    m_port = 0;
}

std::string FakeProviderServer::baseUrl() const
{
    return hostUrl() + "/v1";
}

std::string FakeProviderServer::hostUrl() const
{
    return "http://127.0.0.1:" + std::to_string(m_port);
}

} // namespace ps::fakeprovider
