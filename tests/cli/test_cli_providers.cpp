// provider add/list and target add/list: what is stored, and what is refused (exit 2 or 3).
#include "cli_test_helpers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ps::test;

class TestCliProviders : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir *m_dir = nullptr;
    QString m_project;

    CliResult inProject(std::initializer_list<Arg> args, std::initializer_list<Arg> env = {})
    {
        QStringList list {QStringLiteral("--project"), m_project};
        list += argList(args);
        return runCli(list, {}, argList(env));
    }

    nlohmann::json providerList()
    {
        return jsonOut(inProject({"provider", "list", "--json"}))["providers"];
    }

private slots:
    void init()
    {
        m_dir = new QTemporaryDir;
        QVERIFY(m_dir->isValid());
        m_project = m_dir->filePath(QStringLiteral("p.promptsmith"));
        const CliResult created = cli({"init", m_project});
        QVERIFY2(created.exitCode == 0, describe(created));
    }
    void cleanup()
    {
        delete m_dir;
        m_dir = nullptr;
    }

    void providersRoundTrip()
    {
        CliResult result
            = inProject({"provider", "add", "openai", "--kind", "openai", "--api-key-env",
                "TEAM_OPENAI_KEY", "--timeout", "5", "--concurrency", "2", "--rpm", "120"});
        QVERIFY2(result.exitCode == 0, describe(result));
        result = inProject({"provider", "add", "local", "--kind", "openai-compatible", "--base-url",
            "http://127.0.0.1:8080/v1/"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QVERIFY2(!result.err.contains("plain http"), result.err); // this machine: no warning
        result = inProject({"provider", "add", "az", "--kind", "azure-openai", "--base-url",
            "https://acme.openai.azure.com", "--api-version", "2024-10-21", "--json"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(str(jsonOut(result)["provider"]["api_version"]), QStringLiteral("2024-10-21"));
        result = inProject({"provider", "add", "offline", "--kind", "echo"});
        QVERIFY2(result.exitCode == 0, describe(result));

        const nlohmann::json list = providerList();
        QCOMPARE(list.size(), std::size_t(4));
        QCOMPARE(str(list[0]["id"]), QStringLiteral("az")); // sorted by id
        const nlohmann::json &openai = list[3];
        QCOMPARE(str(openai["id"]), QStringLiteral("openai"));
        QCOMPARE(str(openai["kind"]), QStringLiteral("openai"));
        QCOMPARE(str(openai["api_key_env"]), QStringLiteral("TEAM_OPENAI_KEY"));
        QCOMPARE(openai["timeout_seconds"].get<int>(), 5);
        QCOMPARE(openai["concurrency"].get<int>(), 2);
        QCOMPARE(openai["rpm"].get<int>(), 120);
        QCOMPARE(str(openai["resolved_base_url"]), QStringLiteral("https://api.openai.com/v1"));
        QCOMPARE(openai["key_set"].get<bool>(), false);
        const nlohmann::json &local = list[1];
        QCOMPARE(str(local["resolved_base_url"]), QStringLiteral("http://127.0.0.1:8080/v1"));
        QCOMPARE(str(list[2]["kind"]), QStringLiteral("echo"));

        // Whether a key is set shows; the key itself never does.
        const CliResult withKey = inProject(
            {"provider", "list", "--json"}, {"TEAM_OPENAI_KEY=sk-visible-never-1234567"});
        QVERIFY(jsonOut(withKey)["providers"][3]["key_set"].get<bool>());
        QVERIFY(!withKey.out.contains("sk-visible-never"));

        const CliResult human = inProject({"provider", "list"});
        QCOMPARE(human.exitCode, 0);
        QVERIFY(human.out.contains("TEAM_OPENAI_KEY (not set)"));
        QVERIFY(human.out.contains("http://127.0.0.1:8080/v1"));
    }

    void providerRefusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("needle");
        const auto add = [](std::initializer_list<Arg> rest) {
            QStringList list {QStringLiteral("provider"), QStringLiteral("add")};
            return list + argList(rest);
        };
        QTest::newRow("compatible without url")
            << add({"x", "--kind", "openai-compatible"}) << 3 << QStringLiteral("--base-url");
        QTest::newRow("azure without version")
            << add({"x", "--kind", "azure-openai", "--base-url", "https://a.openai.azure.com"}) << 3
            << QStringLiteral("--api-version");
        QTest::newRow("version for openai") << add({"x", "--kind", "openai", "--api-version", "1"})
                                            << 3 << QStringLiteral("azure-openai only");
        QTest::newRow("echo with url")
            << add({"x", "--kind", "echo", "--base-url", "http://localhost:1/v1"}) << 3
            << QStringLiteral("no URL and no key");
        QTest::newRow("echo with key") << add({"x", "--kind", "echo", "--api-key-env", "K"}) << 3
                                       << QStringLiteral("no URL and no key");
        QTest::newRow("not a url")
            << add({"x", "--kind", "openai-compatible", "--base-url", "localhost:8080"}) << 3
            << QStringLiteral("http://");
        QTest::newRow("zero timeout")
            << add({"x", "--kind", "openai", "--timeout", "0"}) << 3 << QStringLiteral("timeout");
        QTest::newRow("bad id") << add({"a b", "--kind", "echo"}) << 3
                                << QStringLiteral("may only hold");
        QTest::newRow("unknown kind") << add({"x", "--kind", "gpt"}) << 2 << QStringLiteral("gpt");
        QTest::newRow("missing kind") << add({"x"}) << 2 << QStringLiteral("--kind");
        QTest::newRow("timeout not a number") << add({"x", "--kind", "openai", "--timeout", "soon"})
                                              << 2 << QStringLiteral("--timeout");
        QTest::newRow("no id") << add({"--kind", "echo"}) << 2 << QStringLiteral("ID");
    }
    void providerRefusals()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, needle);
        const CliResult result
            = runCli(QStringList {QStringLiteral("--project"), m_project} + args);
        QVERIFY2(result.exitCode == exitCode, describe(result));
        QVERIFY2(QString::fromUtf8(result.err).contains(needle), describe(result));
        QVERIFY(result.out.isEmpty());
        QVERIFY(providerList().empty());
    }

    void aKeyInPlaceOfItsVariableIsRefusedUnrepeated()
    {
        const CliResult result = inProject({"provider", "add", "openai", "--kind", "openai",
            "--api-key-env", "sk-proj-AbC123-secret-value", "--json"});
        QCOMPARE(result.exitCode, 3);
        QVERIFY(str(jsonOut(result)["error"]["message"]).contains(QStringLiteral("NAME")));
        QVERIFY(!result.out.contains("secret-value") && !result.err.contains("secret-value"));
        QVERIFY(providerList().empty());
        QVERIFY(!readFile(m_project).contains("secret-value"));
    }

    // Plain http to another machine is allowed without a key, and said to be readable on the way.
    void plainHttpToAnotherMachineIsWarnedAbout()
    {
        const CliResult result = inProject(
            {"provider", "add", "lan", "--kind", "ollama", "--base-url", "http://gpu-box:11434"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QVERIFY2(
            result.err.contains("lan: requests to gpu-box:11434 go over plain http"), result.err);
    }

    void duplicateProviderIsRefused()
    {
        QCOMPARE(inProject({"provider", "add", "e", "--kind", "echo"}).exitCode, 0);
        const CliResult again = inProject({"provider", "add", "e", "--kind", "echo"});
        QCOMPARE(again.exitCode, 3);
        QVERIFY(again.err.contains("already exists"));
    }

    void targetsRoundTrip()
    {
        QCOMPARE(inProject({"provider", "add", "e", "--kind", "echo"}).exitCode, 0);
        CliResult result = inProject({"target", "add", "base", "--provider", "e", "--model", "m1"});
        QVERIFY2(result.exitCode == 0, describe(result));
        result = inProject({"target", "add", "tuned", "--provider", "e", "--model", "m2", "--param",
            "temperature=0.2", "--param", "stop=[\"END\"]", "--param", "max_tokens=64", "--param",
            "reasoning_effort=low", "--param", "response_format={\"type\":\"json_object\"}",
            "--fallback", "base", "--json"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(str(jsonOut(result)["target"]["id"]), QStringLiteral("tuned"));

        const CliResult listed = inProject({"target", "list", "--json"});
        const nlohmann::json targets = jsonOut(listed)["targets"];
        QCOMPARE(targets.size(), std::size_t(2));
        const nlohmann::json &tuned = targets[1];
        QCOMPARE(keysOf(tuned),
            (QStringList {QStringLiteral("created"), QStringLiteral("fallback"),
                QStringLiteral("fallback_below_logprob"), QStringLiteral("id"),
                QStringLiteral("model"), QStringLiteral("params"), QStringLiteral("provider")}));
        QCOMPARE(str(tuned["provider"]), QStringLiteral("e"));
        QCOMPARE(str(tuned["model"]), QStringLiteral("m2"));
        QCOMPARE(str(tuned["fallback"]), QStringLiteral("base"));
        // Values that parse as JSON are JSON; the rest stay text.
        QCOMPARE(dumped(tuned["params"]),
            dumped(nlohmann::json::parse(R"({"temperature":0.2,"stop":["END"],"max_tokens":64,
                "reasoning_effort":"low","response_format":{"type":"json_object"}})")));
        QVERIFY(targets[0]["fallback"].is_null());

        const CliResult human = inProject({"target", "list"});
        QVERIFY(human.out.contains("tuned") && human.out.contains("base"));
    }

    void targetRefusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("needle");
        const auto add = [](std::initializer_list<Arg> rest) {
            QStringList list {QStringLiteral("target"), QStringLiteral("add"), QStringLiteral("t")};
            return list + argList(rest);
        };
        QTest::newRow("unknown provider")
            << add({"--provider", "ghost", "--model", "m"}) << 3 << QStringLiteral("ghost");
        QTest::newRow("unknown fallback")
            << add({"--provider", "e", "--model", "m", "--fallback", "nowhere"}) << 3
            << QStringLiteral("nowhere");
        QTest::newRow("bad param value")
            << add({"--provider", "e", "--model", "m", "--param", "temperature=hot"}) << 3
            << QStringLiteral("temperature");
        QTest::newRow("param without value")
            << add({"--provider", "e", "--model", "m", "--param", "temperature"}) << 2
            << QStringLiteral("NAME=VALUE");
        QTest::newRow("no model") << add({"--provider", "e"}) << 2 << QStringLiteral("--model");
        QTest::newRow("no provider") << add({"--model", "m"}) << 2 << QStringLiteral("--provider");
    }
    void targetRefusals()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, needle);
        QCOMPARE(inProject({"provider", "add", "e", "--kind", "echo"}).exitCode, 0);
        const CliResult result
            = runCli(QStringList {QStringLiteral("--project"), m_project} + args);
        QVERIFY2(result.exitCode == exitCode, describe(result));
        QVERIFY2(QString::fromUtf8(result.err).contains(needle), describe(result));
        QVERIFY(jsonOut(inProject({"target", "list", "--json"}))["targets"].empty());
    }

    void demoProjectHasAnEchoTarget()
    {
        const QString demo = m_dir->filePath(QStringLiteral("demo.promptsmith"));
        QCOMPARE(cli({"init", demo, "--demo"}).exitCode, 0);
        const nlohmann::json targets
            = jsonOut(cli({"--project", demo, "target", "list", "--json"}))["targets"];
        QCOMPARE(targets.size(), std::size_t(1));
        QCOMPARE(str(targets[0]["id"]), QStringLiteral("echo"));
        QCOMPARE(str(targets[0]["model"]), QStringLiteral("echo"));
        const nlohmann::json providers
            = jsonOut(cli({"--project", demo, "provider", "list", "--json"}))["providers"];
        QCOMPARE(str(providers[0]["kind"]), QStringLiteral("echo"));
        // It works out of the box, with no key and no network.
        const CliResult run = cli({"--project", demo, "run", "ticket-triage", "--target", "echo",
            "--var", "ticket=charged twice", "--json"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY(str(jsonOut(run)["results"][0]["text"]).contains(QStringLiteral("charged twice")));
    }
};

QTEST_GUILESS_MAIN(TestCliProviders)
#include "test_cli_providers.moc"
