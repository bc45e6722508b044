// The dispatcher as a production client: provider limits, retries, fallback and cancelling
// calls that wait, against the real fake server.

#include "dispatch/dispatcher.h"
#include "dispatch/response_cache.h"

#include "dispatcher_bench.h"

#include <QtTest>

#include <algorithm>

using namespace dispatch_test;
using ps::dispatch::CallOutcome;
using ps::dispatch::DispatcherOptions;
using ps::dispatch::TargetCall;
using ps::providers::ErrorCategory;

namespace {

std::shared_ptr<const TargetCall> shared(TargetCall call)
{
    return std::make_shared<const TargetCall>(std::move(call));
}

std::string describe(const CallOutcome &outcome)
{
    return outcome.result.error ? std::string(toString(outcome.result.error->category)) + ": "
            + outcome.result.error->message
                                : "ok: " + outcome.result.text;
}

// A cache holding one answer whatever the key: the seam for answers with log-probabilities,
// which the fake server does not send.
class OneAnswerCache : public ps::dispatch::ResponseCache
{
public:
    explicit OneAnswerCache(CallOutcome answer)
        : m_answer(std::move(answer))
    { }
    std::optional<CallOutcome> find(const std::string &) override { return m_answer; }
    void store(const std::string &, const CallOutcome &) override { }

private:
    CallOutcome m_answer;
};

} // namespace

class TestDispatcherResilience : public QObject
{
    Q_OBJECT

private slots:
    // Never more of a provider's calls on the network than its concurrency; the rest wait
    // (queuedMs), in the order they came.
    void concurrencyLimit()
    {
        Bench bench;
        QVERIFY(bench.started);
        std::vector<std::shared_ptr<Recorder>> recorders;
        for (int i = 0; i < 6; ++i) {
            TargetCall call = bench.call("fault:stall-first:250", i % 2 == 0);
            call.targetId = "t" + std::to_string(i);
            call.provider.concurrency = 2;
            recorders.push_back(bench.run(call));
        }
        // Another provider id has limits of its own.
        TargetCall other = bench.call("fault:stall-first:250");
        other.provider.id = "other";
        other.provider.concurrency = 1;
        const auto otherRecorder = bench.run(other);
        for (const auto &recorder : recorders)
            QVERIFY(recorder->waitDone());
        QVERIFY(otherRecorder->waitDone());
        QCOMPARE(bench.server.maxInFlight(), 3); // two of "fake", one of "other"
        std::vector<double> queued;
        for (const auto &recorder : recorders) {
            QVERIFY2(!recorder->outcome->result.error, describe(*recorder->outcome).c_str());
            queued.push_back(recorder->outcome->measurements.queuedMs);
        }
        QVERIFY(queued[0] < 200 && queued[1] < 200);
        QVERIFY2(queued[2] >= 200 && queued[4] >= 450, std::to_string(queued[4]).c_str());
        for (std::size_t i = 2; i < recorders.size(); i += 2) // FIFO: a later pair ends later
            QVERIFY(recorders[i]->doneAt >= recorders[i - 2]->doneAt);
        QVERIFY(otherRecorder->outcome->measurements.queuedMs < 200);
    }

