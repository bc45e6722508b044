#include "net/http_client.h"

#include "net/url_parts.h"
#include "util/ascii_text.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#ifndef PS_VERSION_STRING
#define PS_VERSION_STRING "unknown"
#endif

namespace ps::net {
namespace detail {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char *kUserAgent = "Promptsmith/" PS_VERSION_STRING;
constexpr std::size_t kEasyPoolLimit = 64; // idle easy handles kept for reuse
constexpr int kMaxPollMs = 60'000;

void ensureCurlInitialised()
{
    // Thread-safe since libcurl 7.84, but only the first call should pay for it anyway.
    static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    (void)ok;
}

HttpResult failure(TransportError error, std::string message, std::string timeoutKind = {})
{
    HttpResult result;
    result.error = error;
    result.errorMessage = std::move(message);
    result.timeoutKind = std::move(timeoutKind);
    return result;
}

} // namespace

struct TransferControl
{
    explicit TransferControl(std::uint64_t transferId)
        : id(transferId)
    { }

    const std::uint64_t id;
    std::atomic<bool> cancelled {false};
};

// One request while the network thread carries it. Only the network thread touches it.
struct Transfer
{
    std::shared_ptr<TransferControl> control;
    HttpRequest request;
    HttpCallbacks callbacks;
    CURL *easy = nullptr;
    curl_slist *headerList = nullptr;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    HttpResult result; // status and headers as they arrive
    bool headersDelivered = false;
    bool gotBody = false;
    Clock::time_point started;
    Clock::time_point lastBody;
    std::string callbackError; // what a throwing callback said; the transfer is aborted
};

namespace {

struct Deadline
{
    Clock::time_point at = Clock::time_point::max();
    const char *kind = nullptr;
};

Deadline nextDeadline(const Transfer &transfer)
{
    Deadline best;
    const auto consider = [&best](milliseconds limit, Clock::time_point from, const char *kind) {
        if (limit.count() > 0 && from + limit < best.at)
            best = {from + limit, kind};
    };
    const Timeouts &limits = transfer.request.timeouts;
    if (transfer.gotBody)
        consider(limits.idle, transfer.lastBody, "idle");
    else
        consider(limits.firstByte, transfer.started, "first byte");
    consider(limits.total, transfer.started, "total");
    return best;
}

std::string timeoutMessage(const Transfer &transfer, std::string_view kind)
{
    const Timeouts &limits = transfer.request.timeouts;
    if (kind == "first byte")
        return "no response within " + std::to_string(limits.firstByte.count())
            + " ms (first byte timeout)";
    if (kind == "idle")
        return "the response stalled for " + std::to_string(limits.idle.count())
            + " ms (idle timeout)";
    return "the response took longer than " + std::to_string(limits.total.count())
        + " ms (total timeout)";
}

void deliverHeaders(Transfer &transfer)
{
    transfer.headersDelivered = true;
    if (!transfer.callbacks.onHeaders)
        return;
    try {
        transfer.callbacks.onHeaders(transfer.result.status, transfer.result.headers);
    } catch (const std::exception &e) {
        transfer.callbackError = e.what();
    } catch (...) {
        transfer.callbackError = "unknown exception";
    }
}

// libcurl hands over each header line, status lines included (also of 1xx interim replies).
std::size_t onHeaderLine(char *data, std::size_t size, std::size_t count, void *userData)
{
    auto &transfer = *static_cast<Transfer *>(userData);
    const std::size_t length = size * count;
    if (transfer.control->cancelled.load(std::memory_order_relaxed))
        return 0;
    if (transfer.headersDelivered)
        return length; // trailers: not part of the contract
    const std::string_view line = util::trimAsciiSpace(std::string_view(data, length));
    if (line.starts_with("HTTP/")) {
        const auto space = line.find(' ');
        transfer.result.status = 0;
        if (space != std::string_view::npos) {
            for (char c : line.substr(space + 1, 3))
                transfer.result.status = c >= '0' && c <= '9'
                    ? transfer.result.status * 10 + (c - '0')
                    : transfer.result.status;
        }
        transfer.result.headers.clear();
    } else if (line.empty()) {
        if (transfer.result.status >= 200)
            deliverHeaders(transfer);
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        transfer.result.headers.emplace_back(
            util::asciiLower(util::trimAsciiSpace(line.substr(0, colon))),
            std::string(util::trimAsciiSpace(line.substr(colon + 1))));
    }
    return transfer.callbackError.empty() ? length : 0;
}

std::size_t onBodyBytes(char *data, std::size_t size, std::size_t count, void *userData)
{
    auto &transfer = *static_cast<Transfer *>(userData);
    const std::size_t length = size * count;
    if (transfer.control->cancelled.load(std::memory_order_relaxed))
        return 0; // aborts the transfer; the connection is closed
    transfer.gotBody = true;
    if (!transfer.headersDelivered)
        deliverHeaders(transfer);
    bool content = true;
    if (transfer.callbacks.onBody && transfer.callbackError.empty()) {
        try {
            content = transfer.callbacks.onBody(std::string_view(data, length));
        } catch (const std::exception &e) {
            transfer.callbackError = e.what();
        } catch (...) {
            transfer.callbackError = "unknown exception";
        }
    }
    if (content)
        transfer.lastBody = Clock::now();
    return transfer.callbackError.empty() ? length : 0;
}

} // namespace

// The state shared by the client, its thread and the handles.
class ClientCore
{
public:
    ClientCore()
    {
        ensureCurlInitialised();
        m_multi = curl_multi_init();
    }

