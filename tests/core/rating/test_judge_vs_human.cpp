// Human against the LLM judge: where the rated answers were judged by an llm-rubric assertion,
// the report says how often the judge and the raters' majority agree.
#include "rating/rating_report.h"
#include "rating/rating_sessions.h"
#include "store/project.h"
#include "store/rating_store.h"
#include "store/run_store.h"

#include "../store/store_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ps;
using nlohmann::json;

class TestJudgeVsHuman : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_path;
    std::string m_run;

    // An evaluation of six cases on targets a and b, each answer judged by an llm-rubric
    // assertion: the judge scores a higher on cases 0-3 and b higher on 4-5.
    void makeRun()
    {
        store::Project project = store::Project::open(m_path);
        const auto saved = project.saveVersion(test::saveRequest("triage", test::sampleContent(1)));
        store::RunStore runs(project);
        const model::RunRecord run = runs.startRun("eval", saved.version, {"a", "b"}, 12);
        m_run = run.id;
        for (int caseIndex = 0; caseIndex < 6; ++caseIndex)
            for (const std::string target : {"a", "b"}) {
                store::ResponseRecord response;
                response.targetId = target;
                response.model = target == "a" ? "model-alpha" : "model-beta";
                response.caseIndex = caseIndex;
                response.repeatIndex = 0;
                response.text = "label " + std::to_string(caseIndex) + target;
                const bool aBetter = caseIndex < 4;
                const double score = (target == "a") == aBetter ? 0.9 : 0.2;
                response.pass = score > 0.5;
                response.score = score;
                response.assertions = json::array({{{"type", "llm-rubric"}, {"pass", score > 0.5},
                    {"score", score}, {"weight", 1}, {"reason", "judged"}}});
                runs.addResponse(run.id, response);
            }
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = m_dir->filePath(QStringLiteral("p.promptsmith")).toStdString();
        store::Project::create(m_path);
        makeRun();
    }

    void cleanup() { m_dir.reset(); }

    void pairwiseMajorityAgainstTheJudge()
    {
        store::Project project = store::Project::open(m_path);
        rating::RatingSessionRequest request;
        request.runIds = {m_run};
        const auto created = rating::createRatingSession(project, request);
        QCOMPARE(created.items, 6);
        const auto items = store::RatingStore(project).items(created.session.id);
        // Two raters prefer a on cases 0-4; the judge preferred b on case 4: 5 of 6 agree.
        for (const model::RatingItemRecord &item : items) {
            const bool aShownFirst = item.columns.front() == "a";
            const bool preferA = item.caseIndex <= 4;
            for (const std::string rater : {"ana", "ben"})
                rating::addRating(project, created.session.id,
                    {item.id, rater, preferA == aShownFirst ? "1" : "2", json::array(), "", ""});
        }
        const rating::RatingReport report = rating::buildRatingReport(project, created.session.id);
        QVERIFY(report.judgeVsHuman);
        QCOMPARE(report.judgeVsHuman->judge, std::string("llm-rubric"));
        QCOMPARE(report.judgeVsHuman->items, 6);
        QCOMPARE(report.judgeVsHuman->agreement, 5.0 / 6.0);
        QVERIFY(report.judgeVsHuman->cohenKappa);
        const json shown = rating::toJson(report)["agreement"]["judge_vs_human"];
        QCOMPARE(shown["items"].get<int>(), 6);
        QVERIFY(rating::reportText(report).find("judge agrees with the raters' majority on 83.3% of 6 items")
            != std::string::npos);
    }

    void rubricPassAgainstTheJudge()
    {
        store::Project project = store::Project::open(m_path);
        rating::RatingSessionRequest request;
        request.runIds = {m_run};
        request.mode = "rubric";
        request.scale = "pass-fail";
        request.columns = {"a"};
        const auto created = rating::createRatingSession(project, request);
        QCOMPARE(created.items, 6);
        // The judge passed a on cases 0-3 and failed it on 4-5; the rater passes 0-2 and 4.
        for (const model::RatingItemRecord &item : store::RatingStore(project).items(created.session.id)) {
            const bool pass = item.caseIndex <= 2 || item.caseIndex == 4;
            rating::addRating(project, created.session.id,
                {item.id, "ana", "", json::array({pass ? "pass" : "fail"}), "", ""});
        }
        const rating::RatingReport report = rating::buildRatingReport(project, created.session.id);
        QVERIFY(report.judgeVsHuman);
        QCOMPARE(report.judgeVsHuman->items, 6);
        QCOMPARE(report.judgeVsHuman->agreement, 4.0 / 6.0); // cases 3 and 4 differ
        // Cohen's kappa by hand: both say pass 4 of 6 times; p_o = 4/6, p_e = (4·4 + 2·2)/36.
        QVERIFY(std::abs(*report.judgeVsHuman->cohenKappa - (4.0 / 6 - 20.0 / 36) / (1 - 20.0 / 36)) < 1e-12);
    }

    void noJudgeNoComparison()
    {
        store::Project project = store::Project::open(m_path);
        rating::RatingSessionRequest request;
        request.runIds = {m_run};
        request.mode = "rubric";
        request.scale = "poor,ok,good"; // labels: no good or bad to compare with a pass
        request.columns = {"b"};
        const auto created = rating::createRatingSession(project, request);
        const auto items = store::RatingStore(project).items(created.session.id);
        rating::addRating(project, created.session.id, {items[0].id, "ana", "", json::array({"ok"}), "", ""});
        const rating::RatingReport report = rating::buildRatingReport(project, created.session.id);
        QVERIFY(!report.judgeVsHuman);
        QVERIFY(rating::toJson(report)["agreement"]["judge_vs_human"].is_null());
    }
};

QTEST_APPLESS_MAIN(TestJudgeVsHuman)
#include "test_judge_vs_human.moc"
