// `run` through every wire format at once: the real CLI sends one version to openai, anthropic,
// gemini, ollama and azure-openai targets on the in-process fake provider, concurrently.
#include "cli_test_helpers.h"

#include "fake_provider_server.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using namespace ps::test;

namespace {

constexpr const char *kKey = "sk-fake-every-format";
constexpr const char *kSystem = "You are terse.";
constexpr const char *kUser = "Say hello to Ada please";

long long wordCount(const std::string &text)
{
    long long words = 0;
    bool inWord = false;
    for (const char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        words += !space && !inWord ? 1 : 0;
        inWord = !space;
    }
    return words;
}

const nlohmann::json *resultFor(const nlohmann::json &document, const std::string &target)
{
    for (const auto &result : document["results"])
        if (result["target"] == target)
            return &result;
    return nullptr;
}

} // namespace

class TestCliRunProviders : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;
    // Every format checks its own key header, so a key that went to the wrong header fails. Each
    // reply waits a second, which shows whether the five calls overlap.
    fakeprovider::FakeProviderServer m_server {
        fakeprovider::FakeProviderOptions {kKey, std::chrono::milliseconds(1000), {}}};

    CliResult inProject(std::initializer_list<Arg> args)
    {
        QStringList env;
        for (const char *variable : {"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY",
                 "AZURE_OPENAI_API_KEY", "FAKE_OLLAMA_KEY"})
            env << QString::fromLatin1(variable) + QLatin1Char('=') + QString::fromLatin1(kKey);
        return runCli(
            QStringList {QStringLiteral("--project"), m_project} + argList(args), {}, env);
    }
    void mustSucceed(std::initializer_list<Arg> args)
    {
        const CliResult result = inProject(args);
        QVERIFY2(result.exitCode == 0, describe(result));
    }
    void addProvider(const char *id, const char *kind, const std::string &url)
    {
        mustSucceed({"provider", "add", id, "--kind", kind, "--base-url",
            QString::fromStdString(url), "--timeout", "10"});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        m_project = m_dir.filePath(QStringLiteral("p.promptsmith"));
        const nlohmann::json version = {{"messages",
            {{{"role", "system"}, {"content", kSystem}}, {{"role", "user"}, {"content", kUser}}}}};
        QVERIFY(createGreetProject(m_project, version));

        // The official conventions: /v1 for openai, the bare host for the others.
        addProvider("oa", "openai", m_server.baseUrl());
        addProvider("an", "anthropic", m_server.hostUrl());
        addProvider("ge", "gemini", m_server.hostUrl());
        mustSucceed({"provider", "add", "ol", "--kind", "ollama", "--base-url",
            QString::fromStdString(m_server.hostUrl()), "--api-key-env", "FAKE_OLLAMA_KEY",
            "--timeout", "10"});
        mustSucceed({"provider", "add", "az", "--kind", "azure-openai", "--base-url",
            QString::fromStdString(m_server.hostUrl()), "--api-version", "2024-10-21", "--timeout",
            "10"});
        for (const char *provider : {"oa", "an", "ge", "ol", "az"}) {
            const QString id = QString::fromLatin1(provider);
            // One model name everywhere, so every format must give the very same text.
            mustSucceed({"target", "add", id, "--provider", id, "--model", "m1"});
        }
        // One fault per format, each with a category of its own; none that retries for long.
        mustSucceed(
            {"target", "add", "oa-bad", "--provider", "oa", "--model", "fault:context-length"});
        mustSucceed({"target", "add", "an-bad", "--provider", "an", "--model", "fault:529"});
        mustSucceed({"target", "add", "ge-bad", "--provider", "ge", "--model", "fault:429:50"});
        mustSucceed(
            {"target", "add", "ol-bad", "--provider", "ol", "--model", "fault:model-not-found"});
        mustSucceed({"target", "add", "az-bad", "--provider", "az", "--model", "fault:cut"});
    }
    void cleanupTestCase() { m_server.stop(); }

    void everyFormatGivesTheSameAnswerInOneRun()
    {
        const int before = m_server.requestCount();
        QElapsedTimer timer;
        timer.start();
        const CliResult result = inProject({"run", "greet", "--target", "oa", "--target", "an",
            "--target", "ge", "--target", "ol", "--target", "az", "--json"});
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(result.exitCode == 0, describe(result));
        // Concurrently: one after another would take at least five seconds.
        QVERIFY2(elapsed < 4000, QByteArray::number(elapsed));
        QCOMPARE(m_server.requestCount() - before, 5);
        const nlohmann::json document = jsonOut(result);
        QCOMPARE(document["results"].size(), std::size_t(5));
        const std::string reply = std::string("Echo from m1: ") + kUser;
        for (const char *target : {"oa", "an", "ge", "ol", "az"}) {
            const nlohmann::json *found = resultFor(document, target);
            QVERIFY2(found, target);
            const nlohmann::json &one = *found;
            QVERIFY2(one["error"].is_null(), one.dump().c_str());
            QCOMPARE(str(one["text"]), QString::fromStdString(reply));
            QCOMPARE(one["usage"]["input_tokens"].get<long long>(),
                wordCount(kSystem) + wordCount(kUser));
            QCOMPARE(one["usage"]["output_tokens"].get<long long>(), wordCount(reply));
            QVERIFY(!str(one["finish_reason"]).isEmpty());
            QVERIFY(one["ttft_ms"].get<double>() > 0);
            QVERIFY(one["ttft_ms"].get<double>() <= one["total_ms"].get<double>());
            QCOMPARE(one["attempts"].get<int>(), 1);
        }
    }

    void faultsGiveTheirCategoryInEveryFormat()
    {
        const CliResult result = inProject({"run", "greet", "--target", "oa-bad", "--target",
            "an-bad", "--target", "ge-bad", "--target", "ol-bad", "--target", "az-bad", "--json"});
        QVERIFY2(result.exitCode == 4, describe(result));
        const nlohmann::json document = jsonOut(result);
        const std::pair<const char *, const char *> expected[]
            = {{"oa-bad", "context_length"}, {"an-bad", "overloaded"}, {"ge-bad", "rate_limit"},
                {"ol-bad", "not_found"}, {"az-bad", "network"}};
        for (const auto &[target, category] : expected) {
            const nlohmann::json *found = resultFor(document, target);
            QVERIFY2(found, target);
            QVERIFY2(!(*found)["error"].is_null(), target);
            QCOMPARE(str((*found)["error"]["category"]), QString::fromLatin1(category));
        }
        QCOMPARE((*resultFor(document, "an-bad"))["error"]["status"].get<int>(), 529);
    }

    // One version with two tools and a JSON schema: each of openai, anthropic and gemini is sent
    // both, in its own wire format (the fake provider's request log).
    void toolsAndSchemaTravelTogetherInEveryFormat()
    {
        const nlohmann::json schema = {{"type", "object"},
            {"properties", {{"label", {{"type", "string"}}}}}, {"required", {"label"}}};
        const nlohmann::json tools = nlohmann::json::array(
            {{{"name", "lookup_order"}, {"description", "Find an order"},
                 {"parameters",
                     {{"type", "object"}, {"properties", {{"id", {{"type", "string"}}}}}}}},
                {{"name", "refund"}, {"description", "Refund an order"},
                    {"parameters", {{"type", "object"}}}}});
        const nlohmann::json version = {{"messages",
                                            {{{"role", "system"}, {"content", kSystem}},
                                                {{"role", "user"}, {"content", kUser}}}},
            {"params",
                {{"response_format", {{"type", "json_schema"}, {"name", "label"}, {"schema", schema}}},
                    {"tools", tools}}}};
        const QString file = m_dir.filePath(QStringLiteral("tools.json"));
        QVERIFY(ps::test::writeFile(file, QByteArray::fromStdString(version.dump())));
        mustSucceed({"version", "save", "greet", "--from", file, "-m", "tools and schema"});

        const auto sent = [this](const char *target) {
            const CliResult result = inProject({"run", "greet", "--target", target});
            if (result.exitCode != 0)
                qWarning("%s", describe(result).constData());
            return nlohmann::json::parse(m_server.lastRequestBody(), nullptr, false);
        };
        const nlohmann::json openai = sent("oa");
        QCOMPARE(openai["tools"].size(), std::size_t(2));
        QCOMPARE(str(openai["tools"][0]["function"]["name"]), QStringLiteral("lookup_order"));
        QCOMPARE(str(openai["tools"][1]["function"]["name"]), QStringLiteral("refund"));
        QCOMPARE(str(openai["response_format"]["type"]), QStringLiteral("json_schema"));
        QCOMPARE(dumped(openai["response_format"]["json_schema"]["schema"]), dumped(schema));

        const nlohmann::json anthropic = sent("an");
        QCOMPARE(anthropic["tools"].size(), std::size_t(2));
        QCOMPARE(str(anthropic["tools"][0]["name"]), QStringLiteral("lookup_order"));
        QCOMPARE(dumped(anthropic["tools"][0]["input_schema"]), dumped(tools[0]["parameters"]));
        QCOMPARE(dumped(anthropic["output_config"]["format"]["schema"]), dumped(schema));

        const nlohmann::json gemini = sent("ge");
        const nlohmann::json &declarations = gemini["tools"][0]["functionDeclarations"];
        QCOMPARE(declarations.size(), std::size_t(2));
        QCOMPARE(str(declarations[1]["name"]), QStringLiteral("refund"));
        QCOMPARE(str(gemini["generationConfig"]["responseMimeType"]),
            QStringLiteral("application/json"));
        QCOMPARE(dumped(gemini["generationConfig"]["responseJsonSchema"]), dumped(schema));
    }
};

QTEST_GUILESS_MAIN(TestCliRunProviders)
#include "test_cli_run_providers.moc"
