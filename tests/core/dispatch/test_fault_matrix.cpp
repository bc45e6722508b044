// Every fault of the fake provider in every wire format, streamed and not, through the real
// Dispatcher: each ends in a clear category with a message, within its timeouts, never hanging.

#include "../providers/fake_target_support.h"

#include <QtTest>

#include <chrono>
#include <string>

using namespace std::chrono_literals;
using ps::providers::ErrorCategory;
using ps::providers::ProviderKind;
using namespace ps::test;

Q_DECLARE_METATYPE(ErrorCategory)

namespace {

constexpr int kShortTimeoutSeconds = 1; // the stall faults last longer than this
constexpr auto kNeverHangs = 20s; // only a hang waits this long

// The category a fault must give in a format; nullopt: the call succeeds.
std::optional<ErrorCategory> expectedCategory(
    const std::string &format, const std::string &fault, bool stream)
{
    if (fault == "429")
        return ErrorCategory::RateLimit;
    if (fault == "500")
        return ErrorCategory::Server;
    if (fault == "503") // Anthropic's 529 overloaded_error, the others' 503
        return ErrorCategory::Overloaded;
    if (fault == "context-length")
        return ErrorCategory::ContextLength;
    if (fault == "model-not-found")
        return ErrorCategory::NotFound;
    if (fault == "cut")
        return ErrorCategory::Network;
    if (fault == "malformed")
        return ErrorCategory::BadResponse;
    if (fault.rfind("stall", 0) == 0)
        return ErrorCategory::Timeout;
    if (fault.rfind("drip", 0) == 0)
        return std::nullopt;
    if (fault == "stream-error") // an error event under 200, or a 500 without streaming
        return stream && format == "anthropic" ? ErrorCategory::Overloaded : ErrorCategory::Server;
    if (fault == "wrong-key")
        return ErrorCategory::Auth;
    return ErrorCategory::Cancelled; // an unknown row: fails loudly
}

} // namespace

class TestFaultMatrix : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qRegisterMetaType<ErrorCategory>();
        QVERIFY(m_bench.started);
    }

    void everyFault_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("stream");
        QTest::addColumn<QString>("fault");
        const char *faults[]
            = {"429:50", "500", "503", "context-length", "model-not-found", "cut", "malformed",
                "stall-first:4000", "stall-mid:4000", "drip:5", "stream-error", "wrong-key"};
        for (const char *format : {"openai", "azure-openai", "anthropic", "gemini", "ollama"})
            for (bool stream : {true, false})
                for (const char *fault : faults) {
                    const std::string name
                        = std::string(format) + (stream ? " stream " : " whole ") + fault;
                    QTest::newRow(name.c_str())
                        << QString::fromLatin1(format) << stream << QString::fromLatin1(fault);
                }
    }

    void everyFault()
    {
        QFETCH(QString, format);
        QFETCH(bool, stream);
        QFETCH(QString, fault);
        const std::string spec = fault.toStdString();
        const std::string faultName = spec.substr(0, spec.find(':'));
        const bool wrongKey = faultName == "wrong-key";

        ps::dispatch::TargetCall call = m_bench.call(fakeKind(format),
            wrongKey ? std::string("fake-model") : "fault:" + spec, stream, kShortTimeoutSeconds);
        if (wrongKey)
            call.provider.apiKeyEnv = "WRONG_KEY";
        const auto started = std::chrono::steady_clock::now();
        const auto outcome = m_bench.run(call, kNeverHangs);
        QVERIFY2(outcome, "no outcome: the call hung");
        const auto elapsed = std::chrono::steady_clock::now() - started;
        // A stall ends at the timeout (1 s), not when the server gives up (4 s).
        QVERIFY2(elapsed < 3500ms, std::to_string(outcome->measurements.totalMs).c_str());

        const auto &error = outcome->result.error;
        const auto expected = expectedCategory(format.toStdString(), faultName, stream);
        if (!expected) {
            QVERIFY2(!error, error ? error->message.c_str() : "");
            QVERIFY(!outcome->result.text.empty());
            QCOMPARE(outcome->result.finishReason.empty(), false);
            return;
        }
        QVERIFY2(error, ("succeeded: " + outcome->result.text).c_str());
        QVERIFY2(error->category == *expected,
            (std::string(ps::providers::toString(error->category)) + ": " + error->message)
                .c_str());
        QVERIFY(!error->message.empty());
        // The key the call was sent never shows in the message.
        QVERIFY(error->message.find(kFakeKey) == std::string::npos);
        QVERIFY(error->message.find("not-the-key") == std::string::npos);
        QCOMPARE(outcome->measurements.attempts, 1); // no retry in this suite
    }

private:
    FakeTargetBench m_bench;
};

QTEST_APPLESS_MAIN(TestFaultMatrix)
#include "test_fault_matrix.moc"
