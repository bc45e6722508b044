// `rate` beyond one session's ratings: guidelines versioned like prompts, examples of each score
// taken from answers the raters agreed on, sessions over window runs, and the evaluation
// report carrying the human results — end to end on the demo project with echo targets.

#include "cli_test_helpers.h"

#include "store/project.h"
#include "store/rating_store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using ps::test::jsonOut;
using nlohmann::json;

class TestCliRateGuidelines : public QObject
{
    Q_OBJECT

    test::EvaluatedDemo m_demo;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_run;

    CliResult rate(QStringList args) const
    {
        return test::runCli(QStringList {QStringLiteral("--project"), m_project} + args);
    }

    QString said(QStringList args) const { return QString::fromUtf8(rate(args).out); }

    json rateJson(QStringList args) const
    {
        const CliResult result = rate(QStringList {QStringLiteral("--json")} + args);
        if (result.exitCode != 0)
            qWarning("%s", describe(result).constData());
        return result.exitCode == 0 ? jsonOut(result) : json();
    }

    QString file(const QString &name, const QByteArray &text) const
    {
        const QString path = m_dir->filePath(name);
        return test::writeFile(path, text) ? path : QString();
    }

    std::vector<model::RatingItemRecord> itemsOf(const QString &session) const
    {
        const store::Project project = store::Project::open(m_project.toStdString());
        return store::RatingStore(project).items(session.toStdString());
    }

    // The answer text of an item's first response, as the run stored it.
    std::string ratedText(const model::RatingItemRecord &item) const
    {
        const json shown = rateJson(argList({"rate", "items", QString::fromStdString(m_session)}));
        for (const json &blind : shown["items"])
            if (blind["item"] == item.id)
                return blind["responses"][0].get<std::string>();
        return {};
    }

    std::string m_session;

private slots:
    // The demo evaluated once; each case takes a copy (starting the ASan CLI is what makes
    // these suites slow under the sanitizers).
    void initTestCase() { QVERIFY(m_demo.prepare(argList({"ticket-triage@2", "ticket-triage@3"}))); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_project = m_demo.copyInto(m_dir->path());
        m_run = m_demo.run();
    }

    void cleanup() { m_dir.reset(); }

    void guidelinesAreVersionedLikePrompts()
    {
        const QString first = file(QStringLiteral("g1.md"), "# Helpful?\n\nPrefer the right label.\n");
        const QString second = file(QStringLiteral("g2.md"), "# Helpful?\n\nPrefer the right label, then brevity.\n");
        QCOMPARE(said(argList({"rate", "guideline", "set", "helpfulness", first})), QStringLiteral("helpfulness@1\n"));
        // The same text again is the same version; a new text the next one.
        QCOMPARE(said(argList({"rate", "guideline", "set", "helpfulness", first})), QStringLiteral("helpfulness@1\n"));
        QCOMPARE(said(argList({"rate", "guideline", "set", "helpfulness", second})), QStringLiteral("helpfulness@2\n"));
        QCOMPARE(said(argList({"rate", "guideline", "show", "helpfulness@1"})),
            QStringLiteral("# Helpful?\n\nPrefer the right label.\n"));
        QVERIFY(said(argList({"rate", "guideline", "show", "helpfulness"})).contains(QStringLiteral("then brevity")));
        const json listed = rateJson(argList({"rate", "guideline", "list"}));
        QCOMPARE(listed["guidelines"].size(), std::size_t(1));
        QCOMPARE(listed["guidelines"][0]["version"].get<int>(), 2);
        QCOMPARE(listed["guidelines"][0]["versions"].get<int>(), 2);

        // A session shows the version it names, and its report says which.
        const json made = rateJson(argList({"rate", "create", m_run, "--guideline", "helpfulness@1"}));
        QCOMPARE(made["guideline"].get<std::string>(), std::string("helpfulness@1"));
        const json report = rateJson(argList({"rate", "report", QString::fromStdString(made["session"].get<std::string>())}));
        QCOMPARE(report["guideline_ref"].get<std::string>(), std::string("helpfulness@1"));
        QCOMPARE(report["guideline"].get<std::string>(), std::string("# Helpful?\n\nPrefer the right label.\n"));
        // A file given to `rate create` is stored as the next version of its name.
        const QString edited = file(QStringLiteral("helpfulness.md"), "# Helpful?\n\nA third text.\n");
        QCOMPARE(rateJson(argList({"rate", "create", m_run, "--guideline", edited}))["guideline"].get<std::string>(),
            std::string("helpfulness@3"));
        const CliResult unknown = rate(argList({"rate", "create", m_run, "--guideline", "tone@4"}));
        QVERIFY(unknown.exitCode != 0);
        QVERIFY2(unknown.err.contains("there is no guideline 'tone@4'"), describe(unknown));
    }

