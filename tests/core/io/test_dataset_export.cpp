// dataset export: JSONL carries every case exactly; CSV carries what a table can hold, reads back
// through `dataset import`'s own reader to the same cases, and names case by case what it lost.

#include "io/dataset_export.h"

#include "dataset_export_cases.h"
#include "test_support.h"

#include <QTest>

using namespace ps;
using namespace ps::test;
using nlohmann::json;

namespace {

eval::DatasetCase caseOf(const json &document)
{
    return eval::DatasetCase::fromJson(document);
}

} // namespace

class TestDatasetExport : public QObject
{
    Q_OBJECT

private slots:
    void jsonlCarriesEverything()
    {
        const std::vector<eval::DatasetCase> cases {
            caseOf(json::parse(kEverything)),
        };
        const io::DatasetFile file = io::datasetAsJsonl(cases);
        QVERIFY(file.lost.empty());
        QVERIFY(eval::parseJsonlDataset(file.text, "x.jsonl") == cases);
    }

    void csvReadsBackTheSame()
    {
        const std::vector<eval::DatasetCase> cases {
            caseOf(json::parse(kTableCase1)),
            caseOf(json::parse(kTableCase2)),
            caseOf(json::parse(kTableCase3)),
        };
        const io::DatasetFile file = io::datasetAsCsv(cases);
        QVERIFY2(file.lost.empty(), file.lost.empty() ? "" : file.lost[0].c_str());
        QVERIFY(file.text.starts_with("lang,ticket,expected,tags,description,__expected,__expected2,__expected3\r\n"));
        const std::vector<eval::DatasetCase> back = eval::parseCsvDataset(file.text, "x.csv");
        QCOMPARE(back.size(), cases.size());
        QCOMPARE(back[0].toJson().dump(), cases[0].toJson().dump());
        QCOMPARE(back[1].toJson().dump(), cases[1].toJson().dump());
        QCOMPARE(back[2].vars.dump(), cases[2].vars.dump());
    }

    void csvNamesWhatItLost()
    {
        const std::vector<eval::DatasetCase> cases {
            caseOf(json::parse(kPlainCase)),
            caseOf(json::parse(kLossyCase)),
        };
        const io::DatasetFile file = io::datasetAsCsv(cases);
        const std::vector<std::string> expected {
            "case 2: variable 'count' (not text: it reads back as text)",
            "case 2: its prior messages",
            "case 2: its assertions (weights, options or values a cell cannot hold)",
            "case 2: its \"metadata\"",
        };
        QCOMPARE(file.lost, expected);
    }
};

QTEST_GUILESS_MAIN(TestDatasetExport)
#include "test_dataset_export.moc"
