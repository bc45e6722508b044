// The eval report a PM and CI read: per-target figures worked out by hand, repeats (identical
// answers, pass^k), gates and the exit code, and the JSON, CSV, Markdown and HTML shapes.
#include "run/eval_report.h"
#include "store/run_store.h"

#include <QString>
#include <QStringList>
#include <QTest>

#include <cmath>

using namespace ps;
using nlohmann::json;

namespace {

#define COMPARE_NEAR(actual, expected, tolerance)                                                  \
    QVERIFY2(std::abs((actual) - (expected)) < (tolerance),                                        \
        qPrintable(QStringLiteral("%1 != %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)))

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

model::RunRecord evalRun(std::vector<std::string> targets, json options = json::object())
{
    model::RunRecord run;
    run.id = "0abc123defghi";
    run.kind = "eval";
    run.version = "triage@3";
    run.targets = std::move(targets);
    run.status = model::RunStatus::Complete;
    run.options = std::move(options);
    return run;
}

store::ResponseRecord cell(const std::string &target, int caseIndex, int repeat, bool pass,
    double score, double totalMs, std::optional<double> ttftMs = std::nullopt,
    const std::string &text = "billing")
{
    store::ResponseRecord response;
    response.targetId = target;
    response.model = "m-" + target;
    response.caseIndex = caseIndex;
    response.repeatIndex = repeat;
    response.pass = pass;
    response.score = score;
    response.totalMs = totalMs;
    response.ttftMs = ttftMs;
    response.text = text;
    response.inputTokens = 10;
    response.outputTokens = 2;
    response.costUsd = 0.001;
    response.assertions
        = json::array({{{"type", "icontains"}, {"pass", pass}, {"score", pass ? 1.0 : 0.0},
            {"weight", 1.0}, {"reason", pass ? "" : "'billing' not found"}}});
    return response;
}

store::ResponseRecord errored(const std::string &target, int caseIndex, int repeat)
{
    store::ResponseRecord response = cell(target, caseIndex, repeat, false, 0.0, 5000);
    response.text.clear();
    response.assertions = json::array();
    response.inputTokens.reset();
    response.outputTokens.reset();
    response.costUsd.reset();
    response.error = store::ResponseError {"rate_limit", "429 Too Many Requests", 429};
    return response;
}

// T: 3 of 4 pass; U: one pass and one request that failed.
std::vector<store::ResponseRecord> twoTargets()
{
    return {cell("T", 0, 0, true, 1.0, 100, 10), cell("U", 0, 0, true, 1.0, 700, 70),
        cell("T", 1, 0, true, 1.0, 200, 20), errored("U", 1, 0),
        cell("T", 2, 0, true, 1.0, 300, 30), cell("T", 3, 0, false, 0.5, 400, 40)};
}

// The sorted keys, comma-separated: an object's shape to compare with the contract.
QString keysOf(const json &object)
{
    QStringList keys;
    for (const auto &[key, value] : object.items())
        keys << qs(key);
    keys.sort();
    return keys.join(u',');
}

} // namespace

class TestEvalReport : public QObject
{
    Q_OBJECT

private slots:
    void summaryFiguresMatchHandWorkedValues()
    {
        const run::EvalReport report = run::buildEvalReport(evalRun({"T", "U"}), twoTargets(), {});
        const eval::TargetSummary &t = report.summary.at("T");
        QCOMPARE(t.n, 4);
        QCOMPARE(t.passed, 3);
        QCOMPARE(t.passRate, 0.75);
        // Wilson, 3 of 4: centre (0.75 + z²/8) / (1 + z²/4) = 0.62753, half-width 0.32689.
        COMPARE_NEAR(t.passRateCi95.low, 0.30064, 1e-5);
        COMPARE_NEAR(t.passRateCi95.high, 0.95441, 1e-5);
        QCOMPARE(t.meanScore, 0.875); // (1 + 1 + 1 + 0.5) / 4
        // 100, 200, 300, 400 ms: p50 at rank 1.5 = 250; p95 at rank 2.85 = 300 + 0.85 × 100.
        QCOMPARE(*t.latencyMsP50, 250.0);
        COMPARE_NEAR(*t.latencyMsP95, 385.0, 1e-9);
        QCOMPARE(*t.ttftMsP50, 25.0);
        QCOMPARE(t.inputTokens, 40LL);
        QCOMPARE(t.outputTokens, 8LL);
        COMPARE_NEAR(t.costUsd.value(), 0.004, 1e-12);
        QCOMPARE(t.errors, 0);
        QVERIFY(!t.hallucinationRate);

        // An errored request counts as failed, and its 5 s is not a latency of the model.
        const eval::TargetSummary &u = report.summary.at("U");
        QCOMPARE(u.n, 2);
        QCOMPARE(u.passed, 1);
        QCOMPARE(u.errors, 1);
        QCOMPARE(u.meanScore, 0.5);
        QCOMPARE(*u.latencyMsP95, 700.0);
        COMPARE_NEAR(u.costUsd.value(), 0.001, 1e-12);
    }

    void cellsAreOrderedByCaseTargetAndRepeat()
    {
        const run::EvalReport report = run::buildEvalReport(evalRun({"U", "T"}), twoTargets(), {});
        QStringList order;
        for (const json &c : report.cells)
            order << QStringLiteral("%1%2").arg(c["case"].get<int>()).arg(qs(c["target"]));
        QCOMPARE(order.join(u' '), QStringLiteral("0U 0T 1U 1T 2T 3T"));
        QCOMPARE(report.targets, (std::vector<std::string> {"U", "T"}));
    }

    void responsesWithoutACaseAreNotCells()
    {
        std::vector<store::ResponseRecord> responses = twoTargets();
        store::ResponseRecord plain = cell("T", 0, 0, false, 0, 1);
        plain.caseIndex.reset();
        responses.push_back(plain);
        const run::EvalReport report = run::buildEvalReport(evalRun({"T", "U"}), responses, {});
        QCOMPARE(report.summary.at("T").n, 4);
        QCOMPARE(report.cells.size(), std::size_t(6));
    }

    void hallucinationRateIsTheShareOfJudgedCellsFoundUngrounded()
    {
        std::vector<store::ResponseRecord> responses
            = {cell("T", 0, 0, true, 1, 10), cell("T", 1, 0, false, 0, 10),
                cell("T", 2, 0, true, 1, 10), cell("T", 3, 0, true, 1, 10)};
        responses[0].assertions.push_back({{"type", "groundedness"}, {"pass", true}, {"score", 1}});
        responses[1].assertions.push_back(
            {{"type", "groundedness"}, {"pass", false}, {"score", 0}});
        responses[2].assertions.push_back({{"type", "groundedness"}, {"pass", true}, {"score", 1}});
        // Case 3 has no groundedness assertion: not judged, so not in the denominator.
        const run::EvalReport report = run::buildEvalReport(evalRun({"T"}), responses, {});
        COMPARE_NEAR(*report.summary.at("T").hallucinationRate, 1.0 / 3.0, 1e-12);
        QCOMPARE(toJson(report)["summary"]["T"]["hallucination_rate"].get<double>(),
            *report.summary.at("T").hallucinationRate);
    }

    void repeatsGiveIdenticalShareAndPassHatK()
    {
        // Case 0: pass, pass, same text. Case 1: pass, fail, texts differ. Case 2: pass, pass,
        // texts differ. pass^2 = (C(2,2)/C(2,2) + C(1,2)/C(2,2) + 1) / 3 = 2/3;
        // identical answers in 1 of 3 cases.
        const std::vector<store::ResponseRecord> responses
            = {cell("T", 0, 0, true, 1, 10, {}, "a"), cell("T", 0, 1, true, 1, 10, {}, "a"),
                cell("T", 1, 0, true, 1, 10, {}, "a"), cell("T", 1, 1, false, 0, 10, {}, "b"),
                cell("T", 2, 0, true, 1, 10, {}, "a"), cell("T", 2, 1, true, 1, 10, {}, "A")};
        const run::EvalReport report
            = run::buildEvalReport(evalRun({"T"}, {{"repeat", 2}}), responses, {});
        QCOMPARE(report.repeats, 2);
        COMPARE_NEAR(report.passHatK.at("T"), 2.0 / 3.0, 1e-12);
        COMPARE_NEAR(report.identicalShare.at("T"), 1.0 / 3.0, 1e-12);
        const json summary = toJson(report)["summary"]["T"];
        QVERIFY(summary.contains("pass_hat_k"));
        QVERIFY(summary.contains("identical_share"));

        // Without the option the repeat count is read from the cells.
        QCOMPARE(run::buildEvalReport(evalRun({"T"}), responses, {}).repeats, 2);
    }

    void passHatKSkipsCasesWhoseRepeatsAreNotAllAnswered()
    {
        // k = 3: case 0 has all three (2 pass → C(2,3) = 0), case 1 only two so far.
        const std::vector<store::ResponseRecord> responses = {cell("T", 0, 0, true, 1, 10),
            cell("T", 0, 1, true, 1, 10), cell("T", 0, 2, false, 0, 10),
            cell("T", 1, 0, true, 1, 10), cell("T", 1, 1, true, 1, 10)};
        const run::EvalReport report
            = run::buildEvalReport(evalRun({"T"}, {{"repeat", 3}}), responses, {});
        QCOMPARE(report.passHatK.at("T"), 0.0);
    }

    void singleAnswersHaveNoRepeatFigures()
    {
        const json summary
            = toJson(run::buildEvalReport(evalRun({"T", "U"}), twoTargets(), {}))["summary"]["T"];
        QVERIFY(!summary.contains("pass_hat_k"));
        QVERIFY(!summary.contains("identical_share"));
        QVERIFY(!summary.contains("hallucination_rate"));
    }

    void gatesAreCheckedPerTargetAndDecideTheExitCode()
    {
        const std::vector<eval::Gate> gates
            = {eval::parseGate("pass_rate>=0.7"), eval::parseGate("latency_ms_p95<=1000")};
        const run::EvalReport report
            = run::buildEvalReport(evalRun({"T", "U"}), twoTargets(), gates);
        QCOMPARE(report.gates.size(), std::size_t(4));
        // In the order written, each over the targets in the run's order.
        QCOMPARE(qs(report.gates[0].expression + " " + report.gates[0].column),
            QStringLiteral("pass_rate>=0.7 T"));
        QCOMPARE(qs(report.gates[1].expression + " " + report.gates[1].column),
            QStringLiteral("pass_rate>=0.7 U"));
        QVERIFY(report.gates[0].result.pass); // 0.75
        QVERIFY(!report.gates[1].result.pass); // 0.5
        QVERIFY(report.gates[2].result.pass);
        QVERIFY(report.gates[3].result.pass);
        QCOMPARE(run::exitCode(report), 1);

        const run::EvalReport lenient = run::buildEvalReport(
            evalRun({"T", "U"}), twoTargets(), {eval::parseGate("pass_rate>=0.5")});
        // Gates passed: failed cells no longer decide.
        QCOMPARE(run::exitCode(lenient), 0);
    }

    void withoutGatesAnyFailedCellExitsOne()
    {
        QCOMPARE(run::exitCode(run::buildEvalReport(evalRun({"T", "U"}), twoTargets(), {})), 1);
        const std::vector<store::ResponseRecord> allPass
            = {cell("T", 0, 0, true, 1, 10), cell("T", 1, 0, true, 1, 10)};
        QCOMPARE(run::exitCode(run::buildEvalReport(evalRun({"T"}), allPass, {})), 0);
    }

    void jsonHasTheShapeOfCliMd()
    {
        const json document = toJson(run::buildEvalReport(
            evalRun({"T", "U"}), twoTargets(), {eval::parseGate("pass_rate>=0.85")}));
        QCOMPARE(keysOf(document),
            QStringLiteral("bootstrap,cells,columns,comparisons,gates,human_ratings,run_id,specs,status,summary,"
                           "version,versions"));
        QVERIFY(document["specs"].empty()); // no specs given
        // The resampling is stated, so the intervals can be drawn again exactly.
        QCOMPARE(document["bootstrap"]["resamples"].get<int>(), 10000);
        QCOMPARE(document["bootstrap"]["seed"].get<int>(), 1);
        QCOMPARE(qs(document["run_id"]), QStringLiteral("0abc123defghi"));
        QCOMPARE(qs(document["version"]), QStringLiteral("triage@3"));
        QCOMPARE(qs(document["status"]), QStringLiteral("complete"));

        const json &gate = document["gates"][0];
        QCOMPARE(qs(gate["expr"]), QStringLiteral("pass_rate>=0.85"));
        QCOMPARE(qs(gate["target"]), QStringLiteral("T"));
        QCOMPARE(gate["pass"].get<bool>(), false);
        QCOMPARE(gate["actual"].get<double>(), 0.75);

        const json &t = document["summary"]["T"];
        QCOMPARE(keysOf(t),
            QStringLiteral(
                "cached,cost_usd,cost_usd_per_call,errors,input_tokens,latency_ms_p50,"
                "latency_ms_p95,latency_ms_p99,mean_score,mean_score_ci95,n,output_tokens,"
                "pass_rate,pass_rate_ci95,passed,ttft_ms_p50,ttft_ms_p95"));
        const double meanScore = t["mean_score"].get<double>();
        QVERIFY(t["mean_score_ci95"][0].get<double>() <= meanScore);
        QVERIFY(meanScore <= t["mean_score_ci95"][1].get<double>());
        QCOMPARE(t["n"].get<int>(), 4);
        QCOMPARE(t["passed"].get<int>(), 3);
        QCOMPARE(t["pass_rate_ci95"].size(), std::size_t(2));
        COMPARE_NEAR(t["pass_rate_ci95"][0].get<double>(), 0.30064, 1e-5);
        QCOMPARE(t["latency_ms_p50"].get<double>(), 250.0);
        QCOMPARE(document["summary"]["U"]["errors"].get<int>(), 1);

        const json &first = document["cells"][0];
        QCOMPARE(keysOf(first),
            QStringLiteral("assertions,cached,case,column,cost_usd,error,pass,repeat,score,target,text,"
                           "total_ms,ttft_ms"));
        QCOMPARE(first["case"].get<int>(), 0);
        QCOMPARE(first["repeat"].get<int>(), 0);
        QCOMPARE(qs(first["text"]), QStringLiteral("billing"));
        QVERIFY(first["error"].is_null());
        QCOMPARE(first["ttft_ms"].get<double>(), 10.0);
        QCOMPARE(qs(first["assertions"][0]["type"]), QStringLiteral("icontains"));
        QCOMPARE(keysOf(first["assertions"][0]), QStringLiteral("pass,score,type"));

        // The errored cell: failed, score 0, its error listed as run --json lists it.
        const json &failed = document["cells"][3];
        QCOMPARE(qs(failed["target"]), QStringLiteral("U"));
        QCOMPARE(failed["pass"].get<bool>(), false);
        QCOMPARE(failed["score"].get<double>(), 0.0);
        QCOMPARE(qs(failed["error"]["category"]), QStringLiteral("rate_limit"));
        QCOMPARE(failed["error"]["status"].get<int>(), 429);
        QVERIFY(failed["cost_usd"].is_null());
    }

    void csvQuotesAsRfc4180()
    {
        std::vector<store::ResponseRecord> responses
            = {cell("T", 0, 0, true, 1, 12.5, {}, "say \"hi\", then\nbye"),
                cell("T", 1, 0, true, 1, 10, {}, "plain")};
        const std::string csv = run::toCsv(run::buildEvalReport(evalRun({"T"}), responses, {}));
        const QString text = qs(csv);
        QVERIFY(text.startsWith(QStringLiteral(
            "case,target,column,repeat,pass,score,text,assertions,ttft_ms,total_ms,cost_usd,cached,"
            "error\r\n")));
        QVERIFY2(text.contains(QStringLiteral(
                     "0,T,T,0,true,1.0,\"say \"\"hi\"\", then\nbye\",icontains: pass,,12.5,0.001,"
                     "false,\r\n")),
            qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("\r\n1,T,T,0,true,1.0,plain,icontains: pass,")));
        QVERIFY(text.endsWith(QStringLiteral("\r\n")));
        QCOMPARE(text.count(QStringLiteral("\r\n")), 3); // header and two rows
    }

    // Hardening: model text must not run as a spreadsheet formula when the CSV is opened.
    void csvNeutralisesFormulas()
    {
        std::vector<store::ResponseRecord> responses = {
            cell("T", 0, 0, true, 1, 12.5, {}, "=HYPERLINK(\"http://x\",\"y\")"),
            cell("T", 1, 0, true, 1, 10, {}, "@SUM(A1)"), cell("T", 2, 0, true, 1, 10, {}, "+1+1"),
            cell("T", 3, 0, true, 1, 10, {}, "-2"), cell("T", 4, 0, true, 1, 10, {}, "\t=1")};
        const QString text = qs(run::toCsv(run::buildEvalReport(evalRun({"T"}), responses, {})));
        QVERIFY2(text.contains(QStringLiteral(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",")),
            qPrintable(text));
        QVERIFY(text.contains(QStringLiteral(",'@SUM(A1),")));
        QVERIFY(text.contains(QStringLiteral(",'+1+1,")));
        QVERIFY(text.contains(QStringLiteral(",-2,"))); // a number stays a number
        QVERIFY(text.contains(QStringLiteral(",'\t=1,")));
    }

    void markdownShowsSummaryGatesAndFailedCells()
    {
        std::vector<store::ResponseRecord> responses = twoTargets();
        responses[5].text = "a | b";
        const std::string md = run::toMarkdown(run::buildEvalReport(
            evalRun({"T", "U"}), responses, {eval::parseGate("pass_rate>=0.7")}));
        const QString text = qs(md);
        QVERIFY2(text.contains(QStringLiteral("| T | 4 | 3 | 75.0% | 30.1% – 95.4% | 0.875 | 250 "
                                              "| 385 | 25 | 40 | 8 | $0.004 | 0 |")),
            qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("- pass pass_rate>=0.7 on T (actual 0.75)")));
        QVERIFY(text.contains(QStringLiteral("- FAIL pass_rate>=0.7 on U (actual 0.5)")));
        QVERIFY(text.contains(QStringLiteral("## Failed cells (2)")));
        QVERIFY(text.contains(QStringLiteral("| 1 | U | 0 | rate_limit: 429 Too Many Requests |")));
        QVERIFY(text.contains(QStringLiteral("icontains: fail (0.00) | a \\| b |")));
    }

    void htmlIsSelfContainedAndEscaped()
    {
        std::vector<store::ResponseRecord> responses
            = {cell("T", 0, 0, true, 1, 10, {}, "<script>alert(1)</script> & more")};
        const QString html = qs(run::toHtml(run::buildEvalReport(evalRun({"T"}), responses, {})));
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")));
        // Nothing fetched: the only address is the SVG namespace each inline chart names.
        QCOMPARE(html.count(QStringLiteral("http")),
            html.count(QStringLiteral("xmlns=\"http://www.w3.org/2000/svg\"")));
        QVERIFY(html.contains(QStringLiteral("<td>T</td><td class=\"num\">1</td>")));
    }
};

QTEST_APPLESS_MAIN(TestEvalReport)
#include "test_eval_report.moc"
