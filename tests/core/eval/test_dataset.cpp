// Reading datasets (CLI.md "Datasets"): JSONL and CSV cases, and every refusal with its file,
// line and reason, since a PM fixes a dataset from that message alone.
#include "eval/dataset.h"

#include <QTest>

#include <cstring>
#include <string>

using namespace ps::eval;
using nlohmann::json;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// JSON compared as text: QCOMPARE cannot print a json value.
QString dumped(const json &value)
{
    return qs(value.dump());
}

// The DatasetError `parse` throws; a default one (line -1) when it throws none.
template<typename F>
DatasetError refusal(F &&parse)
{
    try {
        parse();
    } catch (const DatasetError &error) {
        return error;
    }
    return DatasetError("(nothing refused)", -1, "");
}

} // namespace

class TestDataset : public QObject
{
    Q_OBJECT

private slots:
    void jsonlReadsEveryField();
    void jsonlSkipsBlankLinesAndAcceptsCrlfBomAndUnicode();
    void jsonlTagsMayBeOneString();
    void jsonlCaseWithoutVarsIsAccepted();
    void caseSurvivesToJsonAndBack();
    void jsonlRefusals_data();
    void jsonlRefusals();
    void jsonlMalformedLineNamesLineAndColumn();
    void csvReadsColumnsAsVariablesAndKnownColumns();
    void csvQuotedFieldsHoldCommasNewlinesAndQuotes();
    void csvExpectedColumnsBecomeAssertions_data();
    void csvExpectedColumnsBecomeAssertions();
    void csvRefusals_data();
    void csvRefusals();
    void fileTypeFollowsTheExtension();
};

void TestDataset::jsonlReadsEveryField()
{
    const std::string text
        = R"({"vars": {"ticket": "charged twice", "n": 2}, "expected": "billing", "tags": ["billing", "urgent"], )"
          R"("messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}], )"
          R"("assert": [{"type": "icontains", "value": "billing"}, {"type": "rouge-l", "value": "billing", "threshold": 0.5, "weight": 2}], )"
          R"("description": "double charge", "metadata": {"source": "zendesk"}})";
    const std::vector<DatasetCase> cases = parseJsonlDataset(text, "tickets.jsonl");
    QCOMPARE(cases.size(), std::size_t(1));
    const DatasetCase &c = cases.front();
    QCOMPARE(dumped(c.vars), dumped(json({{"ticket", "charged twice"}, {"n", 2}})));
    QCOMPARE(c.expected, std::optional<std::string>("billing"));
    QCOMPARE(c.tags, (std::vector<std::string> {"billing", "urgent"}));
    QCOMPARE(c.messages.size(), std::size_t(2));
    QCOMPARE(c.messages[1]["content"].get<std::string>(), std::string("Hello!"));
    QCOMPARE(c.assertions.size(), std::size_t(2));
    QCOMPARE(c.assertions[1]["weight"].get<int>(), 2);
    // Unknown keys are kept verbatim, never refused.
    QCOMPARE(dumped(c.extra),
        dumped({{"description", "double charge"}, {"metadata", {{"source", "zendesk"}}}}));
}

void TestDataset::jsonlSkipsBlankLinesAndAcceptsCrlfBomAndUnicode()
{
    const std::string text = "\xEF\xBB\xBF{\"vars\": {\"ticket\": \"Rückerstattung 🙏 退款\"}}\r\n"
                             "\r\n"
                             "   \n"
                             "{\"vars\": {\"ticket\": \"two\"}, \"expected\": \"other\"}\r\n";
    const std::vector<DatasetCase> cases = parseJsonlDataset(text, "t.jsonl");
    QCOMPARE(cases.size(), std::size_t(2));
    QCOMPARE(cases[0].vars["ticket"].get<std::string>(), std::string("Rückerstattung 🙏 退款"));
    QCOMPARE(cases[1].expected, std::optional<std::string>("other"));
}

void TestDataset::jsonlTagsMayBeOneString()
{
    const auto cases = parseJsonlDataset(R"({"vars": {}, "tags": "billing"})", "t.jsonl");
    QCOMPARE(cases[0].tags, std::vector<std::string> {"billing"});
}

void TestDataset::jsonlCaseWithoutVarsIsAccepted()
{
    // Import cannot know the prompt; one without variables needs no vars.
    const auto cases = parseJsonlDataset(R"({"expected": "hello"})", "t.jsonl");
    QCOMPARE(dumped(cases[0].vars), dumped(json::object()));
    QCOMPARE(cases[0].expected, std::optional<std::string>("hello"));
}

