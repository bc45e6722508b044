// Datasets in the project file: each import a new immutable revision, all or nothing, read back
// exactly as imported (a run must find the very cases it used).
#include "eval/dataset.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store_test_util.h"

#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <QTest>

using namespace ps;
using namespace ps::test;
using Kind = store::StoreError::Kind;
using nlohmann::json;

namespace {

std::vector<eval::DatasetCase> ticketCases(int count, const std::string &prefix = "ticket")
{
    std::vector<eval::DatasetCase> cases;
    for (int i = 0; i < count; ++i) {
        eval::DatasetCase c;
        c.vars = {{"ticket", prefix + " " + std::to_string(i) + " — Überweisung"}};
        c.expected = i % 2 ? "billing" : "bug";
        c.tags = {"t" + std::to_string(i)};
        c.messages = json::array({{{"role", "user"}, {"content", "Hi"}}});
        c.assertions = json::array({{{"type", "icontains"}, {"value", "bill"}}});
        c.extra = {{"description", "case " + std::to_string(i)}};
        cases.push_back(c);
    }
    return cases;
}

} // namespace

class TestDatasetStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void importedCasesReadBackInOrder();
    void reimportMakesANewRevisionAndKeepsTheOld();
    void listShowsTheNewestRevisionOfEachName();
    void badNameOrNoCasesStoresNothing();
    void failedImportLeavesNothingBehind();
    void unknownDatasetsAreNotFound();
    void largeDatasetsReadInOrderAndNameTheirFirstDamagedCase();
    void appendedCasesMakeTheNextRevision();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_path;
};

void TestDatasetStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("p.promptsmith")).toStdString();
    store::Project::create(m_path);
}

void TestDatasetStore::cleanup()
{
    m_dir.reset();
}

void TestDatasetStore::importedCasesReadBackInOrder()
{
    store::Project project = store::Project::open(m_path);
    store::DatasetStore datasets(project);
    const auto cases = ticketCases(12);
    const model::DatasetRecord record = datasets.importCases("tickets", "tickets.jsonl", cases);
    QVERIFY(record.id > 0);
    QCOMPARE(record.name, std::string("tickets"));
    QCOMPARE(record.revision, 1);
    QCOMPARE(record.caseCount, 12);
    QCOMPARE(record.source, std::string("tickets.jsonl"));
    QVERIFY(record.imported.ends_with('Z'));

    // Read back through a fresh connection: the file holds it, not a cache.
    store::Project reopened = store::Project::open(m_path);
    store::DatasetStore again(reopened);
    const auto stored = again.cases(record.id);
    QCOMPARE(stored.size(), cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i)
        QVERIFY2(stored[i] == cases[i], stored[i].toJson().dump().c_str());
    QCOMPARE(rawQuery(m_path, "SELECT content FROM dataset_cases WHERE idx = 3"),
        cases[3].toJson().dump());
    const auto found = again.findById(record.id);
    QVERIFY(found);
    QCOMPARE(found->caseCount, 12);
    QCOMPARE(found->imported, record.imported);
}

void TestDatasetStore::reimportMakesANewRevisionAndKeepsTheOld()
{
    store::Project project = store::Project::open(m_path);
    store::DatasetStore datasets(project);
    const auto first = datasets.importCases("tickets", "a.csv", ticketCases(3, "old"));
    const auto second = datasets.importCases("tickets", "b.jsonl", ticketCases(5, "new"));
    QCOMPARE(second.revision, 2);
    QVERIFY(second.id != first.id);
    QCOMPARE(datasets.latest("tickets").id, second.id);
    QCOMPARE(datasets.findLatest("tickets")->source, std::string("b.jsonl"));
    // The first revision is untouched: a run made with it still finds its cases.
    const auto old = datasets.cases(first.id);
    QCOMPARE(old.size(), std::size_t(3));
    QCOMPARE(old[0].vars["ticket"].get<std::string>(), std::string("old 0 — Überweisung"));
    QCOMPARE(datasets.cases(second.id).size(), std::size_t(5));
    QCOMPARE(datasets.findById(first.id)->revision, 1);
}

