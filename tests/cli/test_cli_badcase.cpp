// `tag`, `badcase` and `dataset from-badcases`: the taxonomy a project starts with, answers
// marked bad with a copy of what reproduces them, the counts per tag, and the regression
// dataset they become — end to end on the demo project with the echo target.

#include "cli_test_helpers.h"


#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using ps::test::jsonOut;
using nlohmann::json;

class TestCliBadcase : public QObject
{
    Q_OBJECT

    test::EvaluatedDemo m_demo;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_run;
    json m_report;

    test::ProjectCli m_cli;

    CliResult in(const QStringList &args) const { return m_cli.in(args); }
    json inJson(const QStringList &args) const { return m_cli.inJson(args); }

    QString refOf(const json &cell) const { return test::ProjectCli::cellRef(m_run, cell); }

private slots:
    void initTestCase()
    {
        // The echo target repeats the prompt: the label assertions fail, as a weak model's would.
        QVERIFY(m_demo.prepare(argList({"ticket-triage@3"})));
        m_run = m_demo.run();
        m_report = test::ProjectCli(m_demo.project()).inJson(argList({"report", m_run}));
        QVERIFY(m_report["cells"].size() == 12);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_project = m_demo.copyInto(m_dir->path());
        m_cli.setProject(m_project);
    }

    void cleanup() { m_dir.reset(); }

    void taxonomyStartsUsefulAndIsEditable()
    {
        const json tags = inJson(argList({"tag", "list"}))["tags"];
        std::map<std::string, std::string> described;
        for (const json &tag : tags)
            described[tag["name"].get<std::string>()] = tag["description"].get<std::string>();
        for (const char *name : {"hallucination", "wrong label", "format broken", "refused", "incomplete",
                 "too long", "tone", "unsafe", "ignored instruction"})
            QVERIFY2(described.count(name) && !described[name].empty(), name);
        QVERIFY(in(argList({"tag", "add", "pricing", "--description", "Quotes a wrong price."})).exitCode == 0);
        const CliResult twice = in(argList({"tag", "add", "pricing"}));
        QVERIFY(twice.exitCode != 0);
        QVERIFY2(twice.err.contains("has a tag 'pricing' already"), describe(twice));
        QCOMPARE(inJson(argList({"tag", "list"}))["tags"].size(), tags.size() + 1);
        QVERIFY(in(argList({"tag", "remove", "pricing"})).exitCode == 0);
        const CliResult gone = in(argList({"tag", "remove", "pricing"}));
        QVERIFY2(gone.exitCode != 0 && gone.err.contains("no tag 'pricing'"), describe(gone));
    }