void TestDataset::caseSurvivesToJsonAndBack()
{
    const std::string line
        = R"({"vars": {"q": "ä"}, "expected": "x", "tags": "t", "messages": [{"role": "system", "content": "s"}], )"
          R"("assert": [{"type": "not-contains", "value": "y"}], "note": [1, 2]})";
    const DatasetCase original = parseJsonlDataset(line, "t.jsonl").front();
    const json stored = original.toJson();
    QCOMPARE(dumped(stored["tags"]), dumped(json({"t"})));
    QCOMPARE(dumped(stored["note"]), dumped(json({1, 2})));
    QVERIFY(stored.contains("assert"));
    QVERIFY(DatasetCase::fromJson(stored) == original);

    DatasetCase noExpected = original;
    noExpected.expected.reset();
    noExpected.assertions = json::array();
    QVERIFY(!noExpected.toJson().contains("expected"));
    QVERIFY(DatasetCase::fromJson(noExpected.toJson()) == noExpected);
}

void TestDataset::jsonlRefusals_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const QString ok = QStringLiteral("{\"vars\": {\"ticket\": \"a\"}}\n");
    QTest::newRow("not an object") << ok + QStringLiteral("[1, 2]\n")
                                   << "t.jsonl:2: expected a case to be a JSON object, not a list";
    QTest::newRow("vars not an object") << ok + ok + QStringLiteral("{\"vars\": \"ticket\"}\n")
                                        << "t.jsonl:3: expected \"vars\" to be an object";
    QTest::newRow("expected not a string")
        << QStringLiteral("{\"vars\": {}, \"expected\": 3}")
        << "t.jsonl:1: expected \"expected\" to be a string, not a number";
    QTest::newRow("tags not strings") << QStringLiteral("{\"tags\": [\"a\", 1]}")
                                      << "t.jsonl:1: expected \"tags\" to be a string or a list "
                                         "of strings";
    QTest::newRow("messages not a list")
        << QStringLiteral("{\"messages\": {\"role\": \"user\"}}")
        << "t.jsonl:1: expected \"messages\" to be a list of {\"role\", \"content\"} objects";
    QTest::newRow("message role")
        << QStringLiteral("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, "
                          "{\"role\": \"bot\", \"content\": \"b\"}]}")
        << "t.jsonl:1: \"messages\"[1]: role \"bot\" is not system, user, assistant or tool";
    QTest::newRow("message content") << QStringLiteral("{\"messages\": [{\"role\": \"user\"}]}")
                                     << "t.jsonl:1: \"messages\"[0]: expected \"content\" to be "
                                        "a string";
    QTest::newRow("assert not a list")
        << QStringLiteral("{\"assert\": {\"type\": \"is-json\"}}")
        << "t.jsonl:1: expected \"assert\" to be a list of assertions";
    QTest::newRow("unknown assertion type")
        << ok
            + QStringLiteral("{\"assert\": [{\"type\": \"is-json\"}, {\"type\": \"javascript\", "
                             "\"value\": \"1\"}]}")
        << "t.jsonl:2: \"assert\"[1]: unknown assertion type 'javascript'";
    QTest::newRow("bad regex")
        << QStringLiteral("{\"assert\": [{\"type\": \"regex\", \"value\": \"(a\"}]}")
        << "t.jsonl:1: \"assert\"[0]: invalid regex '(a': missing closing parenthesis at offset 2";
    QTest::newRow("regex from expected")
        << QStringLiteral("{\"expected\": \"[z-a]\", \"assert\": [{\"type\": \"regex\"}]}")
        << "t.jsonl:1: \"assert\"[0]: invalid regex '[z-a]': range out of order in character class "
           "at offset 3";
    QTest::newRow("bad threshold") << QStringLiteral(
        "{\"assert\": [{\"type\": \"bleu\", \"value\": \"a\", \"threshold\": 2}]}")
                                   << "t.jsonl:1: \"assert\"[0]: bleu threshold must be a number "
                                      "from 0 to 1";
    QTest::newRow("no value, no expected")
        << QStringLiteral("{\"assert\": [{\"type\": \"not-contains\"}]}")
        << "t.jsonl:1: \"assert\"[0]: not-contains has no \"value\" and the case no \"expected\"";
    QTest::newRow("empty file") << QString() << "t.jsonl: the file has no cases";
    QTest::newRow("blank lines only")
        << QStringLiteral("\n  \r\n\n") << "t.jsonl: the file has no cases";
}

void TestDataset::jsonlRefusals()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const DatasetError error = refusal([&] { parseJsonlDataset(text.toStdString(), "t.jsonl"); });
    QCOMPARE(qs(error.what()), message);
    QCOMPARE(qs(error.file()), QStringLiteral("t.jsonl"));
    QVERIFY(error.line() >= 0);
}

