// Few-shot examples to and from JSONL and CSV: what is written reads back the same, and a bad
// file is refused naming the file, the line and why.

#include "eval/dataset.h"
#include "io/examples_file.h"

#include <QtTest>

using ps::model::Example;

namespace {

// 200 examples with what breaks naive files: commas, quotes, line breaks, non-ASCII, a
// disabled one, notes and several tags.
std::vector<Example> manyExamples()
{
    std::vector<Example> examples;
    for (int i = 0; i < 200; ++i) {
        Example example;
        example.input = {{"ticket", "Ticket " + std::to_string(i) + ": charged \"twice\", see\nline 2 ✓"},
            {"tone", i % 2 ? "calm" : "curt"}};
        example.output = i % 3 ? "billing" : "bug, maybe";
        example.note = i % 5 ? "" : "note " + std::to_string(i);
        example.enabled = i % 7 != 0;
        example.tags = i % 4 ? std::vector<std::string> {"billing"} : std::vector<std::string> {"bug", "ui"};
        examples.push_back(example);
    }
    return examples;
}

} // namespace

class TestExamplesFile : public QObject
{
    Q_OBJECT

private slots:
    void jsonlRoundTrips()
    {
        const std::vector<Example> examples = manyExamples();
        const std::string text = ps::io::writeExamplesJsonl(examples);
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), 200);
        QVERIFY(ps::io::readExamplesFile(text, "examples.jsonl") == examples);
        // The dataset reader takes the same file as 200 cases.
        QCOMPARE(ps::eval::parseJsonlDataset(text, "examples.jsonl").size(), std::size_t(200));
    }

    void csvRoundTrips()
    {
        const std::vector<Example> examples = manyExamples();
        const std::string text = ps::io::writeExamplesCsv(examples, {"tone", "ticket"});
        QVERIFY(text.starts_with("tone,ticket,expected,tags,__note,__enabled\r\n"));
        QVERIFY(ps::io::readExamplesFile(text, "Examples.CSV") == examples);
    }

    void aSpreadsheetsCsvReads()
    {
        const std::string text = "ticket,expected,tags,description,enabled\n"
                                 "charged twice,billing,\"billing, money\",classic,TRUE\n"
                                 "crash on login,bug,,,no\n";
        const std::vector<Example> examples = ps::io::readExamplesFile(text, "sheet.csv");
        QCOMPARE(examples.size(), std::size_t(2));
        QCOMPARE(examples[0].input.dump(), std::string(R"({"ticket":"charged twice"})"));
        QCOMPARE(examples[0].note, std::string("classic"));
        QCOMPARE(examples[0].tags, (std::vector<std::string> {"billing", "money"}));
        QVERIFY(examples[0].enabled);
        QCOMPARE(examples[1].output, std::string("bug"));
        QVERIFY(!examples[1].enabled);
        // A prompt with a {{note}} variable keeps the column as input.
        const std::string noted = "ticket,note,expected\nhi,urgent,bug\n";
        const std::vector<Example> kept = ps::io::readExamplesFile(noted, "n.csv", {"ticket", "note"});
        QCOMPARE(kept[0].input.value("note", std::string()), std::string("urgent"));
        QCOMPARE(kept[0].note, std::string());
    }

    void badFilesNameTheLine()
    {
        try {
            ps::io::readExamplesFile("{\"vars\": {}, \"expected\": \"a\"}\n{\"vars\": {}}\n{oops\n",
                "ex.jsonl");
            QFAIL("a malformed line was read");
        } catch (const ps::eval::DatasetError &error) {
            QCOMPARE(error.file(), std::string("ex.jsonl"));
            QCOMPARE(error.line(), 3);
        }
        try {
            ps::io::readExamplesFile("ticket,expected\n\"open quote,billing\n", "ex.csv");
            QFAIL("an unclosed quote was read");
        } catch (const ps::eval::DatasetError &error) {
            QCOMPARE(error.line(), 2);
        }
        try {
            ps::io::readExamplesFile(R"({"vars": {}, "enabled": "maybe"})", "ex.jsonl");
            QFAIL("\"maybe\" was read as enabled");
        } catch (const ps::eval::DatasetError &error) {
            QVERIFY2(std::string(error.what()).find("example 1") != std::string::npos, error.what());
        }
        QVERIFY_THROWS_EXCEPTION(ps::eval::DatasetError, ps::io::readExamplesFile("x", "ex.txt"));
    }
};

QTEST_APPLESS_MAIN(TestExamplesFile)
#include "test_examples_file.moc"
