#include "net/http_client.h"

#include "loopback_listener.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

using namespace std::chrono_literals;
using ps::net::HttpCallbacks;
using ps::net::HttpClient;
using ps::net::HttpRequest;
using ps::net::HttpResult;
using ps::net::TransportError;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kDeadline = 10s; // generous: only a broken engine ever waits this long

// A cpp-httplib server on 127.0.0.1 with a free port, on its own thread.
class LocalServer
{
public:
    LocalServer()
    {
        m_server.new_task_queue = [] {
            return new httplib::ThreadPool(64);
        };
    }

    ~LocalServer()
    {
        release();
        if (m_thread.joinable()) {
            m_server.stop();
            m_thread.join();
        }
    }

    httplib::Server &http() { return m_server; }

    void start()
    {
        m_port = ps::fakeprovider::bindLoopback(m_server, 0);
        QVERIFY(m_port > 0);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        while (!m_server.is_running())
            std::this_thread::sleep_for(1ms);
    }

    std::string url(const std::string &path) const
    {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }

    // A handler's stall: waits `duration` unless the test ends first. True if it ran out.
    bool stall(std::chrono::milliseconds duration)
    {
        std::unique_lock lock(m_mutex);
        return !m_wake.wait_for(lock, duration, [this] { return m_released; });
    }

    void release()
    {
        {
            std::lock_guard lock(m_mutex);
            m_released = true;
        }
        m_wake.notify_all();
    }

private:
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_released = false;
};

// Everything the callbacks of one request saw, shared with the network thread.
struct Outcome
{
    std::mutex mutex;
    std::condition_variable changed;
    int headerStatus = -1;
    ps::net::Headers headers;
    std::vector<std::string> pieces;
    std::optional<HttpResult> result;
    int doneCalls = 0;
    bool bodyAfterDone = false;

    static HttpCallbacks track(const std::shared_ptr<Outcome> &outcome)
    {
        HttpCallbacks callbacks;
        callbacks.onHeaders = [outcome](int status, const ps::net::Headers &headers) {
            std::lock_guard lock(outcome->mutex);
            outcome->headerStatus = status;
            outcome->headers = headers;
        };
        callbacks.onBody = [outcome](std::string_view bytes) {
            {
                std::lock_guard lock(outcome->mutex);
                outcome->bodyAfterDone = outcome->bodyAfterDone || outcome->doneCalls > 0;
                outcome->pieces.emplace_back(bytes);
            }
            outcome->changed.notify_all();
            return true;
        };
        callbacks.onDone = [outcome](const HttpResult &result) {
            {
                std::lock_guard lock(outcome->mutex);
                outcome->result = result;
                ++outcome->doneCalls;
            }
            outcome->changed.notify_all();
        };
        return callbacks;
    }

    bool waitDone()
    {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, kDeadline, [this] { return result.has_value(); });
    }

    bool waitFirstPiece()
    {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, kDeadline, [this] { return !pieces.empty(); });
    }

    std::string body()
    {
        std::lock_guard lock(mutex);
        std::string all;
        for (const std::string &piece : pieces)
            all += piece;
        return all;
    }
};

HttpRequest get(const std::string &url)
{
    HttpRequest request;
    request.method = "GET";
    request.url = url;
    return request;
}

long long millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// A port on which nothing listens: bound once by the kernel's choice, then closed.
int unusedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

// A self-signed certificate for 127.0.0.1 in `dir` (cert.pem, key.pem); false without openssl.
bool makeCertificate(const QTemporaryDir &dir)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
            QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
            QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem")),
            QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
            QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
            QStringLiteral("subjectAltName=IP:127.0.0.1")});
    return openssl.waitForStarted() && openssl.waitForFinished(30'000)
        && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0;
}