void TestDataset::jsonlMalformedLineNamesLineAndColumn()
{
    const DatasetError error = refusal(
        [] { parseJsonlDataset("{\"vars\": {}}\n\n{\"vars\": {\"a\": 1,}}\n", "cases.jsonl"); });
    QCOMPARE(error.line(), 3);
    QVERIFY2(
        qs(error.what()).startsWith(QStringLiteral("cases.jsonl:3: malformed JSON at column 18: ")),
        error.what());
    QVERIFY(qs(error.reason()).startsWith(QStringLiteral("malformed JSON at column 18: ")));

    // Found by fuzz_datasets: a number too large for a double is a refusal, not a crash.
    const DatasetError huge = refusal(
        [] { parseJsonlDataset("{\"vars\": {}}\n{\"vars\": {\"n\": 7E777}}\n", "big.jsonl"); });
    QCOMPARE(huge.line(), 2);
    QVERIFY2(
        qs(huge.what()).startsWith(QStringLiteral("big.jsonl:2: malformed JSON: ")), huge.what());
    QVERIFY2(qs(huge.what()).contains(QStringLiteral("7E777")), huge.what());
}

void TestDataset::csvReadsColumnsAsVariablesAndKnownColumns()
{
    const std::string text = "ticket,customer,expected,tags,description,__expected,__prefix\n"
                             "charged twice,Zoë Ångström,billing,billing; urgent ,refund case,"
                             "icontains: bill,x\n"
                             "crash,Bo,,,,,\n";
    const std::vector<DatasetCase> cases = parseCsvDataset(text, "t.csv");
    QCOMPARE(cases.size(), std::size_t(2));
    QCOMPARE(dumped(cases[0].vars),
        dumped(json({{"ticket", "charged twice"}, {"customer", "Zoë Ångström"}})));
    QCOMPARE(cases[0].expected, std::optional<std::string>("billing"));
    QCOMPARE(cases[0].tags, (std::vector<std::string> {"billing", "urgent"}));
    QCOMPARE(
        dumped(cases[0].extra), dumped(json({{"description", "refund case"}, {"__prefix", "x"}})));
    QCOMPARE(dumped(cases[0].assertions),
        dumped(json::parse(R"([{"type": "icontains", "value": "bill"}])")));
    // Empty cells: a variable is still a variable; the rest is simply absent.
    QCOMPARE(dumped(cases[1].vars), dumped(json({{"ticket", "crash"}, {"customer", "Bo"}})));
    QVERIFY(!cases[1].expected);
    QVERIFY(cases[1].tags.empty());
    QCOMPARE(dumped(cases[1].assertions), dumped(json::array()));
    QCOMPARE(dumped(cases[1].extra), dumped(json::object()));
}

void TestDataset::csvQuotedFieldsHoldCommasNewlinesAndQuotes()
{
    const std::string text = "\xEF\xBB\xBF"
                             "ticket,expected\r\n"
                             "\"Hello, I was charged twice.\r\nSecond line with \"\"quotes\"\"\","
                             "billing\r\n"
                             "\"\",\"other\"\r\n"
                             "plain,\"a,b\"";
    const std::vector<DatasetCase> cases = parseCsvDataset(text, "t.csv");
    QCOMPARE(cases.size(), std::size_t(3));
    QCOMPARE(cases[0].vars["ticket"].get<std::string>(),
        std::string("Hello, I was charged twice.\r\nSecond line with \"quotes\""));
    QCOMPARE(cases[0].expected, std::optional<std::string>("billing"));
    QCOMPARE(cases[1].vars["ticket"].get<std::string>(), std::string());
    QCOMPARE(cases[1].expected, std::optional<std::string>("other"));
    QCOMPARE(cases[2].expected, std::optional<std::string>("a,b"));
}