void TestDatasetStore::listShowsTheNewestRevisionOfEachName()
{
    store::Project project = store::Project::open(m_path);
    store::DatasetStore datasets(project);
    QVERIFY(datasets.list().empty());
    datasets.importCases("zeta", "z.jsonl", ticketCases(1));
    datasets.importCases("alpha", "a.jsonl", ticketCases(2));
    datasets.importCases("alpha", "a2.jsonl", ticketCases(4));
    const auto list = datasets.list();
    QCOMPARE(list.size(), std::size_t(2));
    QCOMPARE(list[0].name, std::string("alpha"));
    QCOMPARE(list[0].revision, 2);
    QCOMPARE(list[0].caseCount, 4);
    QCOMPARE(list[1].name, std::string("zeta"));
    QCOMPARE(list[1].revision, 1);
}

void TestDatasetStore::badNameOrNoCasesStoresNothing()
{
    store::Project project = store::Project::open(m_path);
    store::DatasetStore datasets(project);
    for (const std::string name : {"", " tickets", "a@b", "x\ny"}) {
        const auto error
            = storeErrorOf([&] { datasets.importCases(name, "t.jsonl", ticketCases(1)); });
        QVERIFY2(error && error->kind() == Kind::BadInput, name.c_str());
    }
    const auto empty = storeErrorOf(
        [&] { datasets.importCases("tickets", "t.jsonl", std::vector<eval::DatasetCase> {}); });
    QVERIFY(empty && empty->kind() == Kind::BadInput);
    QCOMPARE(
        QString::fromStdString(empty->what()), QStringLiteral("a dataset needs at least one case"));
    QVERIFY(datasets.list().empty());
    QCOMPARE(rawQuery(m_path, "SELECT count(*) FROM dataset_cases"), std::string("0"));
}

void TestDatasetStore::failedImportLeavesNothingBehind()
{
    store::Project project = store::Project::open(m_path);
    store::DatasetStore datasets(project);
    const auto kept = datasets.importCases("tickets", "t.jsonl", ticketCases(2));
    // The disk refuses the 7th case of the next import: the whole import must roll back.
    QCOMPARE(rawExec(m_path,
                 "CREATE TRIGGER refuse BEFORE INSERT ON dataset_cases WHEN NEW.idx = 6 "
                 "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"),
        SQLITE_OK);
    const auto error
        = storeErrorOf([&] { datasets.importCases("tickets", "t2.jsonl", ticketCases(10)); });
    QVERIFY(error);
    QCOMPARE(datasets.latest("tickets").id, kept.id);
    QCOMPARE(datasets.list().size(), std::size_t(1));
    QCOMPARE(rawQuery(m_path, "SELECT count(*) FROM dataset_cases"), std::string("2"));
    QCOMPARE(rawQuery(m_path, "SELECT count(*) FROM datasets"), std::string("1"));

    // Cases stored as a file is read: a bad line after some good ones also leaves nothing.
    const std::string file = "{\"vars\": {\"t\": 1}}\n{\"vars\": {\"t\": 2}}\n{\"vars\": 3}\n";
    bool refused = false;
    try {
        datasets.importCases("tickets", "t3.jsonl", [&](const eval::DatasetCaseSink &sink) {
            eval::forEachDatasetCase(file, "t3.jsonl", sink);
        });
    } catch (const eval::DatasetError &bad) {
        refused = bad.line() == 3;
    }
    QVERIFY(refused);
    QCOMPARE(datasets.latest("tickets").id, kept.id);
    QCOMPARE(rawQuery(m_path, "SELECT count(*) FROM dataset_cases"), std::string("2"));
    // And streamed, a good file stores every case with its count.
    const auto streamed
        = datasets.importCases("streamed", "s.jsonl", [&](const eval::DatasetCaseSink &sink) {
              eval::forEachDatasetCase(file.substr(0, file.rfind("{")), "s.jsonl", sink);
          });
    QCOMPARE(streamed.caseCount, 2);
    QCOMPARE(datasets.cases(streamed.id).size(), std::size_t(2));
    QCOMPARE(datasets.latest("streamed").caseCount, 2);
}