    void examplesOfEachScoreComeFromAgreedAnswers()
    {
        const QString guideline = file(QStringLiteral("labels.md"), "# Is the label right?\n\n5 is right, 1 is wrong.\n");
        const json made = rateJson(argList({"rate", "create", m_run, "--mode", "rubric", "--column",
            "ticket-triage@3|echo", "--guideline", guideline}));
        m_session = made["session"].get<std::string>();
        const QString session = QString::fromStdString(m_session);
        const auto items = itemsOf(session);
        QCOMPARE(items.size(), std::size_t(12));
        // Both raters give item 0 a 5 and item 1 a 2; they disagree on item 2.
        const auto score = [&](std::size_t item, const char *rater, const char *value, const char *note = "") {
            const CliResult rated = rate(argList({"rate", "add", session, QString::fromStdString(items[item].id),
                "--rater", rater, "--score", value, "--note", note}));
            QVERIFY2(rated.exitCode == 0, describe(rated));
        };
        score(0, "ana", "5", "exactly right");
        score(0, "ben", "5");
        score(1, "ana", "2");
        score(1, "ben", "2");
        score(2, "ana", "4");
        score(2, "ben", "1");
        const json report = rateJson(argList({"rate", "report", session}));
        QCOMPARE(report["examples"].size(), std::size_t(2));
        QCOMPARE(report["examples"][0]["label"].get<std::string>(), std::string("2")); // the scale's order
        QCOMPARE(report["examples"][0]["item"].get<std::string>(), items[1].id);
        QCOMPARE(report["examples"][1]["label"].get<std::string>(), std::string("5"));
        QCOMPARE(report["examples"][1]["item"].get<std::string>(), items[0].id);
        QCOMPARE(report["examples"][1]["raters"].get<int>(), 2);
        QVERIFY(report["examples"][1]["notes"] == json::array({"exactly right"}));
        const std::string five = ratedText(items[0]);
        QVERIFY(!five.empty());
        QCOMPARE(report["examples"][1]["responses"][0].get<std::string>(), five);

        // The guideline's next version holds them; asking again replaces the section.
        QCOMPARE(said(argList({"rate", "guideline", "examples", session})), QStringLiteral("labels@2\n"));
        score(3, "ana", "1");
        QCOMPARE(said(argList({"rate", "guideline", "examples", session})), QStringLiteral("labels@3\n"));
        const QString text = said(argList({"rate", "guideline", "show", "labels"}));
        QVERIFY(text.startsWith(QStringLiteral("# Is the label right?\n\n5 is right, 1 is wrong.\n\n## Examples from rated answers")));
        QCOMPARE(text.count(QStringLiteral("## Examples from rated answers")), 1);
        for (const char *heading : {"### 1\n", "### 2\n", "### 5\n"})
            QVERIFY2(text.contains(QString::fromUtf8(heading)), heading);
        QVERIFY(!text.contains(QStringLiteral("### 4\n"))); // disputed: no example
        QVERIFY(text.contains(QStringLiteral("> ") + QString::fromStdString(five).section(QLatin1Char('\n'), 0, 0)));
        QVERIFY(text.contains(QStringLiteral("Agreed by 2 raters. Note: exactly right")));
        // A new session may show it.
        QCOMPARE(rateJson(argList({"rate", "create", m_run, "--guideline", "labels@3"}))["guideline"].get<std::string>(),
            std::string("labels@3"));
    }

