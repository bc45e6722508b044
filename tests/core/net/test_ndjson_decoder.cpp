#include "net/ndjson_decoder.h"

#include "test_support.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using ps::net::NdjsonDecoder;

class TestNdjsonDecoder : public QObject
{
    Q_OBJECT

private slots:
    // The recorded Ollama stream gives the same three JSON lines at every split point.
    void ollamaStreamAtEverySplit()
    {
        const std::string bytes
            = ps::test::readFile(ps::test::dataPath(QStringLiteral("streams/ollama_chat.ndjson")))
                  .toStdString();
        QVERIFY(!bytes.empty());
        for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
            NdjsonDecoder decoder;
            auto lines = decoder.feed(std::string_view(bytes).substr(0, cut));
            for (auto &line : decoder.feed(std::string_view(bytes).substr(cut)))
                lines.push_back(std::move(line));
            QCOMPARE(decoder.finish(), std::string());
            QCOMPARE(lines.size(), std::size_t(3));
            for (const std::string &line : lines)
                QVERIFY2(nlohmann::json::accept(line), line.c_str());
            const auto last = nlohmann::json::parse(lines[2]);
            QCOMPARE(last["done"].get<bool>(), true);
            QCOMPARE(last["eval_count"].get<int>(), 282);
        }
    }

    void unterminatedLastLineIsReturnedByFinish()
    {
        NdjsonDecoder decoder;
        QCOMPARE(decoder.feed("{\"a\":1}\n{\"error\":\"boom\"}").size(), std::size_t(1));
        QCOMPARE(decoder.finish(), std::string("{\"error\":\"boom\"}"));
        QCOMPARE(decoder.finish(), std::string());
    }
};

QTEST_APPLESS_MAIN(TestNdjsonDecoder)
#include "test_ndjson_decoder.moc"
