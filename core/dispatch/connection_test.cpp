#include "dispatch/connection_test.h"

#include "dispatch/engine.h"
#include "dispatch/trust_check.h"
#include "providers/provider_adapter.h"
#include "providers/provider_error.h"
#include "secrets/secret_store.h"

#include <chrono>
#include <future>

namespace ps::dispatch {

namespace {

using providers::ErrorCategory;

ConnectionReport failure(std::string url, ErrorCategory category, std::string message)
{
    ConnectionReport report;
    report.url = std::move(url);
    report.error = providers::makeError(category, std::move(message));
    return report;
}

} // namespace

ConnectionTest::ConnectionTest(Engine &engine)
    : m_engine(engine)
{ }

void ConnectionTest::cancel()
{
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    m_request.cancel(); // nothing when no request was submitted
}

ConnectionReport ConnectionTest::run(const providers::ProviderConfig &config)
{
    const providers::ProviderConfig resolved = providers::resolveConfig(config, m_engine.env());
    if (resolved.kind == providers::ProviderKind::Echo) {
        ConnectionReport report;
        report.models = {{"echo", "Echo (answers with the last user message, offline)"}};
        return report;
    }
    if (std::string problem = providers::validateConfig(resolved); !problem.empty())
        return failure(resolved.baseUrl, ErrorCategory::BadRequest, std::move(problem));
    if (!providers::canListModels(resolved.kind))
        return failure(resolved.baseUrl, ErrorCategory::NotFound,
            "Azure OpenAI lists its deployments in the Azure portal, not to API keys: type the "
            "deployment's name as the target's model");
    if (auto refusal = trustRefusal(resolved, m_engine.trust()))
        throw *refusal;

    const std::string key = m_engine.secrets().apiKey(resolved).value_or(std::string());
    const std::string variable = secrets::EnvSecretStore::variableFor(resolved);
    if (key.empty() && !variable.empty())
        return failure(
            resolved.baseUrl, ErrorCategory::Auth, m_engine.secrets().missingKeyMessage(resolved));
    if (secrets::hasControlCharacters(key))
        return failure(resolved.baseUrl, ErrorCategory::Auth,
            variable + " holds a control character (a line break?) inside the key; set it again");

    net::HttpRequest request = providers::modelListRequest(resolved, key);
    ConnectionReport report;
    report.url = request.url;

    struct Reply
    {
        int status = 0;
        net::Headers headers;
        std::string body;
    };
    auto reply = std::make_shared<Reply>();
    auto done = std::make_shared<std::promise<net::HttpResult>>();
    std::future<net::HttpResult> finished = done->get_future();
    net::HttpCallbacks callbacks;
    callbacks.onHeaders = [reply](int status, const net::Headers &headers) {
        reply->status = status;
        reply->headers = headers;
    };
    callbacks.onBody = [reply](std::string_view bytes) {
        constexpr std::size_t kMaxListBytes = 16 << 20; // a list, not a stream without end
        if (reply->body.size() + bytes.size() <= kMaxListBytes)
            reply->body.append(bytes);
        return !bytes.empty();
    };
    callbacks.onDone = [done](const net::HttpResult &result) { done->set_value(result); };

    const auto start = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(m_mutex);
        if (m_cancelled)
            return failure(report.url, ErrorCategory::Cancelled, "the test was cancelled");
        m_request = m_engine.http().submit(std::move(request), std::move(callbacks));
    }
    const net::HttpResult result = finished.get();
    report.roundTripMs = std::chrono::duration<double, std::milli>(
        std::chrono::steady_clock::now() - start).count();

    if (std::optional<providers::ProviderError> error = providers::transportError(result)) {
        report.error = std::move(*error);
    } else if (providers::isHttpErrorStatus(reply->status)) {
        report.error = providers::makeAdapter(resolved.kind)
                           ->classifyError(reply->status, reply->headers, reply->body);
    } else {
        try {
            report.models = providers::parseModelList(resolved.kind, reply->body);
        } catch (const std::runtime_error &error) {
            report.error = providers::badReplyError(error.what(), reply->body);
        }
    }
    if (report.error) // a server that echoes the key back must not bring it to the screen
        report.error->message = secrets::redact(report.error->message, key);
    return report;
}

} // namespace ps::dispatch