    // Window runs (the panes, or `run`): each run is a case, its targets the columns.
    void windowRunsAreRatedAsCases()
    {
        QVERIFY(cli({"--project", m_project, "target", "add", "echo2", "--provider", "echo", "--model", "echo"}).exitCode == 0);
        QStringList runs;
        for (const char *ticket : {"The invoice shows VAT twice", "Dark mode please"}) {
            const CliResult ran = cli({"--project", m_project, "--json", "run", "ticket-triage@3", "--target",
                "echo", "--target", "echo2", "--var", QStringLiteral("ticket=%1").arg(QString::fromUtf8(ticket))});
            QVERIFY2(ran.exitCode == 0, describe(ran));
            runs << QString::fromStdString(jsonOut(ran)["run_id"].get<std::string>());
        }
        const json made = rateJson(QStringList {QStringLiteral("rate"), QStringLiteral("create")} + runs);
        QCOMPARE(made["items"].get<int>(), 2);
        QVERIFY2(made["columns"] == json::array({"echo", "echo2"}), made.dump().c_str());
        QCOMPARE(made["run_ids"].size(), std::size_t(2));
        const QString session = QString::fromStdString(made["session"].get<std::string>());
        const json shown = rateJson(argList({"rate", "items", session}));
        // What each run asked: its last user message, as sent.
        QVERIFY2(shown["items"][0]["vars"]["prompt"].get<std::string>().find("The invoice shows VAT twice")
                != std::string::npos, shown.dump().c_str());
        QVERIFY(shown["items"][1]["vars"]["prompt"].get<std::string>().find("Dark mode please") != std::string::npos);
        for (const json &item : shown["items"]) {
            QCOMPARE(item["responses"].size(), std::size_t(2));
            QVERIFY(rate(argList({"rate", "add", session, QString::fromStdString(item["item"].get<std::string>()), "--rater", "ana",
                              "--choice", "tie"}))
                        .exitCode
                == 0);
        }
        const json report = rateJson(argList({"rate", "report", session}));
        QCOMPARE(report["ratings"].get<int>(), 2);
        QCOMPARE(report["pairs"][0]["ties"].get<int>(), 2);
        QVERIFY(said(argList({"rate", "report", session})).contains(QStringLiteral("window runs ") + runs.join(QStringLiteral(", "))));
        // An evaluation is rated in a session of its own.
        const CliResult mixed = rate(QStringList {QStringLiteral("rate"), QStringLiteral("create"), runs[0], m_run});
        QCOMPARE(mixed.exitCode, 3);
        QVERIFY2(mixed.err.contains("is an evaluation: rate it in a session of its own"), describe(mixed));
    }

    void evaluationReportShowsHumanRatings()
    {
        const json made = rateJson(argList({"rate", "create", m_run}));
        const QString session = QString::fromStdString(made["session"].get<std::string>());
        // No ratings yet: nothing to show.
        QVERIFY(rateJson(argList({"report", m_run}))["human_ratings"] == json::array());
        for (const model::RatingItemRecord &item : itemsOf(session))
            QVERIFY(rate(argList({"rate", "add", session, QString::fromStdString(item.id), "--rater", "ana",
                              "--choice", "1"}))
                        .exitCode
                == 0);
        const json report = rateJson(argList({"report", m_run}));
        QCOMPARE(report["human_ratings"].size(), std::size_t(1));
        const json &human = report["human_ratings"][0];
        QCOMPARE(human["session"].get<std::string>(), session.toStdString());
        QCOMPARE(human["ratings"].get<int>(), 12);
        // The same figures as `rate report`.
        json alone = rateJson(argList({"rate", "report", session}));
        alone.erase("guideline");
        alone.erase("examples");
        QCOMPARE(human.dump(), alone.dump());
        const QString markdown = said(argList({"report", m_run, "--format", "markdown"}));
        QVERIFY2(markdown.contains(QStringLiteral("## Human ratings: session ") + session), qPrintable(markdown));
        QVERIFY(markdown.contains(QStringLiteral("12 ratings of 12 items by 1 rater")));
        const QString html = said(argList({"report", m_run, "--format", "html"}));
        QVERIFY(html.contains(QStringLiteral("<h2>Human ratings: session ") + session + QStringLiteral("</h2>")));
    }
};

QTEST_GUILESS_MAIN(TestCliRateGuidelines)
#include "test_cli_rate_guidelines.moc"
