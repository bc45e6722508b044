#include "net/sse_decoder.h"

#include "test_support.h"

#include <QtTest>

using ps::net::SseDecoder;
using ps::net::SseEvent;

namespace {

std::vector<SseEvent> decodeWhole(const std::string &bytes)
{
    SseDecoder decoder;
    auto events = decoder.feed(bytes);
    decoder.finish();
    return events;
}

std::vector<SseEvent> decodeInPieces(const std::string &bytes, const std::vector<std::size_t> &cuts)
{
    SseDecoder decoder;
    std::vector<SseEvent> events;
    std::size_t start = 0;
    for (std::size_t cut : cuts) {
        for (auto &event : decoder.feed(std::string_view(bytes).substr(start, cut - start)))
            events.push_back(std::move(event));
        start = cut;
    }
    for (auto &event : decoder.feed(std::string_view(bytes).substr(start)))
        events.push_back(std::move(event));
    decoder.finish();
    return events;
}

std::string fixture(const char *name)
{
    return ps::test::readFile(ps::test::dataPath(QStringLiteral("streams/") + QLatin1String(name)))
        .toStdString();
}

QByteArray describe(const std::vector<SseEvent> &events)
{
    QByteArray out;
    for (const SseEvent &e : events)
        out += "[" + QByteArray::fromStdString(e.event) + "|" + QByteArray::fromStdString(e.data)
            + "|" + QByteArray::fromStdString(e.id) + "]\n";
    return out;
}

} // namespace

