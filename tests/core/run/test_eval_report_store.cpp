// The eval report and compare read back from a project file, and the read-only SQL views a PM
// queries with the sqlite3 shell (docs/sql-views.md).
#include "eval/bleu.h"
#include "eval/chrf.h"
#include "model/version_content.h"
#include "run/eval_report.h"
#include "run/run_compare.h"
#include "store/database.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/project_file.h"
#include "store/run_store.h"
#include "store/store_error.h"

#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <cmath>
#include <optional>

using namespace ps;
using nlohmann::json;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// Rows of a query through the sqlite3 library, as the sqlite3 shell would see them: the
// columns of each row joined with '|' (NULL as empty), rows joined with '\n'.
std::string query(const std::string &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *statement = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        out = std::string("error: ") + sqlite3_errmsg(db);
    } else {
        while (sqlite3_step(statement) == SQLITE_ROW) {
            if (!out.empty())
                out += '\n';
            for (int i = 0; i < sqlite3_column_count(statement); ++i) {
                const auto *text = sqlite3_column_text(statement, i);
                out += (i ? "|" : "")
                    + std::string(text ? reinterpret_cast<const char *>(text) : "");
            }
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
}

int exec(const std::string &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open(path.c_str(), &db);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
}

model::VersionRecord saveVersion(store::Project &project, const std::string &system)
{
    if (!project.findPrompt("triage"))
        project.addPrompt("triage");
    model::VersionContent content;
    content.messages.push_back({"system", system, {}, json::array(), {}});
    content.messages.push_back({"user", "{{ticket}}", {}, json::array(), {}});
    store::SaveRequest request;
    request.promptName = "triage";
    request.content = content;
    request.message = "edit";
    request.author = "tester";
    return project.saveVersion(request).version;
}

std::int64_t importDataset(store::Project &project, int cases)
{
    std::vector<eval::DatasetCase> list(static_cast<std::size_t>(cases));
    for (int i = 0; i < cases; ++i)
        list[static_cast<std::size_t>(i)].vars = {{"ticket", "ticket " + std::to_string(i)}};
    return store::DatasetStore(project).importCases("tickets", "tickets.jsonl", list).id;
}

store::ResponseRecord cell(
    const std::string &target, int caseIndex, bool pass, const std::string &text = "billing")
{
    store::ResponseRecord response;
    response.targetId = target;
    response.model = "model-" + target;
    response.text = text;
    response.caseIndex = caseIndex;
    response.repeatIndex = 0;
    response.pass = pass;
    response.score = pass ? 1.0 : 0.25;
    response.totalMs = 100.0 * (caseIndex + 1);
    response.ttftMs = 10.0;
    response.inputTokens = 12;
    response.outputTokens = 3;
    response.costUsd = 0.002;
    response.assertions
        = json::array({{{"type", "icontains"}, {"pass", pass}, {"score", pass ? 1.0 : 0.25}}});
    return response;
}

// An eval run of `version` over dataset `datasetId` with one cell per verdict of `verdicts`.
std::string storeRun(store::Project &project, const model::VersionRecord &version,
    std::int64_t datasetId, const std::string &target, const std::string &verdicts,
    bool finish = true)
{
    store::RunStore runs(project);
    const model::RunRecord run = runs.startRun("eval", version, {target}, int(verdicts.size()),
        datasetId, {{"repeat", 1}, {"concurrency", 4}});
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        store::ResponseRecord response = cell(target, int(i), verdicts[i] == '1');
        if (verdicts[i] == 'e') {
            response.text.clear();
            response.error = store::ResponseError {"server", "502 Bad Gateway", 502};
        }
        runs.addResponse(run.id, response);
    }
    if (finish)
        runs.finishRun(run.id, model::RunStatus::Complete);
    return run.id;
}

} // namespace

class TestEvalReportStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_path;

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir
                     .filePath(QStringLiteral("p%1.promptsmith")
                                   .arg(QString::fromUtf8(QTest::currentTestFunction())))
                     .toStdString();
    }

    void reportReadsTheRunBackFromTheProject()
    {
        store::Project project = store::Project::create(m_path);
        const model::VersionRecord version = saveVersion(project, "You label tickets.");
        const std::string runId
            = storeRun(project, version, importDataset(project, 4), "T", "110e");
        const run::EvalReport report
            = run::buildEvalReport(project, runId, {eval::parseGate("pass_rate>=0.5")});
        QCOMPARE(qs(report.version), QStringLiteral("triage@1"));
        QCOMPARE(qs(report.status), QStringLiteral("complete"));
        const eval::TargetSummary &t = report.summary.at("T");
        QCOMPARE(t.n, 4);
        QCOMPARE(t.passed, 2);
        QCOMPARE(t.errors, 1);
        QCOMPARE(t.meanScore, (1 + 1 + 0.25 + 0) / 4.0);
        QCOMPARE(*t.latencyMsP50, 200.0); // 100, 200, 300 ms; the errored 400 is left out
        QCOMPARE(report.gates.size(), std::size_t(1));
        QVERIFY(report.gates[0].result.pass);
        QCOMPARE(run::exitCode(report), 0);
        QCOMPARE(report.cells.size(), std::size_t(4));
        QCOMPARE(qs(report.cells[3]["error"]["category"]), QStringLiteral("server"));
    }

    void unknownRunIsNotFound()
    {
        store::Project project = store::Project::create(m_path);
        try {
            run::buildEvalReport(project, "nosuchrun", {});
            QFAIL("no error");
        } catch (const store::StoreError &error) {
            QCOMPARE(error.kind(), store::StoreError::Kind::NotFound);
            QVERIFY(qs(error.what()).contains(QStringLiteral("nosuchrun")));
        }
    }

    void compareReadsBothRuns()
    {
        store::Project project = store::Project::create(m_path);
        const std::int64_t dataset = importDataset(project, 8);
        const std::string a
            = storeRun(project, saveVersion(project, "v1"), dataset, "T", "11000000");
        const std::string b
            = storeRun(project, saveVersion(project, "v2"), dataset, "T", "11111111");
        const run::RunComparison comparison = run::compareRuns(project, a, b);
        QCOMPARE(qs(comparison.versionA), QStringLiteral("triage@1"));
        QCOMPARE(qs(comparison.versionB), QStringLiteral("triage@2"));
        QCOMPARE(comparison.targets.size(), std::size_t(1));
        QCOMPARE(comparison.targets[0].counts.onlyB, 6);
        QVERIFY(comparison.targets[0].significant);
    }

    void compareRefusesRunsOverDifferentDatasetRevisions()
    {
        store::Project project = store::Project::create(m_path);
        const model::VersionRecord version = saveVersion(project, "v1");
        const std::string a = storeRun(project, version, importDataset(project, 2), "T", "11");
        const std::string b = storeRun(project, version, importDataset(project, 2), "T", "10");
        try {
            run::compareRuns(project, a, b);
            QFAIL("no error");
        } catch (const store::StoreError &error) {
            QCOMPARE(error.kind(), store::StoreError::Kind::BadInput);
            const QString message = qs(error.what());
            QVERIFY2(message.contains(qs(a)) && message.contains(qs(b)), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("tickets revision 1"))
                    && message.contains(QStringLiteral("tickets revision 2")),
                qPrintable(message));
        }
    }

    void sqlViewsListRunsCellsAndPerTargetFigures()
    {
        std::string runId;
        {
            store::Project project = store::Project::create(m_path);
            runId = storeRun(
                project, saveVersion(project, "v1"), importDataset(project, 3), "T", "10e", false);
            // A `run` response is not a cell.
            store::RunStore runs(project);
            const model::RunRecord plain
                = runs.startRun("run", project.resolve("triage@1"), {"T"}, 1);
            store::ResponseRecord response = cell("T", 0, true);
            response.caseIndex.reset();
            response.repeatIndex.reset();
            response.pass.reset();
            response.score.reset();
            runs.addResponse(plain.id, response);
        }
        QCOMPARE(query(m_path,
                     "SELECT kind, version, status, done, total, dataset, dataset_revision "
                     "FROM runs WHERE id = '"
                         + runId + "'"),
            std::string("eval|triage@1|running|3|3|tickets|1"));
        QCOMPARE(query(m_path, "SELECT count(*) FROM runs"), std::string("2"));
        QCOMPARE(query(m_path,
                     "SELECT target, model, case_index, repeat_index, pass, score, text, "
                     "error_category, total_ms, cached, input_tokens, output_tokens FROM cells "
                     "ORDER BY case_index"),
            std::string("T|model-T|0|0|1|1.0|billing||100.0|0|12|3\n"
                        "T|model-T|1|0|0|0.25|billing||200.0|0|12|3\n"
                        "T|model-T|2|0|0|0||server|300.0|0|12|3"));
        QCOMPARE(query(m_path,
                     "SELECT target, n, passed, pass_rate, mean_score, errors FROM run_targets"),
            std::string("T|3|1|0.3333|0.4167|1"));
        // A script that marks a run as abandoned through the old table name still works.
        QCOMPARE(exec(m_path,
                     "UPDATE run_records SET owner_pid = 2147483646 WHERE id = '" + runId + "'"),
            SQLITE_OK);
        {
            const store::Project project = store::Project::open(m_path);
            QCOMPARE(store::RunStore(project).findRun(runId)->status, model::RunStatus::Incomplete);
        }
        QVERIFY(exec(m_path, "DELETE FROM cells") != SQLITE_OK);
        // Views, not tables: the shell cannot write through them.
        QVERIFY(qs(query(m_path, "SELECT type FROM sqlite_schema WHERE name = 'cells'"))
            == QStringLiteral("view"));
    }

    // A run whose cases expect labels reports classification per target, labels read from the
    // dataset: answers normalised ("Billing." is billing), a failed request a wrong answer of
    // its own column, and the intervals drawn with the seed asked for.
    void classificationFromTheDatasetLabels()
    {
        store::Project project = store::Project::create(m_path);
        const model::VersionRecord version = saveVersion(project, "Label it.");
        const std::vector<std::string> expected {"billing", "bug", "bug", "other", "billing"};
        std::vector<eval::DatasetCase> cases(expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            cases[i].vars = {{"ticket", "ticket " + std::to_string(i)}};
            cases[i].expected = expected[i];
            cases[i].assertions = json::array({{{"type", "classification"}}});
        }
        cases.push_back({}); // a case without a label stays out of the metrics
        cases.back().vars = {{"ticket", "free text"}};
        const std::int64_t dataset
            = store::DatasetStore(project).importCases("labelled", "labelled.jsonl", cases).id;
        store::RunStore runs(project);
        const model::RunRecord run
            = runs.startRun("eval", version, {"T"}, 6, dataset, {{"repeat", 1}});
        const std::vector<std::string> answers {"Billing.", "bug", "billing", "other", "", "x"};
        for (std::size_t i = 0; i < answers.size(); ++i) {
            store::ResponseRecord response = cell("T", int(i), false, answers[i]);
            if (i == 4)
                response.error = store::ResponseError {"timeout", "no answer", std::nullopt};
            runs.addResponse(run.id, response);
        }
        runs.finishRun(run.id, model::RunStatus::Complete);

        const run::EvalReport report = run::buildEvalReport(project, run.id, {}, {500, 3});
        QCOMPARE(report.classification.count("T"), std::size_t(1));
        const eval::ClassificationMetrics &m = report.classification.at("T");
        QCOMPARE(m.n, 5);
        QCOMPARE(m.labels, (std::vector<std::string> {"billing", "bug", "other"}));
        // Right: billing, bug, other (3 of 5); bug answered billing; billing got no answer.
        QCOMPARE(m.accuracy, 0.6);
        QCOMPARE(m.confusion.at("bug").at("billing"), 1);
        QCOMPARE(m.confusion.at("billing").at("(no answer)"), 1);
        QCOMPARE(m.perClass.at("billing").precision, 0.5);
        QCOMPARE(m.perClass.at("billing").recall, 0.5);
        QCOMPARE(m.perClass.at("bug").recall, 0.5);
        QCOMPARE(m.perClass.at("bug").precision, 1.0);
        QCOMPARE(m.perClass.at("other").f1, 1.0);

        const json document = run::toJson(report);
        const json &classification = document["summary"]["T"]["classification"];
        QCOMPARE(classification["accuracy"].get<double>(), 0.6);
        QCOMPARE(classification["confusion"]["bug"]["billing"].get<int>(), 1);
        QCOMPARE(classification["per_class"]["bug"]["support"].get<int>(), 2);
        QCOMPARE(classification["macro_f1_ci95"].size(), std::size_t(2));
        QCOMPARE(document["bootstrap"]["seed"].get<int>(), 3);
        QCOMPARE(document["bootstrap"]["resamples"].get<int>(), 500);
        // The Markdown says the same in tables: the unanswered case has a column of its own.
        const QString md = qs(run::toMarkdown(report));
        QVERIFY2(md.contains(QStringLiteral("## Classification: T")), qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("Accuracy 60.0% [")), qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("| Expected ↓ answered → | billing | bug | other | "
                                            "(no answer) |")),
            qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("| billing | 1 | 0 | 0 | 1 |")), qPrintable(md));
        QVERIFY2(md.contains(QStringLiteral("500 resamples, seed 3")), qPrintable(md));
        // The HTML is the document to attach: what ran on what, the charts inline, the failing
        // cases with their inputs and expected labels, and how each number was made; nothing
        // fetched, nothing run.
        const QString html = qs(run::toHtml(report));
        QVERIFY(html.contains(QStringLiteral("<h2>Classification: T</h2>")));
        QVERIFY2(html.contains(QStringLiteral("<h1>triage@1 on labelled</h1>")), qPrintable(html));
        QVERIFY(html.contains(QStringLiteral("dataset labelled revision 1")));
        QVERIFY(html.count(QStringLiteral("<svg ")) >= 3); // pass rate, latency, confusion
        QVERIFY(html.contains(QStringLiteral("<title>Confusion matrix")));
        QVERIFY(html.contains(QStringLiteral("<h2>Failing cases (")));
        QVERIFY(html.contains(QStringLiteral("ticket: ticket 1"))); // the case's input
        QVERIFY(html.contains(QStringLiteral("<h2>Methods</h2>")));
        QVERIFY(html.contains(QStringLiteral("500 resamples drawn with seed 3")));
        QVERIFY(!html.contains(QStringLiteral("<script")));
        QCOMPARE(html.count(QStringLiteral("http")),
            html.count(QStringLiteral("xmlns=\"http://www.w3.org/2000/svg\"")));
        // A run of cases without labels has no classification at all.
        const std::string plain = storeRun(project, version, importDataset(project, 3), "T", "101");
        QVERIFY(run::buildEvalReport(project, plain, {}).classification.empty());
        QVERIFY(!run::toJson(run::buildEvalReport(project, plain, {}))["summary"]["T"].contains(
            "classification"));
    }

    // report --traffic: the mean cost of the answers that reached the provider × calls a day ×
    // 730/24 days; a cached answer (it cost nothing) and an error stay out of the mean.
    void costProjectedToATraffic()
    {
        store::Project project = store::Project::create(m_path);
        const model::VersionRecord version = saveVersion(project, "Label it.");
        store::RunStore runs(project);
        const model::RunRecord run = runs.startRun(
            "eval", version, {"T"}, 4, importDataset(project, 4), {{"repeat", 1}});
        store::ResponseRecord cheap = cell("T", 0, true);
        cheap.costUsd = 0.001;
        store::ResponseRecord dear = cell("T", 1, true);
        dear.costUsd = 0.003;
        store::ResponseRecord cached = cell("T", 2, true);
        cached.cached = true;
        cached.costUsd = 0.0;
        store::ResponseRecord failed = cell("T", 3, false);
        failed.costUsd = std::nullopt;
        failed.error = store::ResponseError {"timeout", "no answer", std::nullopt};
        for (const store::ResponseRecord &response : {cheap, dear, cached, failed})
            runs.addResponse(run.id, response);
        runs.finishRun(run.id, model::RunStatus::Complete);

        const run::EvalReport report = run::buildEvalReport(project, run.id, {}, {1000, 1}, 40000);
        QCOMPARE(report.projections.count("T"), std::size_t(1));
        const run::CostProjection &projection = report.projections.at("T");
        // 0.002 × 40,000 × 30.41666… = 2,433.33…
        QVERIFY(std::abs(projection.usdPerMonth - 0.002 * 40000 * 730 / 24) < 1e-9);
        QVERIFY(projection.usdPerMonthCi95);
        QVERIFY(projection.usdPerMonthCi95->low >= 0.001 * 40000 * 730 / 24 - 1e-9);
        QVERIFY(projection.usdPerMonthCi95->high <= 0.003 * 40000 * 730 / 24 + 1e-9);
        const json item = run::toJson(report)["summary"]["T"]["projection"];
        QCOMPARE(item["calls_per_day"].get<double>(), 40000.0);
        QCOMPARE(item["usd_per_month_ci95"].size(), std::size_t(2));
        QVERIFY(qs(run::toMarkdown(report)).contains(QStringLiteral("## Cost at 40000 calls a day")));
        // Without a traffic, no projection.
        QVERIFY(run::buildEvalReport(project, run.id, {}).projections.empty());
    }

    // Cases scored against a reference text give the run's corpus BLEU and chrF: the answers
    // against the references (an errored answer as empty), as eval::corpusBleu and corpusChrf
    // compute them.
    void corpusScoresOverTheReferences()
    {
        store::Project project = store::Project::create(m_path);
        const model::VersionRecord version = saveVersion(project, "Summarise it.");
        const std::vector<std::string> references {
            "The dog bit the man.", "It was not unexpected.", "The man bit him first."};
        std::vector<eval::DatasetCase> cases(references.size());
        for (std::size_t i = 0; i < references.size(); ++i) {
            cases[i].vars = {{"ticket", "case " + std::to_string(i)}};
            cases[i].expected = references[i];
            cases[i].assertions = json::array({{{"type", "bleu"}, {"threshold", 0.1}}});
        }
        const std::int64_t dataset
            = store::DatasetStore(project).importCases("summaries", "s.jsonl", cases).id;
        store::RunStore runs(project);
        const model::RunRecord run
            = runs.startRun("eval", version, {"T"}, 3, dataset, {{"repeat", 1}});
        const std::vector<std::string> answers {
            "The dog bit the man.", "It wasn't surprising.", "ignored"};
        for (std::size_t i = 0; i < answers.size(); ++i) {
            store::ResponseRecord response = cell("T", int(i), true, answers[i]);
            if (i == 2)
                response.error = store::ResponseError {"timeout", "no answer", std::nullopt};
            runs.addResponse(run.id, response);
        }
        runs.finishRun(run.id, model::RunStatus::Complete);

        const run::EvalReport report = run::buildEvalReport(project, run.id, {});
        QCOMPARE(report.corpus.count("T"), std::size_t(1));
        const std::vector<std::vector<std::string>> streams {
            {references[0]}, {references[1]}, {references[2]}};
        const std::vector<std::string> hypotheses {answers[0], answers[1], ""};
        QCOMPARE(report.corpus.at("T").first, eval::corpusBleu(hypotheses, streams).score * 100);
        QCOMPARE(report.corpus.at("T").second, eval::corpusChrf(hypotheses, streams));
        QVERIFY(report.corpus.at("T").first > 0 && report.corpus.at("T").first < 100);
        const json corpus = run::toJson(report)["summary"]["T"]["corpus"];
        QCOMPARE(corpus["bleu"].get<double>(), report.corpus.at("T").first);
        QVERIFY(qs(run::toMarkdown(report)).contains(QStringLiteral("T: corpus BLEU ")));
    }

    void aFileFromBeforeTheViewsKeepsItsRuns()
    {
        // Schema 8: runs was the table. Migrating renames it; the responses still refer to it.
        {
            store::createProjectFile(m_path, 8);
        }
        QCOMPARE(exec(m_path,
                     "INSERT INTO prompts (id, name, created) VALUES (1, 'triage', 'now');"
                     "INSERT INTO versions (id, prompt_id, number, hash, author, created, "
                     "message, content) VALUES (1, 1, 1, 'ab', 'me', 'now', '', '{}');"
                     "INSERT INTO runs (id, kind, version_id, version_ref, targets, status, "
                     "total, started, owner_pid) VALUES ('old1', 'eval', 1, 'triage@1', '[\"T\"]', "
                     "'complete', 1, '2026-01-01T00:00:00Z', 1);"
                     "INSERT INTO responses (run_id, target_id, model, rendered_request, text, "
                     "total_ms, attempts, created, case_index, repeat_index, pass, score) VALUES "
                     "('old1', 'T', 'm', '{}', 'billing', 5, 1, 'now', 0, 0, 1, 1.0);"),
            SQLITE_OK);
        const store::Project project = store::Project::open(m_path);
        QCOMPARE(project.info().schemaVersion, store::latestSchemaVersion());
        const run::EvalReport report = run::buildEvalReport(project, "old1", {});
        QCOMPARE(report.summary.at("T").passed, 1);
        QCOMPARE(query(m_path,
                     "SELECT \"table\" FROM pragma_foreign_key_list('responses') "
                     "WHERE \"from\" = 'run_id'"),
            std::string("run_records"));
        // A response from before versions per response is its run's version.
        QCOMPARE(query(m_path, "SELECT version FROM cells"), std::string("triage@1"));
        QCOMPARE(
            query(m_path, "SELECT id, status, done FROM runs"), std::string("old1|complete|1"));
        QCOMPARE(query(m_path, "SELECT count(*) FROM cells"), std::string("1"));
    }
};

QTEST_APPLESS_MAIN(TestEvalReportStore)
#include "test_eval_report_store.moc"