    void markedAnswersBecomeARegressionDataset()
    {
        const json cases = inJson(argList({"dataset", "show", "tickets"}))["cases"];
        // Five failing cells: four wrong labels with their right label, one broken format.
        std::vector<json> failing;
        for (const json &cell : m_report["cells"])
            if (!cell["pass"].get<bool>() && failing.size() < 5)
                failing.push_back(cell);
        QCOMPARE(failing.size(), std::size_t(5));
        for (std::size_t i = 0; i < failing.size(); ++i) {
            const bool format = i == 4;
            const CliResult marked = in(argList({"--json", "badcase", "add", refOf(failing[i]), "--tag",
                format ? "format broken" : "wrong label", "--note", "echoes the ticket", "--corrected",
                format ? "other" : "billing", "--by", "maya"}));
            QVERIFY2(marked.exitCode == 0, describe(marked));
            const json badcase = jsonOut(marked);
            // Everything that reproduces it: version, target, the request as sent, the values.
            QCOMPARE(badcase["version"].get<std::string>(), std::string("ticket-triage@3"));
            QCOMPARE(badcase["prompt"].get<std::string>(), std::string("ticket-triage"));
            QCOMPARE(badcase["target"].get<std::string>(), std::string("echo"));
            QCOMPARE(badcase["text"].get<std::string>(), failing[i]["text"].get<std::string>());
            QVERIFY(badcase["vars"] == cases[failing[i]["case"].get<std::size_t>()]["vars"]);
            QCOMPARE(badcase["by"].get<std::string>(), std::string("maya"));
            QCOMPARE(badcase["status"].get<std::string>(), std::string("open"));
        }
        const json listed = inJson(argList({"badcase", "list"}));
        QCOMPARE(listed["badcases"].size(), std::size_t(5));
        QVERIFY2(listed["by_tag"] == json({{"format broken", 1}, {"wrong label", 4}}), listed["by_tag"].dump().c_str());
        QCOMPARE(inJson(argList({"badcase", "list", "--tag", "format broken"}))["badcases"].size(), std::size_t(1));
        QVERIFY(QString::fromUtf8(in(argList({"badcase", "list"})).out).contains(QStringLiteral("wrong label 4  format broken 1")));

        const json made = inJson(argList({"dataset", "from-badcases", "regressions", "--prompt", "ticket-triage"}));
        QCOMPARE(made["added"].get<int>(), 5);
        const json regression = inJson(argList({"dataset", "show", "regressions"}))["cases"];
        QCOMPARE(regression.size(), std::size_t(5));
        for (std::size_t i = 0; i < regression.size(); ++i) {
            const json &original = cases[failing[i]["case"].get<std::size_t>()];
            QVERIFY(regression[i]["vars"] == original["vars"]); // variables intact
            QCOMPARE(regression[i]["expected"].get<std::string>(), std::string(i == 4 ? "other" : "billing"));
            QCOMPARE(regression[i]["source"]["answer"].get<std::string>(), refOf(failing[i]).toStdString());
            const json &tags = regression[i]["tags"];
            QVERIFY(std::find(tags.begin(), tags.end(), json(i == 4 ? "format broken" : "wrong label")) != tags.end());
        }

        // Statuses follow the fix.
        QVERIFY(in(argList({"badcase", "set", "1", "--status", "fixed", "--fixed-in", "ticket-triage@3"})).exitCode == 0);
        QVERIFY(in(argList({"badcase", "set", "2", "--status", "wontfix"})).exitCode == 0);
        const json fixed = inJson(argList({"badcase", "list", "--status", "fixed"}))["badcases"];
        QCOMPARE(fixed.size(), std::size_t(1));
        QCOMPARE(fixed[0]["fixed_in"].get<std::string>(), std::string("ticket-triage@3"));
        const CliResult noVersion = in(argList({"badcase", "set", "3", "--status", "fixed"}));
        QCOMPARE(noVersion.exitCode, 2);
    }