void TestDatasetStore::unknownDatasetsAreNotFound()
{
    store::Project project = store::Project::open(m_path);
    store::DatasetStore datasets(project);
    QVERIFY(!datasets.findLatest("tickets"));
    QVERIFY(!datasets.findById(42));
    auto error = storeErrorOf([&] { datasets.latest("tickets"); });
    QVERIFY(error && error->kind() == Kind::NotFound);
    QCOMPARE(QString::fromStdString(error->what()),
        QStringLiteral("there is no dataset 'tickets' (none is imported yet)"));
    datasets.importCases("faq", "faq.csv", ticketCases(1));
    error = storeErrorOf([&] { datasets.latest("tickets"); });
    QCOMPARE(QString::fromStdString(error->what()),
        QStringLiteral("there is no dataset 'tickets' (known: faq)"));
    error = storeErrorOf([&] { datasets.cases(999); });
    QVERIFY(error && error->kind() == Kind::NotFound);
}

void TestDatasetStore::largeDatasetsReadInOrderAndNameTheirFirstDamagedCase()
{
    // Large enough to be parsed on all cores: the cases still come back in file order, and of
    // two damaged cases the error names the first, as a serial read would.
    store::Project project = store::Project::open(m_path);
    store::DatasetStore datasets(project);
    const auto cases = ticketCases(6000);
    const model::DatasetRecord record = datasets.importCases("big", "big.jsonl", cases);
    QVERIFY(datasets.cases(record.id) == cases);
    std::vector<int> visited(cases.size()); // each slot written by one thread only
    std::atomic<int> mismatched = 0;
    std::size_t told = 0;
    datasets.visitCases(
        record.id, [&told](std::size_t count) { told = count; },
        [&](std::size_t index, eval::DatasetCase &&item) {
            if (!(item == cases[index]))
                ++mismatched;
            ++visited[index];
        });
    QCOMPARE(told, cases.size());
    QCOMPARE(mismatched.load(), 0);
    QVERIFY(std::all_of(visited.begin(), visited.end(), [](int count) { return count == 1; }));

    QCOMPARE(rawExec(m_path,
                 "UPDATE dataset_cases SET content = '{\"vars\": ' WHERE idx IN (1500, 4500)"),
        0); // SQLITE_OK
    store::Project reopened = store::Project::open(m_path);
    const auto error = storeErrorOf([&] { store::DatasetStore(reopened).cases(record.id); });
    QVERIFY(error && error->kind() == Kind::Damaged);
    QVERIFY2(QString::fromStdString(error->what())
                 .endsWith(QStringLiteral(" is damaged: case 1500 of dataset %1 cannot be read")
                         .arg(record.id)),
        error->what());
}

void TestDatasetStore::appendedCasesMakeTheNextRevision()
{
    store::Project project = store::Project::open(m_path);
    store::DatasetStore datasets(project);
    // The first answer kept makes the dataset; the next ones each make a revision, the old
    // revisions staying as runs used them.
    const auto first = datasets.appendCases("kept", "an answer", ticketCases(1, "first"));
    QCOMPARE(first.revision, 1);
    QCOMPARE(first.caseCount, 1);
    const auto more = ticketCases(2, "second");
    const auto second = datasets.appendCases("kept", "two answers", more);
    QCOMPARE(second.revision, 2);
    QCOMPARE(second.caseCount, 3);
    QCOMPARE(second.source, std::string("two answers"));
    const auto cases = datasets.cases(second.id);
    QCOMPARE(cases.size(), std::size_t(3));
    QVERIFY(cases[0] == ticketCases(1, "first")[0]);
    QVERIFY(cases[1] == more[0]);
    QVERIFY(cases[2] == more[1]);
    QCOMPARE(datasets.cases(first.id).size(), std::size_t(1));
}

QTEST_APPLESS_MAIN(TestDatasetStore)
#include "test_dataset_store.moc"