    ~ClientCore()
    {
        for (CURL *easy : m_idleEasy)
            curl_easy_cleanup(easy);
        if (m_multi)
            curl_multi_cleanup(m_multi);
    }

    ClientCore(const ClientCore &) = delete;
    ClientCore &operator=(const ClientCore &) = delete;

    std::shared_ptr<TransferControl> enqueue(HttpRequest request, HttpCallbacks callbacks)
    {
        auto transfer = std::make_unique<Transfer>();
        transfer->control = std::make_shared<TransferControl>(m_nextId.fetch_add(1) + 1);
        transfer->request = std::move(request);
        transfer->callbacks = std::move(callbacks);
        auto control = transfer->control;
        {
            std::lock_guard lock(m_mutex);
            if (!m_stopping) {
                m_incoming.push_back(std::move(transfer));
                transfer = nullptr;
            }
        }
        if (transfer) // the client is shutting down: refuse at once, on the caller's thread
            complete(*transfer, failure(TransportError::Cancelled, "the client is shutting down"));
        else
            curl_multi_wakeup(m_multi);
        return control;
    }

    void requestCancel(std::uint64_t id)
    {
        {
            std::lock_guard lock(m_mutex);
            m_cancels.push_back(id);
        }
        curl_multi_wakeup(m_multi);
    }

    void requestStop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        curl_multi_wakeup(m_multi);
    }

    // The network thread's whole life.
    void run()
    {
        for (;;) {
            std::vector<std::unique_ptr<Transfer>> incoming;
            std::vector<std::uint64_t> cancels;
            bool stopping = false;
            {
                std::lock_guard lock(m_mutex);
                incoming.swap(m_incoming);
                cancels.swap(m_cancels);
                stopping = m_stopping;
            }
            for (auto &transfer : incoming)
                start(std::move(transfer));
            for (std::uint64_t id : cancels)
                finish(id, failure(TransportError::Cancelled, "cancelled"));
            if (stopping)
                break;

            int running = 0;
            curl_multi_perform(m_multi, &running);
            collectFinished();
            const auto now = Clock::now();
            enforceTimeouts(now);
            curl_multi_poll(m_multi, nullptr, 0, pollTimeoutMs(now), nullptr);
        }
        shutDown();
    }

private:
    void start(std::unique_ptr<Transfer> transfer)
    {
        if (transfer->control->cancelled) {
            complete(*transfer, failure(TransportError::Cancelled, "cancelled"));
            return;
        }
        transfer->easy = takeEasy();
        if (!transfer->easy || !configure(*transfer)
            || curl_multi_add_handle(m_multi, transfer->easy) != CURLM_OK) {
            releaseResources(*transfer);
            complete(*transfer, failure(TransportError::Network, "could not set up the request"));
            return;
        }
        transfer->started = Clock::now();
        transfer->lastBody = transfer->started;
        const std::uint64_t id = transfer->control->id;
        m_active.emplace(id, std::move(transfer));
    }

