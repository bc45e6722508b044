// `rate`: a blind session over an evaluation's columns, its items as raters see them, ratings
// by hand and from a file, and the report — end to end on the demo project with the echo target.

#include "cli_test_helpers.h"

#include "store/project.h"
#include "store/rating_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

using namespace ps;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using ps::test::jsonOut;
using ps::test::keysOf;
using ps::test::argList;
using nlohmann::json;

class TestCliRate : public QObject
{
    Q_OBJECT

    test::EvaluatedDemo m_demo;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_run;

    QString createSession(std::initializer_list<test::Arg> extra)
    {
        QStringList args = argList({"--project", m_project, "--json", "rate", "create", m_run});
        for (const test::Arg &arg : extra)
            args << arg.value;
        const CliResult made = test::runCli(args);
        if (made.exitCode != 0) {
            qWarning("%s", describe(made).constData());
            return {};
        }
        return QString::fromStdString(jsonOut(made)["session"].get<std::string>());
    }

    std::vector<model::RatingItemRecord> itemsOf(const QString &session) const
    {
        const store::Project project = store::Project::open(m_project.toStdString());
        return store::RatingStore(project).items(session.toStdString());
    }

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

    void pairwiseSessionIsBlindAndShuffledFromItsSeed()
    {
        const QString session = createSession({"--mode", "pairwise", "--seed", "7"});
        QVERIFY(!session.isEmpty());
        const auto items = itemsOf(session);
        QCOMPARE(items.size(), std::size_t(12));
        // Sides shuffled: both columns are shown first somewhere.
        std::set<std::string> firsts;
        for (const model::RatingItemRecord &item : items)
            firsts.insert(item.columns.front());
        QCOMPARE(firsts.size(), std::size_t(2));
        // The same seed shuffles the same way.
        const auto again = itemsOf(createSession({"--mode", "pairwise", "--seed", "7"}));
        for (std::size_t i = 0; i < items.size(); ++i)
            QCOMPARE(again[i].columns, items[i].columns);

        // What a rater sees: the ticket and two texts, nothing naming a version or target.
        const CliResult shown = cli({"--project", m_project, "--json", "rate", "items", session, "--rater", "ana"});
        QVERIFY2(shown.exitCode == 0, describe(shown));
        const json blind = jsonOut(shown);
        QCOMPARE(keysOf(blind), argList({"criteria", "items", "mode", "scale", "session"}));
        QCOMPARE(blind["items"].size(), std::size_t(12));
        for (const json &item : blind["items"]) {
            QCOMPARE(keysOf(item), argList({"item", "responses", "vars"}));
            QCOMPARE(item["responses"].size(), std::size_t(2));
            QVERIFY(item["vars"].contains("ticket"));
            const std::string dumped = item.dump();
            for (const char *secret : {"ticket-triage", "@2", "@3", "echo", "\"target\"", "\"model\""})
                QVERIFY2(dumped.find(secret) == std::string::npos, dumped.c_str());
        }
        // Each rater has an order of their own, the same every time.
        const json ben = jsonOut(cli({"--project", m_project, "--json", "rate", "items", session, "--rater", "ben"}));
        const json anaAgain = jsonOut(cli({"--project", m_project, "--json", "rate", "items", session, "--rater", "ana"}));
        QCOMPARE(anaAgain.dump(), blind.dump());
        QVERIFY(ben["items"].dump() != blind["items"].dump());
    }

