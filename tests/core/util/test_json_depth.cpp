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
};

QTEST_APPLESS_MAIN(TestJsonDepth)
#include "test_json_depth.moc"
