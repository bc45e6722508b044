#include "batch/batch_client.h"

#include "providers/provider_error.h"

#include <sstream>

namespace ps::batch {

namespace {

bool endsWith(const std::string &text, const std::string &suffix)
{
    return text.size() >= suffix.size()
        && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

BatchClient::BatchClient(providers::ProviderKind kind, const net::HttpRequest &liveRequest,
    const std::string &liveSuffix, Exchange exchange)
    : m_timeouts(liveRequest.timeouts)
    , m_exchange(std::move(exchange))
    , m_adapter(providers::makeAdapter(kind))
{
    std::string url = liveRequest.url;
    if (const auto query = url.find('?'); query != std::string::npos)
        url.erase(query);
    if (!endsWith(url, liveSuffix) || !m_adapter)
        throw BatchError(providers::makeError(providers::ErrorCategory::BadRequest,
            "the batch API is not found beside " + url));
    m_root = url.substr(0, url.size() - liveSuffix.size());
    for (const auto &[name, value] : liveRequest.headers) {
        if (name != "content-type" && name != "content-length" && name != "accept")
            m_headers.emplace_back(name, value);
    }
    // A batch's results can take a while to be written out; they are never streamed.
    m_timeouts.firstByte = std::max(m_timeouts.firstByte, std::chrono::milliseconds(120'000));
}

std::string BatchClient::send(const std::string &method, const std::string &path,
    const std::string &body, const std::string &contentType, std::size_t maxBytes) const
{
    net::HttpRequest request;
    request.method = method;
    request.url = m_root + path;
    request.headers = m_headers;
    if (method != "GET")
        request.headers.emplace_back("content-type", contentType);
    request.body = body;
    request.timeouts = m_timeouts;
    const net::HttpReply reply = m_exchange(std::move(request), maxBytes);
    if (std::optional<providers::ProviderError> error = providers::transportError(reply.result))
        throw BatchError(std::move(*error));
    if (providers::isHttpErrorStatus(reply.result.status) || reply.result.status == 0)
        throw BatchError(
            m_adapter->classifyError(reply.result.status, reply.result.headers, reply.body));
    if (reply.truncated)
        throw BatchError(providers::badReplyError(
            "is larger than " + std::to_string(maxBytes >> 20) + " MB", reply.body.substr(0, 200)));
    return reply.body;
}

nlohmann::json BatchClient::sendJson(
    const std::string &method, const std::string &path, const nlohmann::json &body) const
{
    const std::string text = send(method, path, body.is_null() ? std::string() : body.dump());
    nlohmann::json reply = nlohmann::json::parse(text, nullptr, false);
    if (!reply.is_object())
        throw BatchError(providers::badReplyError("is not a JSON object", text));
    return reply;
}

std::string textField(const nlohmann::json &object, const char *key)
{
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

int countField(const nlohmann::json &object, const char *key)
{
    const auto found = object.find(key);
    return found != object.end() && found->is_number_integer() ? found->get<int>() : 0;
}

std::vector<nlohmann::json> jsonLines(const std::string &content, const std::string &what)
{
    std::vector<nlohmann::json> lines;
    std::istringstream stream(content);
    std::string line;
    while (std::getline(stream, line)) {
        if (line.empty() || line == "\r")
            continue;
        nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
        if (!parsed.is_object())
            throw BatchError(
                providers::badReplyError("has a line in " + what + " that is not JSON", line));
        lines.push_back(std::move(parsed));
    }
    return lines;
}

providers::ChatResult readAnswer(
    const providers::ProviderAdapter &adapter, int status, const nlohmann::json &body)
{
    return adapter.parseResponse(status, {}, body.dump());
}

} // namespace ps::batch