    void ratingsByHandAndFromAFileMakeTheReport()
    {
        const QString session = createSession({});
        const auto items = itemsOf(session);
        // ana prefers Response 1 everywhere; ben the same but ties the first three; cy (a
        // file, as the rater page saves it) says both are bad on the first item.
        std::map<std::string, int> winsOfColumn;
        int ties = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const QString item = QString::fromStdString(items[i].id);
            const CliResult a = cli({"--project", m_project, "rate", "add", session, item, "--rater", "ana", "--choice", "1"});
            QVERIFY2(a.exitCode == 0, describe(a));
            ++winsOfColumn[items[i].columns[0]];
            const bool tie = i < 3;
            QVERIFY(cli({"--project", m_project, "rate", "add", session, item, "--rater", "ben",
                         "--choice", tie ? "tie" : "1", "--note", "checked the label"})
                        .exitCode
                == 0);
            if (tie)
                ++ties;
            else
                ++winsOfColumn[items[i].columns[0]];
        }
        json ratings = json::array({{{"item", items[0].id}, {"choice", "bad"}, {"note", "both miss the label"}}});
        for (std::size_t i = 1; i < items.size(); ++i) {
            ratings.push_back({{"item", items[i].id}, {"choice", "2"}});
            ++winsOfColumn[items[i].columns[1]];
        }
        const QString file = m_dir->filePath(QStringLiteral("cy.json"));
        QVERIFY(test::writeFile(file, QByteArray::fromStdString(
            json({{"session", session.toStdString()}, {"rater", "cy"}, {"ratings", ratings}}).dump())));
        const CliResult imported = cli({"--project", m_project, "rate", "import", file});
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QVERIFY(imported.out.contains("Imported 12 ratings by cy"));

        const CliResult reported = cli({"--project", m_project, "--json", "rate", "report", session});
        QVERIFY2(reported.exitCode == 0, describe(reported));
        const json report = jsonOut(reported);
        for (const char *key : {"session", "mode", "raters", "items", "ratings", "pairs",
                 "bradley_terry", "scores", "agreement"})
            QVERIFY2(report.contains(key), key);
        QCOMPARE(report["raters"].get<int>(), 3);
        QCOMPARE(report["items"].get<int>(), 12);
        QCOMPARE(report["ratings"].get<int>(), 36);
        QCOMPARE(report["pairs"].size(), std::size_t(1));
        const json &pair = report["pairs"][0];
        const std::string a = pair["a"].get<std::string>();
        const std::string b = pair["b"].get<std::string>();
        QCOMPARE(pair["wins"].get<int>(), winsOfColumn[a]);
        QCOMPARE(pair["losses"].get<int>(), winsOfColumn[b]);
        QCOMPARE(pair["ties"].get<int>(), ties);
        QCOMPARE(pair["wins"].get<int>() + pair["losses"].get<int>() + ties, 35); // 36 less "bad"
        QCOMPARE(pair["win_rate"].get<double>(), (winsOfColumn[a] + 0.5 * ties) / 35.0);
        QCOMPARE(report["bradley_terry"]["ratings"].size(), std::size_t(2));
        for (const json &rating : report["bradley_terry"]["ratings"])
            QCOMPARE(keysOf(rating), argList({"ci95", "column", "rating"}));
        const json &agreement = report["agreement"];
        QVERIFY(agreement["cohen_kappa"].is_null()); // three raters
        QVERIFY(agreement["fleiss_kappa"].is_number());
        QVERIFY(agreement["krippendorff_alpha"]["nominal"].is_number());
        QVERIFY(agreement["judge_vs_human"].is_null());
        // `rate list` counts them too.
        const json listed = jsonOut(cli({"--project", m_project, "--json", "rate", "list"}));
        QCOMPARE(listed["sessions"].size(), std::size_t(1));
        QCOMPARE(listed["sessions"][0]["items"].get<int>(), 12);
        QCOMPARE(listed["sessions"][0]["ratings"].get<int>(), 36);