    // Done when 1: bad cases → regression dataset → a fixed version → re-evaluation that says
    // fixed, still bad and newly broken per case, and the statuses follow.
    void reevaluationProvesTheFix()
    {
        const json cases = inJson(argList({"dataset", "show", "tickets"}))["cases"];
        // Mark five failing cells with the label each case expects as the correction.
        int marked = 0;
        for (const json &cell : m_report["cells"]) {
            if (marked == 5)
                break;
            const std::string label = cases[cell["case"].get<std::size_t>()]["expected"].get<std::string>();
            QVERIFY(in(argList({"badcase", "add", refOf(cell), "--tag", "wrong label", "--corrected",
                           QString::fromStdString(label)}))
                        .exitCode
                == 0);
            ++marked;
        }
        QVERIFY(in(argList({"dataset", "from-badcases", "regressions"})).exitCode == 0);
        const json regression = inJson(argList({"dataset", "show", "regressions"}))["cases"];
        // Two candidate fixes: one always says "billing", one always "bug" (echo repeats them).
        for (const char *label : {"billing", "bug"}) {
            const QString file = m_dir->filePath(QString::fromUtf8(label) + QStringLiteral(".json"));
            QVERIFY(test::writeFile(file, QByteArray("{\"messages\": [{\"role\": \"user\", \"content\": \"{{#ticket}}")
                        + label + "{{/ticket}}\"}]}"));
            QVERIFY(in(argList({"version", "save", "ticket-triage", "--from", file, "-m", label})).exitCode == 0);
        }
        std::map<std::string, int> expected;
        for (const json &datasetCase : regression)
            ++expected[datasetCase["expected"].get<std::string>()];

        // v3 (failing everywhere) against v4 ("billing"): the billing cases are fixed.
        const auto evaluate = [&](const char *a, const char *b) {
            const CliResult ran = in(argList({"--json", "eval", a, b, "--dataset", "regressions", "--target", "echo"}));
            return QString::fromStdString(jsonOut(ran)["run_id"].get<std::string>());
        };
        const QString first = evaluate("ticket-triage@3", "ticket-triage@4");
        const json check = inJson(argList({"badcase", "reeval", first, "--apply"}));
        QCOMPARE(check["fixed"].get<int>(), expected["billing"]);
        QCOMPARE(check["still_bad"].get<int>(), 5 - expected["billing"]);
        QCOMPARE(check["newly_broken"].get<int>(), 0);
        QCOMPARE(check["statuses_changed"].get<int>(), expected["billing"]);
        QVERIFY2(check["sentence"].get<std::string>().starts_with("ticket-triage@4|echo repairs "
                     + std::to_string(expected["billing"]) + " of 5 bad cases that ticket-triage@3|echo failed; "
                     "no case that passed before fails now (McNemar p = "),
            check["sentence"].get<std::string>().c_str());
        for (const json &outcome : check["cases"]) {
            const std::string label = regression[outcome["case"].get<std::size_t>()]["expected"].get<std::string>();
            QCOMPARE(outcome["outcome"].get<std::string>(), std::string(label == "billing" ? "fixed" : "still bad"));
            QVERIFY(outcome["badcase"].is_number_integer());
        }
        const json fixed = inJson(argList({"badcase", "list", "--status", "fixed"}))["badcases"];
        QCOMPARE(int(fixed.size()), expected["billing"]);
        for (const json &badcase : fixed)
            QCOMPARE(badcase["fixed_in"].get<std::string>(), std::string("ticket-triage@4"));

        // v4 against v5 ("bug"): billing cases break again, bug cases are fixed; statuses follow.
        const QString second = evaluate("ticket-triage@4", "ticket-triage@5");
        const json again = inJson(argList({"badcase", "reeval", second, "--apply"}));
        QCOMPARE(again["newly_broken"].get<int>(), expected["billing"]);
        QCOMPARE(again["fixed"].get<int>(), expected["bug"]);
        QCOMPARE(again["still_bad"].get<int>(), expected["other"]);
        QVERIFY(again["sentence"].get<std::string>().find(std::to_string(expected["billing"]) + " case")
            != std::string::npos);
        const json open = inJson(argList({"badcase", "list", "--status", "open"}))["badcases"];
        QCOMPARE(int(open.size()), expected["billing"] + expected["other"]);
        const CliResult plain = in(argList({"badcase", "reeval", m_run}));
        QCOMPARE(plain.exitCode, 3); // one column: nothing to compare
        QVERIFY2(plain.err.contains("needs two columns to compare"), describe(plain));
    }

    void badReferencesAndTagsAreRefused()
    {
        const QString cell = refOf(m_report["cells"][0]);
        const CliResult unknownTag = in(argList({"badcase", "add", cell, "--tag", "slow"}));
        QCOMPARE(unknownTag.exitCode, 3);
        QVERIFY2(unknownTag.err.contains("no tag 'slow'"), describe(unknownTag));
        const CliResult shape = in(argList({"badcase", "add", "nonsense"}));
        QCOMPARE(shape.exitCode, 3);
        QVERIFY2(shape.err.contains("RUN_ID:CASE:COLUMN[:REPEAT]"), describe(shape));
        const CliResult column = in(argList({"badcase", "add", m_run + QStringLiteral(":0:nope")}));
        QVERIFY(column.exitCode != 0);
        QVERIFY2(column.err.contains("has no column 'nope' (its columns: echo)"), describe(column));
        const CliResult run = in(argList({"badcase", "add", "0nosuchrun:0:echo"}));
        QVERIFY2(run.exitCode != 0 && run.err.contains("there is no run '0nosuchrun'"), describe(run));
        // A plain run's answer is marked by target; without values it cannot be replayed.
        const CliResult ran = in(argList({"--json", "run", "ticket-triage@3", "--target", "echo", "--var", "ticket=Hi"}));
        const QString plain = QString::fromStdString(jsonOut(ran)["run_id"].get<std::string>());
        QVERIFY(in(argList({"badcase", "add", plain + QStringLiteral(":echo"), "--tag", "tone"})).exitCode == 0);
        const CliResult replay = in(argList({"dataset", "from-badcases", "x", "--tag", "tone"}));
        QCOMPARE(replay.exitCode, 3);
        QVERIFY2(replay.err.contains("has variable values to replay"), describe(replay));
    }
};

QTEST_GUILESS_MAIN(TestCliBadcase)
#include "test_cli_badcase.moc"
