#pragma once

// Split-point helpers shared by the stream parser tests of every adapter: feed a recorded body
// in pieces and compare what comes out.

#include "providers/provider_adapter.h"

#include "test_support.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTest>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ps::test {

using ParserFactory = std::function<std::unique_ptr<providers::StreamParser>()>;

inline std::string streamFixture(const QString &name)
{
    return readFile(dataPath(QStringLiteral("streams/") + name)).toStdString();
}

// Feeds `bytes` cut at `cuts` into a fresh parser, then finishes.
inline std::vector<providers::ChatEvent> parseInPieces(
    const ParserFactory &factory, const std::string &bytes, const std::vector<std::size_t> &cuts)
{
    const auto parser = factory();
    std::vector<providers::ChatEvent> events;
    auto take = [&](std::vector<providers::ChatEvent> more) {
        events.insert(events.end(), more.begin(), more.end());
    };
    std::size_t start = 0;
    for (std::size_t cut : cuts) {
        take(parser->feed(std::string_view(bytes).substr(start, cut - start)));
        start = cut;
    }
    take(parser->feed(std::string_view(bytes).substr(start)));
    take(parser->finish());
    return events;
}

// The first split point (or "every byte") whose events differ from the whole body's, or -1.
inline long long firstDifferingSplit(const ParserFactory &factory, const std::string &bytes)
{
    const auto whole = parseInPieces(factory, bytes, {});
    for (std::size_t cut = 0; cut <= bytes.size(); ++cut)
        if (parseInPieces(factory, bytes, {cut}) != whole)
            return static_cast<long long>(cut);
    std::vector<std::size_t> everyByte;
    for (std::size_t i = 1; i < bytes.size(); ++i)
        everyByte.push_back(i);
    if (parseInPieces(factory, bytes, everyByte) != whole)
        return static_cast<long long>(bytes.size()) + 1;
    return -1;
}

inline providers::ChatResult accumulate(const std::vector<providers::ChatEvent> &events)
{
    providers::ChatResult result;
    for (const providers::ChatEvent &event : events)
        result.apply(event);
    return result;
}

// input/output/cached/reasoning, "-" for a count not reported.
inline QString describeUsage(const providers::Usage &usage)
{
    auto n = [](const std::optional<long long> &v) {
        return v ? QString::number(*v) : QStringLiteral("-");
    };
    return n(usage.inputTokens) + u'/' + n(usage.outputTokens) + u'/' + n(usage.cachedInputTokens)
        + u'/' + n(usage.reasoningTokens);
}

// "id name arguments | ..." in the order the calls were made.
inline QString describeCalls(const providers::ChatResult &result)
{
    QStringList calls;
    for (const providers::ToolCall &call : result.toolCalls)
        calls << QString::fromStdString(call.id + " " + call.name + " " + call.arguments);
    return calls.join(QStringLiteral(" | "));
}

inline QString describeError(const providers::ChatResult &result)
{
    return result.error ? QString::fromLatin1(providers::toString(result.error->category))
                        : QString();
}

// The columns of a recordedStreams test: a fixture file and what reading it must give.
inline void addRecordedStreamColumns()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("finish");
    QTest::addColumn<QString>("usage"); // input/output/cached/reasoning
    QTest::addColumn<QString>("calls");
    QTest::addColumn<QString>("error"); // category, or empty
    QTest::addColumn<QString>("errorMessage"); // a part of it
}

// The body of a recordedStreams test: the fixture gives the expected result whole, and the same
// events split at any byte or fed one byte at a time. Call it last (a failure returns from here).
inline void checkRecordedStream(const ParserFactory &factory)
{
    QFETCH(QString, file);
    QFETCH(QString, text);
    QFETCH(QString, finish);
    QFETCH(QString, usage);
    QFETCH(QString, calls);
    QFETCH(QString, error);
    QFETCH(QString, errorMessage);
    const std::string bytes = streamFixture(file);
    QVERIFY(!bytes.empty());

    const auto whole = parseInPieces(factory, bytes, {});
    const providers::ChatResult result = accumulate(whole);
    QCOMPARE(QString::fromStdString(result.text), text);
    QCOMPARE(QString::fromStdString(result.finishReason), finish);
    QCOMPARE(describeUsage(result.usage), usage);
    QCOMPARE(describeCalls(result), calls);
    QCOMPARE(describeError(result), error);
    if (result.error) {
        QVERIFY2(QString::fromStdString(result.error->message).contains(errorMessage),
            result.error->message.c_str());
        // An error ends the stream: nothing is reported after it.
        QVERIFY(std::holds_alternative<providers::StreamError>(whole.back()));
    }
    QCOMPARE(firstDifferingSplit(factory, bytes), -1LL);
}

// The columns of a nonStreamingResponses test: a status and body, and the result they give.
inline void addNonStreamingColumns()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("calls");
    QTest::addColumn<QString>("finish");
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QString>("error");
}

// The body of a bodiesThatAreNotStreams test (columns body, category, text): a body without
// any event gives no events while fed, and at finish the expected error or text.
inline void checkBodyThatIsNotAStream(const ParserFactory &factory)
{
    QFETCH(QByteArray, body);
    QFETCH(QString, category);
    QFETCH(QString, text);
    const auto parser = factory();
    QVERIFY(parser->feed(body.toStdString()).empty());
    const providers::ChatResult result = accumulate(parser->finish());
    QCOMPARE(describeError(result), category);
    QCOMPARE(QString::fromStdString(result.text), text);
}

enum class ErrorStatus { Unchecked, IsReplyStatus };

// The body of a nonStreamingResponses test: `adapter` reads the whole reply into the expected
// result; with IsReplyStatus an error also carries the reply's status. Call it last.
inline void checkNonStreamingResponse(
    const providers::ProviderAdapter &adapter, ErrorStatus errorStatus)
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, text);
    QFETCH(QString, calls);
    QFETCH(QString, finish);
    QFETCH(QString, usage);
    QFETCH(QString, error);
    const providers::ChatResult result = adapter.parseResponse(status, {}, body.toStdString());
    QCOMPARE(QString::fromStdString(result.text), text);
    QCOMPARE(describeCalls(result), calls);
    QCOMPARE(QString::fromStdString(result.finishReason), finish);
    QCOMPARE(describeUsage(result.usage), usage);
    QCOMPARE(describeError(result), error);
    if (errorStatus == ErrorStatus::IsReplyStatus && result.error)
        QCOMPARE(result.error->status, status);
}

} // namespace ps::test
