// promptsmith-cli end to end on the demo project (`init --demo`): the prompts, versions, labels
// and long-context variable that UI.md promises, read back through every read command.

#include "cli_test_helpers.h"

#include <QTemporaryDir>
#include <QTest>

using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using ps::test::dumped;
using ps::test::jsonOut;
using ps::test::keysOf;
using ps::test::str;

namespace {

const QStringList kVersionKeys
    = argList({"author", "created", "hash", "labels", "message", "number", "parent"});

} // namespace

class TestCliDemo : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void demoProjectHasThePromptsOfTheGuide();
    void demoDiffShowsWhatChanged();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
};

void TestCliDemo::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = m_dir->filePath(QStringLiteral("demo.promptsmith"));
}

void TestCliDemo::cleanup()
{
    m_dir.reset();
}

void TestCliDemo::demoProjectHasThePromptsOfTheGuide()
{
    const CliResult created = cli({"init", m_project, "--demo"});
    QVERIFY2(created.exitCode == 0, describe(created));
    // It says what it made, the dataset included.
    QVERIFY2(
        created.out.contains("3 sample prompts and 5 versions, the dataset 'tickets' (12 cases)"),
        describe(created));

    const nlohmann::json info = jsonOut(cli({"--project", m_project, "info", "--json"}));
    QCOMPARE(info["prompts"].get<int>(), 3);
    QCOMPARE(info["versions"].get<int>(), 5);
    QCOMPARE(info["labels"].get<int>(), 2);

    const CliResult listed = cli({"--project", m_project, "prompt", "list", "--json"});
    QVERIFY2(listed.exitCode == 0, describe(listed));
    QStringList names;
    const nlohmann::json prompts = jsonOut(listed)["prompts"];
    QCOMPARE(prompts.size(), std::size_t(3));
    for (const auto &prompt : prompts) {
        QCOMPARE(keysOf(prompt), argList({"created", "description", "name", "tags", "versions"}));
        QVERIFY(!prompt["description"].get<std::string>().empty());
        names << str(prompt["name"]);
    }
    names.sort();
    QCOMPARE(names, argList({"meeting-summary", "product-description", "ticket-triage"}));

    const CliResult versions
        = cli({"--project", m_project, "version", "list", "ticket-triage", "--json"});
    QVERIFY2(versions.exitCode == 0, describe(versions));
    const nlohmann::json list = jsonOut(versions)["versions"];
    QCOMPARE(list.size(), std::size_t(3));
    for (const auto &version : list)
        QCOMPARE(keysOf(version), kVersionKeys);
    QCOMPARE(list[0]["number"].get<int>(), 1);
    QVERIFY(list[0]["parent"].is_null());
    QCOMPARE(list[2]["parent"].get<int>(), 2);
    QCOMPARE(dumped(list[1]["labels"]), dumped(nlohmann::json::array({"staging"})));
    QCOMPARE(dumped(list[2]["labels"]), dumped(nlohmann::json::array({"production"})));
    QCOMPARE(str(list[2]["message"]), QStringLiteral("add examples, one-word labels"));

    const CliResult human = cli({"--project", m_project, "version", "list", "ticket-triage"});
    QCOMPARE(human.exitCode, 0);
    const QList<QByteArray> lines = human.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[2].startsWith("v3  "));
    QVERIFY(lines[2].contains("production"));
    QVERIFY(lines[2].contains("\"add examples, one-word labels\""));
    // Aligned: the message column starts at the same offset on every line.
    QCOMPARE(lines[1].indexOf("\"tighter"), lines[2].indexOf("\"add"));

    const CliResult shown
        = cli({"--project", m_project, "version", "show", "ticket-triage@production", "--json"});
    QVERIFY2(shown.exitCode == 0, describe(shown));
    const nlohmann::json show = jsonOut(shown);
    QCOMPARE(keysOf(show),
        argList({"author", "content", "created", "hash", "labels", "message", "number", "parent",
            "prompt"}));
    QCOMPARE(show["number"].get<int>(), 3);
    QCOMPARE(show["content"]["examples"].size(), std::size_t(5));
    QCOMPARE(str(show["content"]["examples_mode"]), QStringLiteral("section"));
    QCOMPARE(show["content"]["params"]["temperature"].get<double>(), 0.0);

    // The meeting transcript ships as a file and becomes the variable's default.
    const nlohmann::json meeting
        = jsonOut(cli({"--project", m_project, "version", "show", "meeting-summary", "--json"}));
    bool foundTranscript = false;
    for (const auto &variable : meeting["content"]["variables"]) {
        if (variable["name"] == "transcript") {
            foundTranscript = true;
            QVERIFY(variable["default"].get<std::string>().size() > 4000);
            QVERIFY(str(variable["default"]).contains(QStringLiteral("Apple Pay")));
        }
    }
    QVERIFY(foundTranscript);

    // The production version renders with its five examples in the system message.
    const CliResult rendered = cli({"--project", m_project, "render", "ticket-triage@production",
        "--var", "ticket=The app crashes when I open an invoice."});
    QVERIFY2(rendered.exitCode == 0, describe(rendered));
    QVERIFY(rendered.out.startsWith("system: You triage support tickets"));
    QCOMPARE(rendered.out.count("Label: "), 5);
    QVERIFY(rendered.out.endsWith("user: Ticket: The app crashes when I open an invoice.\nLabel:"));
}

void TestCliDemo::demoDiffShowsWhatChanged()
{
    QCOMPARE(cli({"init", m_project, "--demo"}).exitCode, 0);
    const CliResult json = cli({"--project", m_project, "--json", "version", "diff",
        "ticket-triage@1", "ticket-triage@3"});
    QVERIFY2(json.exitCode == 0, describe(json));
    const nlohmann::json doc = jsonOut(json);
    QCOMPARE(str(doc["from"]), QStringLiteral("ticket-triage@1"));
    QCOMPARE(str(doc["to"]), QStringLiteral("ticket-triage@3"));
    QVERIFY(doc.contains("messages"));
    QVERIFY(!doc["messages"].empty());

    const CliResult text = cli({"--project", m_project, "version", "diff", "ticket-triage@staging",
        "ticket-triage@production"});
    QVERIFY2(text.exitCode == 0, describe(text));
    QVERIFY(text.out.startsWith("--- ticket-triage@2"));
    QVERIFY(text.out.contains("+++ ticket-triage@3"));
    QVERIFY(text.out.contains("one lowercase word"));

    const CliResult same = cli(
        {"--project", m_project, "version", "diff", "ticket-triage@2", "ticket-triage@staging"});
    QCOMPARE(same.exitCode, 0);
    QVERIFY(same.out.contains("identical"));
}

QTEST_GUILESS_MAIN(TestCliDemo)
#include "test_cli_demo.moc"