    // At most rpm calls start in any window (shortened here to 1.5 s); the others wait.
    void rpmLimit()
    {
        DispatcherOptions options = quickRetries();
        options.rateWindow = 1500ms;
        Bench bench(options);
        QVERIFY(bench.started);
        std::vector<std::shared_ptr<Recorder>> recorders;
        std::vector<Clock::time_point> submitted;
        // queuedMs counts from inside submit(), somewhere between these two instants: the
        // start is known to within that slack, however loaded the machine is.
        std::vector<double> slackMs;
        for (int i = 0; i < 5; ++i) {
            TargetCall call = bench.call("gpt-rpm");
            call.provider.rpm = 2;
            submitted.push_back(Clock::now());
            recorders.push_back(bench.run(call));
            slackMs.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - submitted.back()).count());
        }
        std::vector<std::pair<double, double>> starts; // ms after the first submit, and slack
        for (std::size_t i = 0; i < recorders.size(); ++i) {
            QVERIFY(recorders[i]->waitDone());
            QVERIFY(!recorders[i]->outcome->result.error);
            starts.emplace_back(
                std::chrono::duration<double, std::milli>(submitted[i] - submitted[0]).count()
                    + recorders[i]->outcome->measurements.queuedMs,
                slackMs[i]);
        }
        std::sort(starts.begin(), starts.end());
        for (std::size_t i = 2; i < starts.size(); ++i) { // no three within one window
            const double gap = starts[i].first - starts[i - 2].first;
            const double slack = starts[i].second + starts[i - 2].second + 5;
            QVERIFY2(gap >= 1500 - slack,
                (std::to_string(gap) + " ms apart, slack " + std::to_string(slack)).c_str());
        }
        QVERIFY(starts[1].first < 500); // the first two did not wait
        QVERIFY2(starts[4].first < 3000 + 1500, std::to_string(starts[4].first).c_str());
        QCOMPARE(bench.server.requestCount(), 5);
    }

    // A 429 asking for 1 s (retry-after-ms) is sent again after that delay, and answers.
    void retryAfterIsWaited()
    {
        Bench bench; // backoff of 20-100 ms: only the server's delay explains a 1 s wait
        QVERIFY(bench.started);
        const std::string model = "fault:fail-times:1:429:1000";
        const auto recorder = bench.run(bench.call(model));
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(!outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.result.text, fakeAnswer(model));
        QCOMPARE(outcome.measurements.attempts, 2);
        QCOMPARE(bench.server.requestCount(), 2);
        QVERIFY2(outcome.measurements.totalMs >= 1000,
            std::to_string(outcome.measurements.totalMs).c_str());
        QVERIFY(outcome.measurements.totalMs < 5000);
        QCOMPARE(recorder->streamedText(), outcome.result.text);
    }

    // A server delay above maxRetryAfter is not waited for: the error is reported.
    void retryAfterAboveTheLimitIsReported()
    {
        DispatcherOptions options = quickRetries();
        options.retry.maxRetryAfter = 500ms;
        Bench bench(options);
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:429:1000"));
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->error().category, ErrorCategory::RateLimit);
        QCOMPARE(recorder->outcome->measurements.attempts, 1);
        QCOMPARE(bench.server.requestCount(), 1);
    }

    // Transient errors are retried until an attempt answers.
    void retriesUntilAnswered()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:fail-times:2:503", false));
        QVERIFY(recorder->waitDone());
        QVERIFY2(!recorder->outcome->result.error, describe(*recorder->outcome).c_str());
        QCOMPARE(recorder->outcome->measurements.attempts, 3);
        QCOMPARE(bench.server.requestCount(), 3);
    }

    // Three attempts in all by default, then the last error is reported.
    void retriesStopAfterThreeAttempts()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:500"));
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->error().category, ErrorCategory::Server);
        QCOMPARE(recorder->error().status, 500);
        QCOMPARE(recorder->outcome->measurements.attempts, 3);
        QCOMPARE(bench.server.requestCount(), 3);
        QCOMPARE(recorder->doneCalls, 1);
    }

    // x-should-retry: false stops at once, though a 500 is otherwise retried.
    void shouldRetryFalseStops()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:no-retry"));
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->error().status, 500);
        QCOMPARE(recorder->outcome->measurements.attempts, 1);
        QCOMPARE(bench.server.requestCount(), 1);
    }

    // A wrong key (401) or a too-long prompt (400) is never sent again.
    void noRetryOnPermanentErrors()
    {
        ps::fakeprovider::FakeProviderOptions strict;
        strict.apiKey = "sk-the-right-key-0000";
        Bench refusing(Env {{"OPENAI_API_KEY", kCanary}}, strict);
        QVERIFY(refusing.started);
        auto recorder = refusing.run(refusing.call("gpt-test"));
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->error().category, ErrorCategory::Auth);
        QCOMPARE(recorder->outcome->measurements.attempts, 1);
        QCOMPARE(refusing.server.requestCount(), 1);

        Bench bench;
        QVERIFY(bench.started);
        recorder = bench.run(bench.call("fault:context-length"));
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->error().category, ErrorCategory::ContextLength);
        QCOMPARE(recorder->outcome->measurements.attempts, 1);
        QCOMPARE(bench.server.requestCount(), 1);
    }

    // A stream that broke off after the user saw text is not sent again.
    void noRetryAfterTextWasShown()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:cut"));
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->error().category, ErrorCategory::Network);
        QVERIFY(!recorder->streamedText().empty());
        QCOMPARE(recorder->outcome->measurements.attempts, 1);
        QCOMPARE(bench.server.requestCount(), 1);
    }

    // A target that fails after its retries hands over to its fallback, which answers.
    void fallbackOnError()
    {
        Bench bench;
        QVERIFY(bench.started);
        TargetCall call = bench.call("fault:500");
        call.targetId = "primary";
        TargetCall backup = bench.call("gpt-backup");
        backup.targetId = "backup";
        call.fallback = shared(backup);
        const auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(!outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.targetId, std::string("backup"));
        QCOMPARE(outcome.model, std::string("gpt-backup"));
        QCOMPARE(outcome.result.text, fakeAnswer("gpt-backup"));
        QCOMPARE(outcome.fellBackFrom, std::optional<std::string>("primary"));
        QCOMPARE(outcome.measurements.attempts, 1); // the answering target's
        QCOMPARE(bench.server.requestCount(), 4); // three for the primary, one for the backup
        QVERIFY(std::any_of(outcome.notes.begin(), outcome.notes.end(), [](const auto &note) {
            return note.find("primary failed") != std::string::npos
                && note.find("backup") != std::string::npos;
        }));
        QCOMPARE(recorder->streamedText(), outcome.result.text);
        QCOMPARE(recorder->discards, 0); // the primary never showed any text
    }

    // A target that times out (no first byte within its timeout) falls back too.
    void fallbackOnTimeout()
    {
        Bench bench(quickRetries(0));
        QVERIFY(bench.started);
        TargetCall call = bench.call("fault:stall-first:30000", true, 1);
        call.fallback = shared(bench.call("gpt-backup"));
        const auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(!outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.result.text, fakeAnswer("gpt-backup"));
        QCOMPARE(outcome.fellBackFrom, std::optional<std::string>("t-fault:stall-first:30000"));
        QVERIFY(outcome.measurements.totalMs >= 1000);
        QVERIFY(outcome.measurements.totalMs < 10000);
    }

    // Hardening: `: keep-alive` comments held a call forever whatever its timeout; only content
    // restarts the idle timer now.
    void keepAliveCommentsDoNotHoldTheLine()
    {
        Bench bench(quickRetries(0));
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:keepalive:100", true, 1));
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.result.error->category, ErrorCategory::Timeout);
        QVERIFY2(outcome.result.error->message.find("idle") != std::string::npos,
            outcome.result.error->message.c_str());
    }

    // One byte now and then never completes an event: no content, so it times out too.
    void aByteAtATimeDoesNotHoldTheLine()
    {
        Bench bench(quickRetries(0));
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:trickle:200", true, 1));
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.result.error->category, ErrorCategory::Timeout);
    }

    // A stream that never ends, however steady, stops at the provider's total limit.
    void totalLimitEndsAStreamThatNeverEnds()
    {
        Bench bench(quickRetries(0));
        QVERIFY(bench.started);
        TargetCall call = bench.call("fault:endless:20", true, 30);
        call.provider.totalTimeoutSeconds = 2;
        const auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.result.error->category, ErrorCategory::Timeout);
        QVERIFY2(outcome.result.error->message.find("total") != std::string::npos,
            outcome.result.error->message.c_str());
        QVERIFY(outcome.measurements.totalMs >= 2000);
    }

    // A 100 MB answer was stored whole; the kept answer is capped.
    void anEnormousAnswerIsCut()
    {
        DispatcherOptions options = quickRetries(0);
        options.maxAnswerBytes = 64 * 1024;
        Bench bench(options);
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:endless:0", true, 30));
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.result.error->category, ErrorCategory::BadResponse);
        QVERIFY2(outcome.result.error->message.find("answer too long") != std::string::npos,
            outcome.result.error->message.c_str());
        QVERIFY(outcome.result.text.size() <= options.maxAnswerBytes);
    }

    // A redirect is never followed (it could take the key elsewhere) and says where it went.
    void redirectIsReportedWithItsLocation()
    {
        Bench bench(quickRetries(2));
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:redirect"));
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.result.error->category, ErrorCategory::BadResponse);
        const std::string &message = outcome.result.error->message;
        QVERIFY2(message.find("redirects are not followed (Location: https://elsewhere.example/")
                != std::string::npos,
            message.c_str());
        QCOMPARE(outcome.measurements.attempts, 1);
        QCOMPARE(bench.server.requestCount(), 1);
    }

    // A TLS failure (here: https spoken to a plain http server) is not retried three times.
    void tlsFailureIsNotRetried()
    {
        Bench bench(quickRetries(2));
        QVERIFY(bench.started);
        TargetCall call = bench.call("gpt-x");
        call.provider.baseUrl = "https://127.0.0.1:" + std::to_string(bench.server.port()) + "/v1";
        const auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.result.error->category, ErrorCategory::Network);
        QVERIFY2(
            outcome.result.error->message.find("TLS failed (not retried)") != std::string::npos,
            outcome.result.error->message.c_str());
        QCOMPARE(outcome.measurements.attempts, 1);
    }

    // A chain: each fallback has its own; when the last fails too, its error is reported.
    void fallbackChainReportsTheLastError()
    {
        Bench bench(quickRetries(0));
        QVERIFY(bench.started);
        TargetCall last = bench.call("fault:context-length");
        TargetCall middle = bench.call("fault:model-not-found");
        middle.fallback = shared(last);
        TargetCall head = bench.call("fault:503");
        head.fallback = shared(middle);
        const auto recorder = bench.run(head);
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QCOMPARE(recorder->error().category, ErrorCategory::ContextLength);
        QCOMPARE(outcome.targetId, std::string("t-fault:context-length"));
        QCOMPARE(outcome.fellBackFrom, std::optional<std::string>("t-fault:503"));
        QCOMPARE(bench.server.requestCount(), 3);
        QCOMPARE(recorder->doneCalls, 1);
    }

    // Text already shown by a target that then failed is withdrawn (onTextDiscarded) before
    // the fallback's answer streams.
    void fallbackAfterShownText()
    {
        Bench bench;
        QVERIFY(bench.started);
        TargetCall call = bench.call("fault:cut");
        call.fallback = shared(bench.call("gpt-backup"));
        const auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        QVERIFY2(!recorder->outcome->result.error, describe(*recorder->outcome).c_str());
        QCOMPARE(recorder->discards, 1);
        QCOMPARE(recorder->streamedText(), fakeAnswer("gpt-backup"));
        QCOMPARE(bench.server.requestCount(), 2); // the cut stream was not retried
    }

    // An answer below the target's least mean log-probability goes to the fallback; one above
    // it stands. (The fake server sends no log-probabilities: the answer comes from a cache.)
    void fallbackOnLowConfidence()
    {
        CallOutcome unsure;
        unsure.result.text = "maybe";
        unsure.result.logprobs = {{"may", -2.5, {}}, {"be", -1.5, {}}}; // mean -2
        OneAnswerCache cache(unsure);
        DispatcherOptions options = quickRetries();
        options.cache = &cache;
        Bench bench(options);
        QVERIFY(bench.started);

        TargetCall call = bench.call("gpt-unsure");
        call.useCache = true;
        call.minMeanLogprob = -1.0;
        call.fallback = shared(bench.call("gpt-backup"));
        auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        QVERIFY2(!recorder->outcome->result.error, describe(*recorder->outcome).c_str());
        QCOMPARE(recorder->outcome->result.text, fakeAnswer("gpt-backup"));
        QCOMPARE(recorder->outcome->fellBackFrom, std::optional<std::string>("t-gpt-unsure"));
        QCOMPARE(recorder->discards, 1);
        QCOMPARE(recorder->streamedText(), fakeAnswer("gpt-backup"));
        const auto &notes = recorder->outcome->notes;
        QVERIFY(std::any_of(notes.begin(), notes.end(),
            [](const auto &note) { return note.find("log-probability -2") != std::string::npos; }));

        call.minMeanLogprob = -3.0; // now good enough
        recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->outcome->result.text, std::string("maybe"));
        QVERIFY(!recorder->outcome->fellBackFrom);
        QCOMPARE(bench.server.requestCount(), 1);
    }

    // The same against the server: a model it answers unsurely (mean log-probability about -3)
    // falls back to one it answers surely; text already streamed is withdrawn first.
    void fallbackOnLowConfidenceFromTheServer()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto withLogprobs = [&](const std::string &model) {
            TargetCall call = bench.call(model);
            call.request.params.extra["logprobs"] = true;
            return call;
        };
        TargetCall call = withLogprobs("gpt-unsure");
        call.minMeanLogprob = -1.0;
        call.fallback = shared(withLogprobs("gpt-sure"));
        const auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(!outcome.result.error, describe(outcome).c_str());
        if (!outcome.fellBackFrom && !outcome.result.meanLogprob())
            QSKIP("the fake server sends no log-probabilities yet");
        QCOMPARE(outcome.result.text, fakeAnswer("gpt-sure"));
        QCOMPARE(outcome.fellBackFrom, std::optional<std::string>("t-gpt-unsure"));
        QVERIFY(*outcome.result.meanLogprob() > -1.0);
        QCOMPARE(recorder->discards, 1);
        QCOMPARE(recorder->streamedText(), outcome.result.text);
        QCOMPARE(bench.server.requestCount(), 2);
    }

    // Cancelling a call that waits for its provider's limit ends it at once; it is never sent.
    void cancelWhileQueued()
    {
        Bench bench;
        QVERIFY(bench.started);
        TargetCall slow = bench.call("fault:stall-first:1500");
        slow.provider.concurrency = 1;
        TargetCall waiting = bench.call("gpt-waiting");
        waiting.provider.concurrency = 1;
        const auto first = bench.run(slow);
        auto second = std::make_shared<Recorder>();
        const auto handle = bench.dispatcher->submit(waiting, Recorder::track(second));
        QTRY_COMPARE_WITH_TIMEOUT(bench.server.requestCount(), 1, 5000);
        QCOMPARE(second->doneCalls, 0);
        const auto cancelledAt = Clock::now();
        handle.cancel();
        QVERIFY(second->waitDone());
        QVERIFY(second->doneAt - cancelledAt < 500ms);
        QCOMPARE(second->error().category, ErrorCategory::Cancelled);
        QCOMPARE(second->outcome->measurements.attempts, 0);
        QVERIFY(first->waitDone());
        QVERIFY(!first->outcome->result.error);
        QCOMPARE(bench.server.requestCount(), 1);
        handle.cancel(); // after the end: nothing
        QCOMPARE(second->doneCalls, 1);
    }

    // Cancelling during a backoff ends the call at once, and the retry is never sent.
    void cancelWhileBackingOff()
    {
        Bench bench;
        QVERIFY(bench.started);
        auto recorder = std::make_shared<Recorder>();
        const auto handle
            = bench.dispatcher->submit(bench.call("fault:429:5000"), Recorder::track(recorder));
        QTRY_COMPARE_WITH_TIMEOUT(bench.server.requestCount(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(bench.server.inFlight(), 0, 5000);
        const auto cancelledAt = Clock::now();
        handle.cancel();
        QVERIFY(recorder->waitDone());
        QVERIFY(recorder->doneAt - cancelledAt < 1s);
        QCOMPARE(recorder->error().category, ErrorCategory::Cancelled);
        QCOMPARE(recorder->outcome->measurements.attempts, 1);
        QCOMPARE(bench.server.requestCount(), 1);
    }

    // The destructor also ends queued and backing-off calls, each with one onDone.
    void destructorEndsWaitingCalls()
    {
        Bench bench;
        QVERIFY(bench.started);
        TargetCall slow = bench.call("fault:stall-first:30000");
        slow.provider.concurrency = 1;
        const auto running = bench.run(slow);
        const auto queued = bench.run(slow);
        TargetCall limited = bench.call("fault:429:20000");
        limited.provider.id = "other"; // the same id would bring its own limits to "fake"
        const auto backingOff = bench.run(limited);
        QTRY_COMPARE_WITH_TIMEOUT(bench.server.requestCount(), 2, 5000);
        const auto start = Clock::now();
        bench.dispatcher.reset();
        QVERIFY(Clock::now() - start < 5s);
        for (const auto &recorder : {running, queued, backingOff}) {
            QCOMPARE(recorder->doneCalls, 1);
            QCOMPARE(recorder->error().category, ErrorCategory::Cancelled);
        }
    }

    // What the dispatcher changed for the model to accept the request is noted once, and the
    // request sent is the adapted one.
    void notesOfTheRequestAdaptation()
    {
        Bench bench;
        QVERIFY(bench.started);
        TargetCall call = bench.call("o3-mini");
        call.request.params.temperature = 0.5;
        const auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(!outcome.result.error, describe(outcome).c_str());
        QCOMPARE(outcome.notes.size(), std::size_t(1));
        QVERIFY2(outcome.notes.front().find("temperature") != std::string::npos,
            outcome.notes.front().c_str());
        QVERIFY(!outcome.renderedRequest.contains("temperature"));
        QVERIFY(!nlohmann::json::parse(bench.server.lastRequestBody()).contains("temperature"));
    }

    // Measurements: generation speed from the stream after its first token.
    void outputTokensPerSecond()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:drip:40"));
        QVERIFY(recorder->waitDone());
        const auto &measured = recorder->outcome->measurements;
        QVERIFY(measured.outputTokensPerSecond.has_value());
        // 11 tokens; ten gaps of 40 ms after the first: about 11 / 0.4 s.
        QVERIFY2(*measured.outputTokensPerSecond > 10 && *measured.outputTokensPerSecond < 40,
            std::to_string(*measured.outputTokensPerSecond).c_str());
        QCOMPARE(measured.queuedMs < 200, true);
        QVERIFY(*measured.ttftMs < measured.totalMs);
    }

    // An answer that arrives in one burst after a stall has no pace to measure: no figure,
    // rather than thousands of tokens a second.
    void aBurstAfterAStallHasNoThroughput()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:stall-first:300"));
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(!outcome.result.error, describe(outcome).c_str());
        QVERIFY(outcome.result.usage.outputTokens.value_or(0) > 0);
        QVERIFY(outcome.measurements.ttftMs.value_or(0) >= 300);
        QVERIFY2(!outcome.measurements.outputTokensPerSecond,
            std::to_string(outcome.measurements.outputTokensPerSecond.value_or(0)).c_str());
    }
};

QTEST_APPLESS_MAIN(TestDispatcherResilience)
#include "test_dispatcher_resilience.moc"