    bool configure(Transfer &transfer)
    {
        CURL *easy = transfer.easy;
        const HttpRequest &request = transfer.request;
        bool ok = true;
        const auto set = [&ok, easy](CURLoption option, auto value) {
            ok = curl_easy_setopt(easy, option, value) == CURLE_OK && ok;
        };
        set(CURLOPT_URL, request.url.c_str());
        set(CURLOPT_PRIVATE, static_cast<void *>(&transfer));
        set(CURLOPT_NOSIGNAL, 1L);
        set(CURLOPT_PROTOCOLS_STR, "http,https");
        set(CURLOPT_USERAGENT, kUserAgent);
        set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
        set(CURLOPT_SSL_VERIFYPEER, 1L);
        set(CURLOPT_SSL_VERIFYHOST, 2L);
        if (!request.caFile.empty())
            set(CURLOPT_CAINFO, request.caFile.c_str());
        set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L); // a proxy's CONNECT reply is not the answer
        set(CURLOPT_TCP_KEEPALIVE, 1L);
        set(CURLOPT_ERRORBUFFER, transfer.errorBuffer);
        set(CURLOPT_HEADERFUNCTION, &onHeaderLine);
        set(CURLOPT_HEADERDATA, static_cast<void *>(&transfer));
        set(CURLOPT_WRITEFUNCTION, &onBodyBytes);
        set(CURLOPT_WRITEDATA, static_cast<void *>(&transfer));
        if (request.timeouts.connect.count() > 0)
            set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeouts.connect.count()));
        if (request.url.starts_with("https:"))
            set(CURLOPT_PIPEWAIT, 1L); // prefer multiplexing over a new HTTP/2 connection
        // This machine is reached directly: an http_proxy from the environment would otherwise
        // see a local server's key in clear text.
        if (const auto parts = parseUrl(request.url); parts && parts->isLoopback())
            set(CURLOPT_NOPROXY, "*");

        if (request.method == "GET") {
            set(CURLOPT_HTTPGET, 1L);
        } else if (request.method == "HEAD") {
            set(CURLOPT_NOBODY, 1L);
        } else {
            if (request.method != "POST")
                set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
            set(CURLOPT_POST, 1L);
            set(CURLOPT_POSTFIELDS, request.body.c_str());
            set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        }

        for (const auto &[name, value] : request.headers) {
            // "name;" is libcurl's way to send a header with an empty value.
            const std::string line = value.empty() ? name + ";" : name + ": " + value;
            curl_slist *next = curl_slist_append(transfer.headerList, line.c_str());
            if (!next)
                return false;
            transfer.headerList = next;
        }
        // No "Expect: 100-continue" round trip before larger bodies.
        if (curl_slist *next = curl_slist_append(transfer.headerList, "Expect:"))
            transfer.headerList = next;
        set(CURLOPT_HTTPHEADER, transfer.headerList);
        return ok;
    }

    void collectFinished()
    {
        int pending = 0;
        while (CURLMsg *message = curl_multi_info_read(m_multi, &pending)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            CURL *easy = message->easy_handle;
            const CURLcode code = message->data.result;
            char *privateData = nullptr;
            curl_easy_getinfo(easy, CURLINFO_PRIVATE, &privateData);
            auto *transfer = reinterpret_cast<Transfer *>(privateData);
            finish(transfer->control->id, resultOf(*transfer, code));
        }
    }

    static bool isTlsFailure(CURLcode code)
    {
        switch (code) {
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_CRL_BADFILE:
            return true;
        default:
            return false;
        }
    }

    static HttpResult resultOf(Transfer &transfer, CURLcode code)
    {
        HttpResult result;
        if (code == CURLE_OK) {
            long status = 0;
            curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
            result.status = static_cast<int>(status);
        } else if (!transfer.callbackError.empty()) {
            result = failure(
                TransportError::Network, "the response handler failed: " + transfer.callbackError);
        } else if (code == CURLE_OPERATION_TIMEDOUT) {
            // Only the connect limit is left to libcurl; the others are enforced by the loop.
            result = failure(TransportError::Timeout,
                "could not connect within "
                    + std::to_string(transfer.request.timeouts.connect.count())
                    + " ms (connect timeout)",
                "connect");
        } else {
            // libcurl's messages name host and port, never the request's headers.
            result = failure(isTlsFailure(code) ? TransportError::Tls : TransportError::Network,
                transfer.errorBuffer[0] != '\0' ? transfer.errorBuffer : curl_easy_strerror(code));
        }
        return result;
    }

    void enforceTimeouts(Clock::time_point now)
    {
        std::vector<std::pair<std::uint64_t, HttpResult>> expired;
        for (const auto &[id, transfer] : m_active) {
            const Deadline deadline = nextDeadline(*transfer);
            if (deadline.kind && deadline.at <= now)
                expired.emplace_back(id,
                    failure(TransportError::Timeout, timeoutMessage(*transfer, deadline.kind),
                        deadline.kind));
        }
        for (auto &[id, result] : expired)
            finish(id, std::move(result));
    }

    int pollTimeoutMs(Clock::time_point now) const
    {
        auto earliest = Clock::time_point::max();
        for (const auto &entry : m_active)
            earliest = std::min(earliest, nextDeadline(*entry.second).at);
        if (earliest == Clock::time_point::max())
            return kMaxPollMs; // libcurl shortens this for its own timers
        const auto wait = std::chrono::ceil<milliseconds>(earliest - now).count();
        return static_cast<int>(std::clamp<long long>(wait, 0, kMaxPollMs));
    }

    // Ends a transfer still in flight: detaches it from libcurl, then reports it.
    void finish(std::uint64_t id, HttpResult result)
    {
        const auto found = m_active.find(id);
        if (found == m_active.end())
            return; // already finished (e.g. a late cancel)
        std::unique_ptr<Transfer> transfer = std::move(found->second);
        m_active.erase(found);
        if (transfer->control->cancelled && result.error != TransportError::Cancelled)
            result = failure(TransportError::Cancelled, "cancelled");
        if (result.status == 0)
            result.status = transfer->result.status;
        if (result.headers.empty())
            result.headers = std::move(transfer->result.headers);
        releaseResources(*transfer);
        complete(*transfer, result);
    }

    void releaseResources(Transfer &transfer)
    {
        if (transfer.easy) {
            // Removing an unfinished transfer makes libcurl close its connection.
            curl_multi_remove_handle(m_multi, transfer.easy);
            giveBackEasy(transfer.easy);
            transfer.easy = nullptr;
        }
        curl_slist_free_all(transfer.headerList);
        transfer.headerList = nullptr;
    }

    static void complete(Transfer &transfer, const HttpResult &result)
    {
        if (!transfer.callbacks.onDone)
            return;
        try {
            transfer.callbacks.onDone(result);
        } catch (...) {
            // Nobody is left to tell; the engine must survive a faulty caller.
        }
    }

    CURL *takeEasy()
    {
        if (m_idleEasy.empty())
            return curl_easy_init();
        CURL *easy = m_idleEasy.back();
        m_idleEasy.pop_back();
        return easy;
    }

    void giveBackEasy(CURL *easy)
    {
        if (m_idleEasy.size() >= kEasyPoolLimit) {
            curl_easy_cleanup(easy);
            return;
        }
        curl_easy_reset(easy); // keeps nothing of the last request but cached data
        m_idleEasy.push_back(easy);
    }

    void shutDown()
    {
        std::vector<std::unique_ptr<Transfer>> incoming;
        {
            std::lock_guard lock(m_mutex);
            incoming.swap(m_incoming);
        }
        for (auto &transfer : incoming)
            complete(*transfer, failure(TransportError::Cancelled, "the client is shutting down"));
        while (!m_active.empty())
            finish(m_active.begin()->first,
                failure(TransportError::Cancelled, "the client is shutting down"));
    }

    CURLM *m_multi = nullptr;
    std::atomic<std::uint64_t> m_nextId {0};

    std::mutex m_mutex; // guards the three members below
    std::vector<std::unique_ptr<Transfer>> m_incoming;
    std::vector<std::uint64_t> m_cancels;
    bool m_stopping = false;

    // Network thread only.
    std::unordered_map<std::uint64_t, std::unique_ptr<Transfer>> m_active;
    std::vector<CURL *> m_idleEasy;
};

} // namespace detail

RequestHandle::RequestHandle(
    std::shared_ptr<detail::TransferControl> control, std::weak_ptr<detail::ClientCore> core)
    : m_control(std::move(control))
    , m_core(std::move(core))
{ }

void RequestHandle::cancel() const
{
    if (!m_control || m_control->cancelled.exchange(true))
        return;
    if (const auto core = m_core.lock())
        core->requestCancel(m_control->id);
}

std::uint64_t RequestHandle::id() const
{
    return m_control ? m_control->id : 0;
}

HttpClient::HttpClient()
    : m_core(std::make_shared<detail::ClientCore>())
{
    m_thread = std::thread([core = m_core.get()] { core->run(); });
}

HttpClient::~HttpClient()
{
    m_core->requestStop();
    m_thread.join();
}

RequestHandle HttpClient::submit(HttpRequest request, HttpCallbacks callbacks)
{
    auto control = m_core->enqueue(std::move(request), std::move(callbacks));
    return RequestHandle(std::move(control), m_core);
}

} // namespace ps::net
