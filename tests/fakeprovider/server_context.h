#pragma once

#include "fault.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

// What every wire format of the fake provider shares: options, counters, interruptible pauses.
namespace ps::fakeprovider {

struct FakeProviderOptions
{
    std::string apiKey; // when set, requests must carry it (Authorization: Bearer <key>)
    std::chrono::milliseconds latency {0}; // added before every reply (benchmarks)
    FaultRule defaultFault; // for models not named "fault:..."
    // What the model lists answer (GET /v1/models, /v1beta/models, /api/tags).
    std::vector<std::string> models {"fake-small", "fake-large"};
    // How long a batch (OpenAI Batches, Anthropic Message Batches) takes from its creation until
    // it has ended; its requests are answered only then, so a batch cancelled before costs
    // nothing.
    std::chrono::milliseconds batchLatency {0};
    // A kept-alive connection holds its worker until it closes: a benchmark at concurrency 128
    // (scripts/bench-scale.sh) needs more than the tests' 64.
    std::size_t workers = 64;
};

class ServerContext
{
public:
    explicit ServerContext(FakeProviderOptions options)
        : m_options(std::move(options))
    { }

    const FakeProviderOptions &options() const { return m_options; }

    // Counts the request and keeps its body; returns its 1-based number.
    int record(const httplib::Request &request);
    int requestCount() const { return m_requestCount.load(); }
    // Requests given the normal reply (no fault): what a provider would have charged for.
    int answerCount() const { return m_answerCount.load(); }
    std::string lastRequestBody() const;
    // The bodies of the last kRecentBodies requests, oldest first (a benchmark's thousands are
    // not all kept).
    std::vector<std::string> recentRequestBodies() const;
    static constexpr std::size_t kRecentBodies = 64;
    std::string lastAuthorization() const;

    // The fault this request shows: the model's "fault:<spec>", else the server's default;
    // nullopt for an unknown spec. Stateful faults (counted per model) are decided here. Call it
    // on the request's own thread, after record().
    std::optional<Fault> faultFor(std::string_view model);

    // A request arrived / its reply is about to be written (the server's routing hooks, on the
    // request's thread). Between the two it counts as in flight: that interval lies within the
    // client's, so the maximum proves a client's concurrency limit. Headers that the decided
    // fault asks for (x-should-retry) are added to `response` here.
    void requestArrived();
    void replyStarting(httplib::Response &response);
    int inFlight() const { return m_inFlight.load(); }
    int maxInFlight() const { return m_maxInFlight.load(); }
    // Starts a new maximum from the requests in flight now.
    void resetMaxInFlight() { m_maxInFlight.store(m_inFlight.load()); }

    // True when no key is expected or "Authorization: Bearer <key>" matches it.
    bool authorised(const httplib::Request &request) const;

    // Sleeps for the given time unless the server stops first; false when it is stopping.
    bool pause(std::chrono::milliseconds duration);
    void interruptPauses();
    // Forgets the x-should-retry header a fault decided on this thread: a batch answers its
    // requests inside another request, whose own reply must not carry it.
    void forgetFaultHeader();
    void resumePauses();

private:
    const FakeProviderOptions m_options;
    std::atomic<int> m_requestCount {0};
    std::atomic<int> m_answerCount {0};
    std::atomic<int> m_inFlight {0};
    std::atomic<int> m_maxInFlight {0};

    mutable std::mutex m_mutex; // guards the members below
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::string m_lastBody;
    std::deque<std::string> m_recentBodies;
    std::string m_lastAuthorization;
    std::map<std::string, int, std::less<>> m_requestsPerModel; // for fail-times
};

} // namespace ps::fakeprovider