class TestSseDecoder : public QObject
{
    Q_OBJECT

private slots:
    void recordedStreams_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("firstEvent");
        QTest::addColumn<QString>("lastData");
        QTest::newRow("openai length+usage") << "openai_length_usage.sse" << 5 << ""
                                             << "[DONE]";
        QTest::newRow("anthropic with ping") << "anthropic_basic.sse" << 8 << "message_start"
                                             << "{\"type\":\"message_stop\"}";
        QTest::newRow("gemini CRLF") << "gemini_crlf.sse" << 2 << ""
                                     << "";
        QTest::newRow("dashscope native, no spaces") << "dashscope_native.sse" << 2 << "result"
                                                     << "";
        QTest::newRow("keep-alives, CR-only endings, unfinished tail")
            << "keepalive_mixed_endings.sse" << 3 << ""
            << "[DONE]";
    }

    // Every recorded stream gives the same events whether it arrives whole,
    // split at any single byte boundary, or one byte at a time.
    void recordedStreams()
    {
        QFETCH(QString, file);
        QFETCH(int, count);
        QFETCH(QString, firstEvent);
        QFETCH(QString, lastData);
        const std::string bytes = fixture(file.toUtf8().constData());
        QVERIFY(!bytes.empty());

        const auto whole = decodeWhole(bytes);
        QCOMPARE(int(whole.size()), count);
        QCOMPARE(QString::fromStdString(whole.front().event), firstEvent);
        if (!lastData.isEmpty())
            QCOMPARE(QString::fromStdString(whole.back().data), lastData);
        for (const SseEvent &event : whole)
            QVERIFY2(event.data.find('\r') == std::string::npos
                    && event.data.find('\n') == std::string::npos,
                event.data.c_str());

        for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
            const auto split = decodeInPieces(bytes, {cut});
            if (split != whole)
                QFAIL(qPrintable(QStringLiteral("split at byte %1 differs:\n%2")
                                     .arg(cut)
                                     .arg(QString::fromUtf8(describe(split)))));
        }
        std::vector<std::size_t> everyByte;
        for (std::size_t i = 1; i < bytes.size(); ++i)
            everyByte.push_back(i);
        QCOMPARE(decodeInPieces(bytes, everyByte), whole);
    }

    void anthropicEventsKeepTheirNamesAndUnicode()
    {
        const auto events = decodeWhole(fixture("anthropic_basic.sse"));
        QCOMPARE(events[2].event, std::string("ping"));
        QCOMPARE(events[2].data, std::string("{\"type\": \"ping\"}"));
        // U+2028 inside JSON is not a line break: splitting happens on bytes, before UTF-8.
        QVERIFY(events[4].data.find("\xe2\x80\xa8 caf\xc3\xa9") != std::string::npos);
    }

    void dashscopeFieldsWithoutSpaces()
    {
        const auto events = decodeWhole(fixture("dashscope_native.sse"));
        QCOMPARE(events[0].id, std::string("1"));
        QCOMPARE(events[1].id, std::string("2"));
        QVERIFY(events[1].data.rfind("{\"output\"", 0) == 0);
    }

    void framingRules_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("LF") << QByteArray("data: a\n\n") << QByteArray("[|a|]\n");
        QTest::newRow("CR") << QByteArray("data: a\r\r") << QByteArray("[|a|]\n");
        QTest::newRow("CRLF") << QByteArray("data: a\r\n\r\n") << QByteArray("[|a|]\n");
        QTest::newRow("multi-line data joined with LF")
            << QByteArray("data: a\ndata: b\r\ndata:c\n\n") << QByteArray("[|a\nb\nc|]\n");
        QTest::newRow("exactly one space stripped")
            << QByteArray("data:  two\n\n") << QByteArray("[| two|]\n");
        QTest::newRow("comment dropped")
            << QByteArray(": hi\ndata: x\n\n") << QByteArray("[|x|]\n");
        QTest::newRow("no colon: field with empty value")
            << QByteArray("data\n\n") << QByteArray("[||]\n");
        QTest::newRow("unknown field ignored")
            << QByteArray("foo: bar\ndata: x\n\n") << QByteArray("[|x|]\n");
        QTest::newRow("unterminated event dropped at EOF")
            << QByteArray("data: a\n\ndata: unfinished") << QByteArray("[|a|]\n");
        QTest::newRow("event without blank line dropped")
            << QByteArray("data: a\n\ndata: b\n") << QByteArray("[|a|]\n");
        QTest::newRow("blank lines alone dispatch nothing")
            << QByteArray("\n\n\r\n\r\r") << QByteArray();
        QTest::newRow("event name reset after dispatch")
            << QByteArray("event: e\ndata: 1\n\ndata: 2\n\n") << QByteArray("[e|1|]\n[|2|]\n");
        QTest::newRow("id kept across events")
            << QByteArray("id: 7\ndata: 1\n\ndata: 2\n\n") << QByteArray("[|1|7]\n[|2|7]\n");
        QTest::newRow("id with NUL ignored")
            << QByteArray("id: a\0b\ndata: 1\n\n", 18) << QByteArray("[|1|]\n");
        QTest::newRow("value keeps its colons")
            << QByteArray("data: {\"a\":\"b:c\"}\n\n") << QByteArray("[|{\"a\":\"b:c\"}|]\n");
    }

    void framingRules()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const std::string bytes = input.toStdString();
        QCOMPARE(describe(decodeWhole(bytes)), expected);
        for (std::size_t cut = 0; cut <= bytes.size(); ++cut)
            QCOMPARE(describe(decodeInPieces(bytes, {cut})), expected);
    }

    void retryMustBeAnInteger()
    {
        const auto events = decodeWhole("retry: 1500\ndata: a\n\nretry: soon\ndata: b\n\n");
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(events[0].retry, std::optional<long long>(1500));
        QVERIFY(!events[1].retry.has_value());
    }

    void largeEventHasNoSizeCap()
    {
        const std::string payload(4 * 1024 * 1024, 'x');
        SseDecoder decoder;
        std::vector<SseEvent> events;
        const std::string bytes = "data: " + payload + "\n\n";
        for (std::size_t i = 0; i < bytes.size(); i += 65536)
            for (auto &e : decoder.feed(std::string_view(bytes).substr(i, 65536)))
                events.push_back(std::move(e));
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].data.size(), payload.size());
    }
};

QTEST_APPLESS_MAIN(TestSseDecoder)
#include "test_sse_decoder.moc"