void TestDataset::csvExpectedColumnsBecomeAssertions_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("spec");
    QTest::newRow("plain text") << "billing"
                                << R"({"type":"equals","value":"billing"})";
    QTest::newRow("plain text with a colon") << "Note: call back"
                                             << R"({"type":"equals","value":"Note: call back"})";
    QTest::newRow("contains") << "contains: refund"
                              << R"({"type":"contains","value":"refund"})";
    QTest::newRow("icontains") << "icontains:Refund "
                               << R"({"type":"icontains","value":"Refund"})";
    QTest::newRow("not-contains") << "not-contains: sorry"
                                  << R"({"type":"not-contains","value":"sorry"})";
    QTest::newRow("regex keeps its colons")
        << "regex: ^label: (bug|billing)$"
        << R"({"type":"regex","value":"^label: (bug|billing)$"})";
    QTest::newRow("starts-with") << "starts-with: Dear"
                                 << R"({"type":"starts-with","value":"Dear"})";
    QTest::newRow("is-json") << "is-json"
                             << R"({"type":"is-json"})";
    QTest::newRow("not-is-json") << " not-is-json "
                                 << R"({"type":"not-is-json"})";
    QTest::newRow("contains-any")
        << "contains-any: refund, credit ,chargeback"
        << R"({"type":"contains-any","value":["refund","credit","chargeback"]})";
    QTest::newRow("latency") << "latency: 500"
                             << R"({"type":"latency","value":500.0})";
    QTest::newRow("threshold")
        << "rouge-l(0.6): we will refund you"
        << R"({"type":"rouge-l","threshold":0.6,"value":"we will refund you"})";
    QTest::newRow("grade") << "grade: is polite"
                           << R"({"type":"llm-rubric","value":"is polite"})";
    QTest::newRow("length") << R"(length: {"max": 20})"
                            << R"({"type":"length","value":{"max":20}})";
}

void TestDataset::csvExpectedColumnsBecomeAssertions()
{
    QFETCH(QString, cell);
    QFETCH(QString, spec);
    std::string quoted = "\"";
    for (const char c : cell.toStdString())
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    const std::string text = "q,__expected3\nhi," + quoted + "\"\n";
    const std::vector<DatasetCase> cases = parseCsvDataset(text, "t.csv");
    QCOMPARE(
        qs(cases[0].assertions.dump()), qs(json::array({json::parse(spec.toStdString())}).dump()));
}

void TestDataset::csvRefusals_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("row with a field too few")
        << "a,b,expected\n1,\"two\nlines\",x\n3,4\n"
        << "t.csv:4: the row has 2 fields but the header has 3 columns";
    QTest::newRow("row with a field too many")
        << "a,b\n1,2,3\n"
        << "t.csv:2: the row has 3 fields but the header has 2 columns";
    QTest::newRow("unterminated quote") << "a,b\n1,2\n3,\"four\n5,6\n"
                                        << "t.csv:3: the quoted field in column 2 is never closed";
    QTest::newRow("text after closing quote")
        << "a,b\n\"1\"x,2\n"
        << "t.csv:2: unexpected text after the closing quote in column 1 (a quote inside a quoted "
           "field is written twice: \"\")";
    QTest::newRow("duplicate column") << "a,b,a\n1,2,3\n"
                                      << "t.csv:1: column \"a\" appears twice";
    QTest::newRow("unnamed column") << "a,,c\n1,2,3\n"
                                    << "t.csv:1: column 2 of the header has no name";
    QTest::newRow("unknown assertion type")
        << "a,__expected\n1,contains: x\n2,javascript: output.length > 3\n"
        << "t.csv:3: column \"__expected\": promptfoo's \"javascript\" assertion is not supported";
    QTest::newRow("bad regex") << "a,__expected2\n1,regex: (unclosed\n"
                               << "t.csv:2: column \"__expected2\": invalid regex '(unclosed': "
                                  "missing closing parenthesis at offset 9";
    QTest::newRow("bad latency") << "a,__expected\n1,latency: soon\n"
                                 << "t.csv:2: column \"__expected\": latency needs its upper "
                                    "bound as a number >= 0 in value (milliseconds)";
    QTest::newRow("invalid UTF-8") << QString() << "t.csv:2: column \"a\" is not valid UTF-8";
    QTest::newRow("header only") << "a,expected\r\n"
                                 << "t.csv: the file has no cases below its header row";
    QTest::newRow("empty") << ""
                           << "t.csv: the file is empty: a header row naming the columns is needed";
}

void TestDataset::csvRefusals()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const std::string bytes = std::strcmp(QTest::currentDataTag(), "invalid UTF-8") == 0
        ? std::string("a\n\xC3\x28\n")
        : text.toStdString();
    const DatasetError error = refusal([&] { parseCsvDataset(bytes, "t.csv"); });
    QCOMPARE(qs(error.what()), message);
}

void TestDataset::fileTypeFollowsTheExtension()
{
    QCOMPARE(parseDatasetFile("{\"vars\": {}}", "dir/Cases.JSONL").size(), std::size_t(1));
    QCOMPARE(parseDatasetFile("a\n1\n2\n", "cases.Csv").size(), std::size_t(2));
    const DatasetError error = refusal([] { parseDatasetFile("a\n1\n", "cases.txt"); });
    QCOMPARE(error.line(), 0);
    QCOMPARE(qs(error.what()), QStringLiteral("cases.txt: a dataset is a .jsonl or .csv file"));
}

QTEST_APPLESS_MAIN(TestDataset)
#include "test_dataset.moc"