        // A file naming an item the session lacks is refused whole, naming the rating.
        ratings[5]["item"] = "i0000000000";
        QVERIFY(test::writeFile(file, QByteArray::fromStdString(
            json({{"session", session.toStdString()}, {"rater", "dee"}, {"ratings", ratings}}).dump())));
        const CliResult refused = cli({"--project", m_project, "rate", "import", file});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("ratings[5]: session") && refused.err.contains("has no item 'i0000000000'"),
            describe(refused));
        QCOMPARE(jsonOut(cli({"--project", m_project, "--json", "rate", "report", session}))["ratings"].get<int>(), 36);
    }

    // An answer that names a model or provider would give the side away: such items are left
    // out, and the count is said.
    void answersNamingTheirModelAreLeftOut()
    {
        const QString file = m_dir->filePath(QStringLiteral("named.jsonl"));
        QVERIFY(test::writeFile(file, "{\"vars\": {\"ticket\": \"Refund the May charge\"}}\n"
                                      "{\"vars\": {\"ticket\": \"Is this ChatGPT answering me?\"}}\n"
                                      "{\"vars\": {\"ticket\": \"The export crashes\"}}\n"));
        QVERIFY(cli({"--project", m_project, "dataset", "import", "named", file}).exitCode == 0);
        const CliResult evaluated = cli({"--project", m_project, "--json", "eval", "ticket-triage@2",
            "ticket-triage@3", "--dataset", "named", "--target", "echo"});
        const QString run = QString::fromStdString(jsonOut(evaluated)["run_id"].get<std::string>());
        const CliResult made = cli({"--project", m_project, "--json", "rate", "create", run});
        QVERIFY2(made.exitCode == 0, describe(made));
        QCOMPARE(jsonOut(made)["items"].get<int>(), 2); // echo repeats the ticket: "ChatGPT" is in it
        QCOMPARE(jsonOut(made)["left_out"].get<int>(), 1);
        const CliResult told = cli({"--project", m_project, "rate", "create", run});
        QVERIFY2(told.err.contains("1 left out because an answer names its model or provider"), describe(told));
    }

    // The rater package: one page, blind, rated by keyboard in a real browser, its saved file
    // read back by `rate import` — the choices stored are the keys pressed.
    void raterPageRatesByKeyboardInChromium()
    {
        const QString guideline = m_dir->filePath(QStringLiteral("guideline.md"));
        QVERIFY(test::writeFile(guideline, "## Which label is right?\n\n- **billing**: charges\n"
                                           "An answer may say </script><script>alert(1)</script>\n"));
        const QString session = createSession({"--mode", "pairwise", "--guideline", guideline});
        const QString page = m_dir->filePath(QStringLiteral("ana.html"));
        const CliResult exported = cli({"--project", m_project, "rate", "export", session, "--rater", "ana", "-o", page});
        QVERIFY2(exported.exitCode == 0, describe(exported));
        QFile file(page);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray html = file.readAll();
        // Blind: nothing names a version, target, model, run or the project.
        for (const QString &secret : {QStringLiteral("ticket-triage"), QStringLiteral("@2"),
                 QStringLiteral("@3"), QStringLiteral("echo"), m_run, m_project,
                 QFileInfo(m_project).fileName(), QStringLiteral("demo")})
            QVERIFY2(!html.contains(secret.toUtf8()), qPrintable(secret));
        QVERIFY(html.contains("Could you add Xero export?")); // the cases are there
        // Text from the project never ends the page's script: only its own two script tags.
        QCOMPARE(html.count("<script"), 2);
        QVERIFY(html.contains("\\u003c/script\\u003e"));

        const QString chromium = [] {
            for (const char *name : {"chromium", "chromium-browser", "google-chrome"})
                if (const QString found = QStandardPaths::findExecutable(QString::fromUtf8(name)); !found.isEmpty())
                    return found;
            return QString();
        }();
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (chromium.isEmpty() || node.isEmpty())
            QSKIP("Chromium or Node is not installed: the rater page was not driven in a browser "
                  "(apt-get install chromium nodejs)");
        const QString downloads = m_dir->filePath(QStringLiteral("downloads"));
        QVERIFY(QDir().mkpath(downloads));
        const QStringList keys = {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("t"),
            QStringLiteral("b"), QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("2"),
            QStringLiteral("t"), QStringLiteral("1"), QStringLiteral("2")}; // ten items
        QProcess driver;
        driver.start(node, QStringList {QStringLiteral("--experimental-websocket"),
                               QStringLiteral(PS_RATER_DRIVER), chromium, page, downloads}
                + keys);
        QVERIFY(driver.waitForFinished(90000));
        if (driver.exitCode() == 77)
            QSKIP(driver.readAllStandardError().trimmed().constData());
        const QString saved = QString::fromUtf8(driver.readAllStandardOutput()).trimmed();
        QVERIFY2(driver.exitCode() == 0 && !saved.isEmpty(), driver.readAllStandardError().constData());

        const CliResult imported = cli({"--project", m_project, "rate", "import", saved});
        QVERIFY2(imported.exitCode == 0, describe(imported));
        const json report = jsonOut(cli({"--project", m_project, "--json", "rate", "report", session}));
        QCOMPARE(report["ratings"].get<int>(), 10);
        QCOMPARE(report["raters"].get<int>(), 1);
        // The first ten items in ana's own order carry the keys she pressed.
        const json shown = jsonOut(cli({"--project", m_project, "--json", "rate", "items", session, "--rater", "ana"}));
        const store::Project project = store::Project::open(m_project.toStdString());
        std::map<std::string, std::string> stored;
        for (const model::RatingRecord &rating : store::RatingStore(project).ratings(session.toStdString()))
            stored[rating.item] = rating.choice;
        for (int i = 0; i < keys.size(); ++i) {
            const QString key = keys[i];
            const std::string expected = key == QStringLiteral("t") ? "tie" : key == QStringLiteral("b") ? "bad" : key.toStdString();
            QCOMPARE(stored[shown["items"][std::size_t(i)]["item"].get<std::string>()], expected);
        }
    }

    void rubricSessionsScoreEachCriterionOnTheirScale()
    {
        const QString session = createSession({"--mode", "rubric", "--scale", "1-5", "--criterion",
            "Is the label right?", "--criterion", "Is it short?"});
        QVERIFY(!session.isEmpty());
        const auto items = itemsOf(session);
        QCOMPARE(items.size(), std::size_t(24)); // each case's answer in each column
        const QString first = QString::fromStdString(items[0].id);
        const CliResult offScale = cli({"--project", m_project, "rate", "add", session, first,
            "--rater", "ana", "--score", "6", "--score", "4"});
        QCOMPARE(offScale.exitCode, 3);
        QVERIFY2(offScale.err.contains("a number from 1 to 5"), describe(offScale));
        const CliResult oneScore = cli({"--project", m_project, "rate", "add", session, first,
            "--rater", "ana", "--score", "4"});
        QCOMPARE(oneScore.exitCode, 3);
        QVERIFY2(oneScore.err.contains("one score per criterion (2 here)"), describe(oneScore));
        for (const char *score : {"5", "3"})
            QVERIFY(cli({"--project", m_project, "rate", "add", session, first, "--rater",
                         score[0] == '5' ? "ana" : "ben", "--score", score, "--score", "4"})
                        .exitCode
                == 0);
        const json report = jsonOut(cli({"--project", m_project, "--json", "rate", "report", session}));
        QCOMPARE(report["scores"].size(), std::size_t(2)); // one column, two criteria
        QCOMPARE(report["scores"][0]["column"].get<std::string>(), items[0].columns[0]);
        QCOMPARE(report["scores"][0]["mean"].get<double>(), 4.0);
        QCOMPARE(report["scores"][1]["mean"].get<double>(), 4.0);
        QVERIFY(report["bradley_terry"].is_null());

        const CliResult badScale = cli({"--project", m_project, "rate", "create", m_run, "--mode",
            "rubric", "--scale", "5-1"});
        QCOMPARE(badScale.exitCode, 3);
        QVERIFY2(badScale.err.contains("a scale is LOW-HIGH"), describe(badScale));
        const CliResult badColumn = cli({"--project", m_project, "rate", "create", m_run, "--column", "nope"});
        QCOMPARE(badColumn.exitCode, 3);
        QVERIFY2(badColumn.err.contains("has no column 'nope' (its columns: ticket-triage@2|echo, ticket-triage@3|echo)"),
            describe(badColumn));
    }
};

QTEST_GUILESS_MAIN(TestCliRate)
#include "test_cli_rate.moc"