// Whether something accepts connections on 127.0.0.1:port.
bool listening(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool connected
        = ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

void serveNumbers(LocalServer &server)
{
    server.http().Get(
        "/n/(\\d+)", [](const httplib::Request &request, httplib::Response &response) {
            response.set_content("number " + request.matches[1].str(), "text/plain");
        });
}

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT

private slots:
    // A POST carries method, body and headers; the reply's status, headers and body come back.
    void postRoundTrip()
    {
        std::mutex seenMutex;
        std::string seenMethod, seenBody, seenType, seenCustom, seenAgent, seenExpect;
        LocalServer server;
        server.http().Post(
            "/echo", [&](const httplib::Request &request, httplib::Response &response) {
                {
                    std::lock_guard lock(seenMutex);
                    seenMethod = request.method;
                    seenBody = request.body;
                    seenType = request.get_header_value("Content-Type");
                    seenCustom = request.get_header_value("X-Test");
                    seenAgent = request.get_header_value("User-Agent");
                    seenExpect = request.get_header_value("Expect");
                }
                response.status = 201;
                response.set_header("X-Reply-Header", "Yes Indeed");
                response.set_content("got " + request.body, "text/plain");
            });
        server.start();

        HttpClient client;
        HttpRequest request;
        request.url = server.url("/echo");
        request.headers = {{"content-type", "application/json"}, {"x-test", "42"}};
        request.body = "{\"prompt\":\"" + std::string(4000, 'x') + "\"}";
        auto outcome = std::make_shared<Outcome>();
        client.submit(request, Outcome::track(outcome));
        QVERIFY(outcome->waitDone());

        const HttpResult result = *outcome->result;
        QCOMPARE(result.error, TransportError::None);
        QCOMPARE(result.status, 201);
        QCOMPARE(outcome->headerStatus, 201);
        QCOMPARE(std::string(ps::net::headerValue(result.headers, "x-reply-header")),
            std::string("Yes Indeed"));
        QCOMPARE(std::string(ps::net::headerValue(outcome->headers, "content-type")),
            std::string("text/plain"));
        QCOMPARE(outcome->body(), "got " + request.body);
        QCOMPARE(outcome->doneCalls, 1);

        std::lock_guard lock(seenMutex);
        QCOMPARE(seenMethod, std::string("POST"));
        QCOMPARE(seenBody, request.body);
        QCOMPARE(seenType, std::string("application/json"));
        QCOMPARE(seenCustom, std::string("42"));
        QCOMPARE(seenAgent, std::string("Promptsmith/" PS_VERSION_STRING));
        QVERIFY(seenExpect.empty()); // no 100-continue round trip on larger bodies
    }

    // The second piece is only sent once the client has received the first: streaming is real.
    void bodyStreamsBeforeTheResponseEnds()
    {
        std::promise<void> clientSawFirst;
        auto firstSeen = clientSawFirst.get_future().share();
        std::atomic<bool> gateOpenedByClient {false};
        LocalServer server;
        server.http().Get("/stream", [&](const httplib::Request &, httplib::Response &response) {
            response.set_chunked_content_provider(
                "text/plain", [&, firstSeen](std::size_t offset, httplib::DataSink &sink) {
                    if (offset == 0)
                        return sink.write("first;", 6);
                    gateOpenedByClient = firstSeen.wait_for(kDeadline) == std::future_status::ready;
                    sink.write("second", 6);
                    sink.done();
                    return true;
                });
        });
        server.start();

        HttpClient client;
        auto outcome = std::make_shared<Outcome>();
        HttpCallbacks callbacks = Outcome::track(outcome);
        callbacks.onBody
            = [outcome, original = callbacks.onBody, signalled = std::make_shared<bool>(false),
                  gate = std::make_shared<std::promise<void>>(std::move(clientSawFirst))](
                  std::string_view bytes) {
                  original(bytes);
                  if (!*signalled) {
                      *signalled = true;
                      gate->set_value();
                  }
                  return true;
              };
        client.submit(get(server.url("/stream")), std::move(callbacks));
        QVERIFY(outcome->waitDone());
        QCOMPARE(outcome->result->error, TransportError::None);
        QVERIFY(gateOpenedByClient);
        QCOMPARE(outcome->pieces.front(), std::string("first;"));
        QVERIFY(outcome->pieces.size() >= 2);
        QCOMPARE(outcome->body(), std::string("first;second"));
    }

    // 50 requests in flight at the same time (each handler waits for all 50) all complete.
    void fiftyConcurrentRequests()
    {
        constexpr int kCount = 50;
        std::mutex arrivalMutex;
        std::condition_variable arrived;
        int arrivals = 0;
        std::atomic<int> sawAllTogether {0};
        LocalServer server;
        server.http().Get(
            "/n/(\\d+)", [&](const httplib::Request &request, httplib::Response &response) {
                std::unique_lock lock(arrivalMutex);
                ++arrivals;
                arrived.notify_all();
                if (arrived.wait_for(lock, kDeadline, [&] { return arrivals >= kCount; }))
                    ++sawAllTogether;
                response.set_content("number " + request.matches[1].str(), "text/plain");
            });
        server.start();

        HttpClient client;
        std::vector<std::shared_ptr<Outcome>> outcomes;
        for (int i = 0; i < kCount; ++i) {
            outcomes.push_back(std::make_shared<Outcome>());
            client.submit(
                get(server.url("/n/" + std::to_string(i))), Outcome::track(outcomes.back()));
        }
        for (int i = 0; i < kCount; ++i) {
            QVERIFY(outcomes[i]->waitDone());
            QCOMPARE(outcomes[i]->result->error, TransportError::None);
            QCOMPARE(outcomes[i]->result->status, 200);
            QCOMPARE(outcomes[i]->body(), "number " + std::to_string(i));
        }
        QCOMPARE(sawAllTogether.load(), kCount);
    }

    // Cancelling mid-stream ends the request at once and closes the connection.
    void cancelMidStreamClosesTheConnection()
    {
        std::promise<bool> writeFailed;
        auto serverSawFailure = writeFailed.get_future();
        LocalServer server;
        server.http().Get("/endless", [&](const httplib::Request &, httplib::Response &response) {
            response.set_chunked_content_provider(
                "text/plain", [&](std::size_t, httplib::DataSink &sink) {
                    const auto until = Clock::now() + kDeadline;
                    bool failed = false;
                    while (!failed && Clock::now() < until) {
                        failed = !sink.write("tick\n", 5);
                        server.stall(20ms); // the pace of the stream
                    }
                    writeFailed.set_value(failed);
                    return false;
                });
        });
        server.start();

        HttpClient client;
        auto outcome = std::make_shared<Outcome>();
        const auto handle = client.submit(get(server.url("/endless")), Outcome::track(outcome));
        QVERIFY(outcome->waitFirstPiece());
        const auto cancelledAt = Clock::now();
        handle.cancel();
        QVERIFY(outcome->waitDone());
        QVERIFY2(millisecondsSince(cancelledAt) < 1000, "onDone came late after cancel()");
        QCOMPARE(outcome->result->error, TransportError::Cancelled);
        QCOMPARE(serverSawFailure.wait_for(kDeadline), std::future_status::ready);
        QVERIFY(serverSawFailure.get());

        handle.cancel(); // idempotent
        std::lock_guard lock(outcome->mutex);
        QCOMPARE(outcome->doneCalls, 1);
        QVERIFY(!outcome->bodyAfterDone);
    }

    void firstByteTimeout_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("nothing at all") << QStringLiteral("/silent");
        QTest::newRow("headers but no body") << QStringLiteral("/headers-only");
    }

    // A server that answers nothing within the first-byte limit is given up, naming the limit.
    void firstByteTimeout()
    {
        QFETCH(QString, path);
        LocalServer server;
        server.http().Get("/silent", [&](const httplib::Request &, httplib::Response &response) {
            server.stall(2s);
            response.set_content("late", "text/plain");
        });
        server.http().Get(
            "/headers-only", [&](const httplib::Request &, httplib::Response &response) {
                response.set_chunked_content_provider(
                    "text/plain", [&](std::size_t, httplib::DataSink &sink) {
                        server.stall(2s);
                        sink.done();
                        return true;
                    });
            });
        server.start();

        HttpClient client;
        HttpRequest request = get(server.url(path.toStdString()));
        request.timeouts.firstByte = 300ms;
        auto outcome = std::make_shared<Outcome>();
        const auto started = Clock::now();
        client.submit(request, Outcome::track(outcome));
        QVERIFY(outcome->waitDone());
        const auto elapsed = millisecondsSince(started);
        QCOMPARE(outcome->result->error, TransportError::Timeout);
        QCOMPARE(outcome->result->timeoutKind, std::string("first byte"));
        QVERIFY2(elapsed >= 290 && elapsed < 1500, std::to_string(elapsed).c_str());
        QVERIFY(outcome->body().empty());
    }

    // Once bytes flow, a silence longer than the idle limit ends the request.
    void idleTimeout()
    {
        LocalServer server;
        server.http().Get("/stall-mid", [&](const httplib::Request &, httplib::Response &response) {
            response.set_chunked_content_provider(
                "text/plain", [&](std::size_t, httplib::DataSink &sink) {
                    sink.write("a", 1);
                    server.stall(2s);
                    sink.write("b", 1);
                    sink.done();
                    return true;
                });
        });
        server.start();

        HttpClient client;
        HttpRequest request = get(server.url("/stall-mid"));
        request.timeouts.firstByte = 5s;
        request.timeouts.idle = 300ms;
        auto outcome = std::make_shared<Outcome>();
        const auto started = Clock::now();
        client.submit(request, Outcome::track(outcome));
        QVERIFY(outcome->waitDone());
        QCOMPARE(outcome->result->error, TransportError::Timeout);
        QCOMPARE(outcome->result->timeoutKind, std::string("idle"));
        QCOMPARE(outcome->result->status, 200);
        QCOMPARE(outcome->body(), std::string("a"));
        QVERIFY(millisecondsSince(started) < 1500);
    }

    // A reply that keeps dripping is still cut at the total limit.
    void totalTimeout()
    {
        LocalServer server;
        server.http().Get("/drip", [&](const httplib::Request &, httplib::Response &response) {
            response.set_chunked_content_provider(
                "text/plain", [&](std::size_t, httplib::DataSink &sink) {
                    bool more = true;
                    for (int i = 0; i < 40 && more; ++i)
                        more = sink.write("x", 1) && server.stall(50ms);
                    sink.done();
                    return true;
                });
        });
        server.start();

        HttpClient client;
        HttpRequest request = get(server.url("/drip"));
        request.timeouts.idle = 1s;
        request.timeouts.total = 400ms;
        auto outcome = std::make_shared<Outcome>();
        const auto started = Clock::now();
        client.submit(request, Outcome::track(outcome));
        QVERIFY(outcome->waitDone());
        const auto elapsed = millisecondsSince(started);
        QCOMPARE(outcome->result->error, TransportError::Timeout);
        QCOMPARE(outcome->result->timeoutKind, std::string("total"));
        QVERIFY(!outcome->body().empty());
        QVERIFY2(elapsed >= 390 && elapsed < 1500, std::to_string(elapsed).c_str());
    }

    // Nobody listening: a network error, and the message never repeats request headers.
    void connectionRefusedIsANetworkError()
    {
        HttpClient client;
        HttpRequest request;
        request.url = "http://127.0.0.1:" + std::to_string(unusedPort()) + "/v1/chat/completions";
        request.headers = {{"authorization", "Bearer sk-canary-7f3a9"}};
        request.body = "{}";
        auto outcome = std::make_shared<Outcome>();
        client.submit(request, Outcome::track(outcome));
        QVERIFY(outcome->waitDone());
        QCOMPARE(outcome->result->error, TransportError::Network);
        QCOMPARE(outcome->result->status, 0);
        QVERIFY(!outcome->result->errorMessage.empty());
        QVERIFY(outcome->result->errorMessage.find("sk-canary") == std::string::npos);
        QCOMPARE(outcome->headerStatus, -1);
    }

    // TLS is always verified: a self-signed certificate is refused before any request is sent.
    void untrustedCertificateIsRefused()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        if (!makeCertificate(dir))
            QSKIP("the openssl command is not installed");

        std::atomic<bool> reached {false};
        httplib::SSLServer server(cert.toLocal8Bit().constData(), key.toLocal8Bit().constData());
        QVERIFY(server.is_valid());
        server.Get("/", [&](const httplib::Request &, httplib::Response &response) {
            reached = true;
            response.set_content("secret", "text/plain");
        });
        const int port = ps::fakeprovider::bindLoopback(server, 0);
        QVERIFY(port > 0);
        std::thread serving([&server] { server.listen_after_bind(); });
        while (!server.is_running())
            std::this_thread::sleep_for(1ms);

        auto outcome = std::make_shared<Outcome>();
        {
            HttpClient client;
            client.submit(
                get("https://127.0.0.1:" + std::to_string(port) + "/"), Outcome::track(outcome));
            QVERIFY(outcome->waitDone());
        }
        server.stop();
        serving.join();
        QCOMPARE(outcome->result->error, TransportError::Tls); // not retried: it cannot help
        QCOMPARE(outcome->result->status, 0);
        QVERIFY2(outcome->result->errorMessage.find("certificate") != std::string::npos,
            outcome->result->errorMessage.c_str());
        QVERIFY(!reached);
    }

    // Requests to an HTTP/2 server over TLS (every provider's API; README, "HTTP/2") share one
    // connection as concurrent streams instead of opening one connection each. The server is
    // nghttpd (Debian's nghttp2-server), whose frame log says which connection carried what.
    void concurrentRequestsShareOneHttp2Connection()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        if (!makeCertificate(dir))
            QSKIP("the openssl command is not installed");
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("www")));
        QFile answer(dir.filePath(QStringLiteral("www/answer.json")));
        QVERIFY(answer.open(QIODevice::WriteOnly));
        answer.write("{\"ok\": true}");
        answer.close();

        const int port = unusedPort();
        QProcess server;
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.start(QStringLiteral("nghttpd"),
            {QStringLiteral("-a"), QStringLiteral("127.0.0.1"), QStringLiteral("-d"),
                dir.filePath(QStringLiteral("www")), QStringLiteral("-v"), QString::number(port),
                dir.filePath(QStringLiteral("key.pem")), dir.filePath(QStringLiteral("cert.pem"))});
        if (!server.waitForStarted())
            QSKIP("nghttpd is not installed (Debian: nghttp2-server)");
        const auto started = Clock::now();
        while (!listening(port) && Clock::now() - started < kDeadline)
            std::this_thread::sleep_for(10ms);
        QVERIFY2(listening(port), "nghttpd did not start listening");

        constexpr int kRequests = 24;
        std::vector<std::shared_ptr<Outcome>> outcomes;
        {
            HttpClient client;
            for (int i = 0; i < kRequests; ++i) {
                HttpRequest request = get("https://127.0.0.1:" + std::to_string(port) + "/answer.json");
                request.caFile = dir.filePath(QStringLiteral("cert.pem")).toStdString();
                outcomes.push_back(std::make_shared<Outcome>());
                client.submit(std::move(request), Outcome::track(outcomes.back()));
            }
            for (const auto &outcome : outcomes)
                QVERIFY(outcome->waitDone());
        }
        server.terminate();
        QVERIFY(server.waitForFinished(10'000));
        for (const auto &outcome : outcomes) {
            QCOMPARE(outcome->result->error, TransportError::None);
            QCOMPARE(outcome->result->status, 200);
            QCOMPARE(outcome->body(), std::string("{\"ok\": true}"));
        }

        // "[id=C] [ t] recv HEADERS frame <length=L, flags=F, stream_id=S>": C the connection.
        const QString log = QString::fromUtf8(server.readAll());
        static const QRegularExpression headers(
            QStringLiteral("\\[id=(\\d+)\\][^\\n]*recv HEADERS frame <[^>]*stream_id=(\\d+)>"));
        QSet<QString> connections;
        QSet<QString> streams;
        for (auto match = headers.globalMatch(log); match.hasNext();) {
            const QRegularExpressionMatch frame = match.next();
            connections.insert(frame.captured(1));
            streams.insert(frame.captured(2));
        }
        QCOMPARE(connections.size(), 1);
        QCOMPARE(streams.size(), kRequests);
    }

    // Several threads submitting at once each get their own answers.
    void submitFromSeveralThreads()
    {
        constexpr int kThreads = 4;
        constexpr int kEach = 15; // 60 connections: fewer than the server's 64 workers
        LocalServer server;
        serveNumbers(server);
        server.start();

        HttpClient client;
        std::vector<std::shared_ptr<Outcome>> outcomes(kThreads * kEach);
        std::vector<std::thread> submitters;
        for (int t = 0; t < kThreads; ++t) {
            submitters.emplace_back([&, t] {
                for (int i = t * kEach; i < (t + 1) * kEach; ++i) {
                    outcomes[i] = std::make_shared<Outcome>();
                    client.submit(
                        get(server.url("/n/" + std::to_string(i))), Outcome::track(outcomes[i]));
                }
            });
        }
        for (std::thread &submitter : submitters)
            submitter.join();
        for (int i = 0; i < kThreads * kEach; ++i) {
            QVERIFY(outcomes[i]->waitDone());
            QCOMPARE(outcomes[i]->result->error, TransportError::None);
            QCOMPARE(outcomes[i]->body(), "number " + std::to_string(i));
        }
    }

    // Destroying the client ends what is in flight, reporting Cancelled, without waiting for it.
    void destructorCancelsWhatIsInFlight()
    {
        std::promise<void> requestArrived;
        auto arrived = requestArrived.get_future();
        LocalServer server;
        server.http().Get("/silent", [&](const httplib::Request &, httplib::Response &response) {
            requestArrived.set_value();
            server.stall(5s);
            response.set_content("late", "text/plain");
        });
        server.start();

        auto client = std::make_unique<HttpClient>();
        auto outcome = std::make_shared<Outcome>();
        const auto handle = client->submit(get(server.url("/silent")), Outcome::track(outcome));
        QCOMPARE(arrived.wait_for(kDeadline), std::future_status::ready);
        const auto started = Clock::now();
        client.reset();
        QVERIFY(millisecondsSince(started) < 1000);
        {
            std::lock_guard lock(outcome->mutex);
            QCOMPARE(outcome->doneCalls, 1);
            QCOMPARE(outcome->result->error, TransportError::Cancelled);
        }
        handle.cancel(); // the handle outlives its client safely
        ps::net::RequestHandle().cancel(); // and an empty handle does nothing
    }

    // Cancelling after the end changes nothing; a request cancelled in its own callback stops.
    void cancelAfterDoneAndFromACallback()
    {
        LocalServer server;
        serveNumbers(server);
        server.http().Get("/endless", [&](const httplib::Request &, httplib::Response &response) {
            response.set_chunked_content_provider(
                "text/plain", [&](std::size_t, httplib::DataSink &sink) {
                    bool more = true;
                    while (more)
                        more = sink.write("tick\n", 5) && server.stall(20ms);
                    return false;
                });
        });
        server.start();

        HttpClient client;
        auto finished = std::make_shared<Outcome>();
        const auto done = client.submit(get(server.url("/n/7")), Outcome::track(finished));
        QVERIFY(finished->waitDone());
        done.cancel();
        QCOMPARE(finished->result->error, TransportError::None);

        auto selfCancelled = std::make_shared<Outcome>();
        auto handle = std::make_shared<ps::net::RequestHandle>();
        std::mutex handleMutex;
        HttpCallbacks callbacks = Outcome::track(selfCancelled);
        callbacks.onBody
            = [original = callbacks.onBody, handle, &handleMutex](std::string_view bytes) {
                  original(bytes);
                  std::lock_guard lock(handleMutex);
                  handle->cancel();
                  return true;
              };
        {
            std::lock_guard lock(handleMutex);
            *handle = client.submit(get(server.url("/endless")), std::move(callbacks));
        }
        QVERIFY(selfCancelled->waitDone());
        QCOMPARE(selfCancelled->result->error, TransportError::Cancelled);
    }
};

QTEST_APPLESS_MAIN(TestHttpClient)
#include "test_http_client.moc"
