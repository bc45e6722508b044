// YAML written for other tools reads back as the same JSON (strings that look like booleans,
// numbers or syntax stay strings; text keeps every line break and leading space), is laid out
// for a diff (one key a line, text as `|` blocks), and hostile YAML is refused with its line.
#include "util/yaml_text.h"

#include <QtTest>

#include <string>

using namespace ps::util;
using nlohmann::ordered_json;

class TestYamlText : public QObject
{
    Q_OBJECT

    static QString dumped(const ordered_json &value) { return QString::fromStdString(value.dump()); }

private slots:
    void everyValueReadsBackTheSame()
    {
        ordered_json strings = ordered_json::array();
        for (const char *text : {"yes", "No", "true", "FALSE", "on", "off", "null", "~", "", "1.5", "0x10", "1e3",
                 "-3", "+4", ".5", "007", "a: b", "a:b", "- x", "#c", "a #c", "@x", "`x", "!x", "&x", "*x", "%x",
                 "{x}", "[x]", "'q'", "\"q\"", " lead", "trail ", "plain words", "é ünï 退款", "{{ ticket }}",
                 "{% raw %}", "{# c #}", "x: ", "key:", "tab\there", "\x01control", "a\\b",
                 "a {b} [c] 'd' \"e\" $f %g !h &i *j |k >l ~m `n ?o", "Can you check? $49, ok", "x#y", "a:b:c"})
            strings.push_back(text);
        for (const char *text : {"one\ntwo", "one\ntwo\n", "one\ntwo\n\n\n", "\nfirst empty", "  indented\nsecond",
                 "line\n  indented\n\ttab\nlast", "ends with spaces  \nok", "blank\n\nlines\n", "spaces only\n   \nline",
                 "\n", "\n\n", "tab first\n\tx", "crlf\r\nline", "{# c\n%}\n{{ x }}"})
            strings.push_back(text);
        const ordered_json document = {{"strings", strings},
            {"numbers", {0, -1, 42, 0.1, 1.5e-7, 3.0, 123456789012LL}}, {"flags", {true, false, nullptr}},
            {"empty", {{"list", ordered_json::array()}, {"map", ordered_json::object()}, {"text", ""}}},
            {"nested", {{{"a", {{"b", {1, {{"c", "d"}}, ordered_json::array({1, 2})}}}}}, {{"multi", "x\ny"}}}},
            {"odd key: #", "v"}, {"1", "numeric key"}};
        const std::string text = yamlText(document);
        const ordered_json back = parseYaml(text);
        QCOMPARE(dumped(back), dumped(document));
        for (std::size_t i = 0; i < strings.size(); ++i)
            QVERIFY2(back["strings"][i] == strings[i], qPrintable(QString::fromStdString(strings[i].dump())));
    }

    void layoutReadsWellInADiff()
    {
        const ordered_json config = {{"description", "triage@3"},
            {"prompts", {{{"id", "file://prompts/triage.json"}, {"label", "triage@3"}}}},
            {"providers", {{{"id", "openai:chat:gpt-4.1-mini"}, {"config", {{"temperature", 0.3}}}}}},
            {"tests", {{{"vars", {{"ticket", "Charged twice\nplease help\n"}}}}}}};
        QCOMPARE(QString::fromStdString(yamlText(config)),
            QStringLiteral("description: triage@3\n"
                           "prompts:\n"
                           "- id: file://prompts/triage.json\n"
                           "  label: triage@3\n"
                           "providers:\n"
                           "- id: openai:chat:gpt-4.1-mini\n"
                           "  config:\n"
                           "    temperature: 0.3\n"
                           "tests:\n"
                           "- vars:\n"
                           "    ticket: |\n"
                           "      Charged twice\n"
                           "      please help\n"));
    }

    void scalarsReadAsYamlTypesThem()
    {
        const ordered_json read = parseYaml("a: 1\nb: '1'\nc: 1.50\nd: true\ne: ~\nf:\ng: \"x\\ny\"\nh: text # note\n"
                                            "i: |-\n  block\nj: [1, two]\nk: {x: 1}\n");
        QCOMPARE(dumped(read),
            QStringLiteral("{\"a\":1,\"b\":\"1\",\"c\":1.5,\"d\":true,\"e\":null,\"f\":null,\"g\":\"x\\ny\","
                           "\"h\":\"text\",\"i\":\"block\",\"j\":[1,\"two\"],\"k\":{\"x\":1}}"));
    }

    void hostileYamlIsRefusedWithItsLine()
    {
        const auto refusal = [](const std::string &text) -> QString {
            try {
                parseYaml(text);
            } catch (const YamlError &error) {
                return QString::fromUtf8(error.what());
            }
            return QStringLiteral("(read)");
        };
        QVERIFY(refusal("a: [1,\nb: 2\n").startsWith(QStringLiteral("line ")));
        QVERIFY(refusal("a: 1\n  b: 2\n").startsWith(QStringLiteral("line 2")));
        QVERIFY(refusal(std::string(100000, '[')).contains(QStringLiteral("nested deeper")));
        std::string dashes;
        for (int i = 0; i < 5000; ++i)
            dashes += "- ";
        QVERIFY(refusal(dashes + "x\n").contains(QStringLiteral("too deeply")));
        // Aliases that double at each level: a billion values from a few lines.
        std::string laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
        for (int i = 1; i < 10; ++i)
            laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1)
                + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1)
                + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1)
                + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + ", *a" + std::to_string(i - 1) + "]\n";
        QVERIFY(refusal(laughs).contains(QStringLiteral("a million values")));
        QVERIFY(refusal("[1, 2]: v\n").contains(QStringLiteral("not text")));
        // Bytes that are no UTF-8 (a Latin-1 file, a fuzzer's): refused, never a string JSON cannot hold.
        QVERIFY(refusal("name: caf\xE9\n").startsWith(QStringLiteral("line 1: byte 9 is not UTF-8")));
    }
};

QTEST_APPLESS_MAIN(TestYamlText)
#include "test_yaml_text.moc"
