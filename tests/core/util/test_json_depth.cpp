// JSON nesting is capped before any recursive code sees it: 100,000 levels crashed copies,
// dumps and comparisons (stack overflow) wherever a file or a project supplied them.
#include "util/json_depth.h"

#include <QtTest>

#include <string>

using namespace ps::util;

class TestJsonDepth : public QObject
{
    Q_OBJECT

private slots:
    void depthIsCountedOutsideStringsOnly()
    {
        QCOMPARE(jsonDepthExceededAt("[[[]]]", 3), std::string_view::npos);
        QCOMPARE(jsonDepthExceededAt("[[[[]]]]", 3), std::size_t(3));
        QCOMPARE(jsonDepthExceededAt("{\"a\": {\"b\": [1]}}", 3), std::string_view::npos);
        // Brackets inside strings, escaped quotes included, are text.
        const std::string quoted = "[\"[[[[[[\", \"\\\"[[[[[[[[\"]";
        QCOMPARE(jsonDepthExceededAt(quoted, 1), std::string_view::npos);
        // Siblings do not add up: depth is nesting, not count.
        std::string wide = "[";
        for (int i = 0; i < 10000; ++i)
            wide += "[],";
        wide += "[]]";
        QCOMPARE(jsonDepthExceededAt(wide), std::string_view::npos);
    }

    void tooDeepIsRefusedWithItsOffset()
    {
        const std::string deep = std::string(100000, '[') + std::string(100000, ']');
        try {
            parseJson(deep);
            QFAIL("a document 100,000 levels deep was parsed");
        } catch (const JsonTooDeep &error) {
            QCOMPARE(error.offset(), std::size_t(kMaxJsonDepth));
            QVERIFY(std::string(error.what()).find("256 levels") != std::string::npos);
        }
        QVERIFY(parseJsonOrDiscarded(deep).is_discarded());
        const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
        QVERIFY(parseJson(ok).is_array());
        const nlohmann::json copy = parseJson(ok); // copies and dumps are safe at the cap
        QCOMPARE(copy.dump().size(), ok.size());
    }

    void otherwiseAsNlohmannParses()
    {
        QVERIFY_THROWS_EXCEPTION(nlohmann::json::parse_error, parseJson("{"));
        QVERIFY(parseJsonOrDiscarded("{").is_discarded());
        QCOMPARE(parseJsonOrDiscarded("// note\n{\"a\": 1}", true)["a"].get<int>(), 1);
        QCOMPARE(parseJson("{\"a\": [1, 2]}")["a"][1].get<int>(), 2);
        // A number no double holds is a parse error like any other, so every caller's handler
        // catches it (nlohmann throws out_of_range for it).
        QVERIFY_THROWS_EXCEPTION(nlohmann::json::parse_error, parseJson("[7E777]"));
        QVERIFY(parseJsonOrDiscarded("[7E777]").is_discarded());
    }

    // The fast reader (simdjson) gives what nlohmann's parser gives, value and type, on the
    // cases where the two could differ: integer kinds, negative zero, huge numbers, repeated
    // keys, escapes, a byte-order mark, bad UTF-8, trailing bytes.
    void theFastReaderReadsAsNlohmann_data()
    {
        QTest::addColumn<QByteArray>("text");
        const char *texts[] = {"0", "-0", "[-0, 0, -0.0, 0.0]", "{\"a\": -0}", "-1",
            "9223372036854775807", "9223372036854775808", "18446744073709551615",
            "18446744073709551616", "-9223372036854775809", "1e400", "1.5e-400", "0.1",
            "123456789012345678901234567890", "{\"a\": 1, \"a\": 2}", "\"\\u00e9\\ud83d\\ude00\"",
            "\"\\u0000x\"", "\xef\xbb\xbf{\"bom\": true}", "\"\xc3\x28\"", "{\"a\": 1} x",
            " \n{\"a\" : [true, false, null, {}, []]}\t", "", "nan", "[1,]", "\"a\tb\"",
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}"};
        int row = 0;
        for (const char *text : texts)
            QTest::newRow(QByteArray::number(row++).constData()) << QByteArray(text);
    }

    void theFastReaderReadsAsNlohmann()
    {
        QFETCH(QByteArray, text);
        const std::string_view view(text.constData(), static_cast<std::size_t>(text.size()));
        const nlohmann::json expected = nlohmann::json::parse(view, nullptr, false);
        const nlohmann::json got = parseJsonOrDiscarded(view);
        QCOMPARE(got.is_discarded(), expected.is_discarded());
        if (expected.is_discarded())
            return;
        QCOMPARE(QString::fromStdString(got.dump()), QString::fromStdString(expected.dump()));
        QCOMPARE(int(got.type()), int(expected.type()));
        if (got.is_array())
            for (std::size_t i = 0; i < got.size(); ++i)
                QCOMPARE(int(got[i].type()), int(expected[i].type()));
        QCOMPARE(QString::fromStdString(parseJson(view).dump()),
            QString::fromStdString(expected.dump()));
    }
};

QTEST_APPLESS_MAIN(TestJsonDepth)
#include "test_json_depth.moc"
