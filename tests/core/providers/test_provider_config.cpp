#include "providers/provider_config.h"
#include "secrets/secret_store.h"

#include <QtTest>

#include <map>

using namespace ps::providers;

namespace {

// A fake environment that also records which variables were asked for.
struct FakeEnv
{
    std::map<std::string, std::string> values;
    std::shared_ptr<std::vector<std::string>> asked = std::make_shared<std::vector<std::string>>();

    EnvLookup lookup() const
    {
        return [values = values, asked = asked](const std::string &name) {
            asked->push_back(name);
            const auto it = values.find(name);
            return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
        };
    }
};

ProviderConfig config(ProviderKind kind, std::string baseUrl = {}, std::string keyEnv = {})
{
    ProviderConfig c;
    c.id = "p";
    c.kind = kind;
    c.baseUrl = std::move(baseUrl);
    c.apiKeyEnv = std::move(keyEnv);
    return c;
}

} // namespace

class TestProviderConfig : public QObject
{
    Q_OBJECT

private slots:
    void kindNames()
    {
        for (const char *name : {"openai", "openai-compatible", "azure-openai", "anthropic",
                 "gemini", "ollama", "echo"}) {
            const auto kind = providerKindFromString(name);
            QVERIFY2(kind, name);
            QCOMPARE(toString(*kind), name);
        }
        QVERIFY(!providerKindFromString("OpenAI"));
        QVERIFY(!providerKindFromString(""));
    }

    void defaults_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("keyEnv");
        QTest::newRow("openai") << "openai"
                                << "https://api.openai.com/v1"
                                << "OPENAI_API_KEY";
        QTest::newRow("anthropic") << "anthropic"
                                   << "https://api.anthropic.com"
                                   << "ANTHROPIC_API_KEY";
        QTest::newRow("gemini") << "gemini"
                                << "https://generativelanguage.googleapis.com"
                                << "GEMINI_API_KEY";
        QTest::newRow("ollama") << "ollama"
                                << "http://localhost:11434"
                                << "";
        QTest::newRow("azure-openai") << "azure-openai"
                                      << ""
                                      << "AZURE_OPENAI_API_KEY";
        // An arbitrary server is not sent the user's OpenAI key unless asked to.
        QTest::newRow("openai-compatible") << "openai-compatible"
                                           << ""
                                           << "";
        QTest::newRow("echo") << "echo"
                              << ""
                              << "";
    }
    void defaults()
    {
        QFETCH(QString, kind);
        QFETCH(QString, baseUrl);
        QFETCH(QString, keyEnv);
        const ProviderConfig resolved = resolveConfig(
            config(*providerKindFromString(kind.toStdString())), FakeEnv().lookup());
        QCOMPARE(QString::fromStdString(resolved.baseUrl), baseUrl);
        QCOMPARE(QString::fromStdString(resolved.apiKeyEnv), keyEnv);
        QCOMPARE(resolved.concurrency, 8);
        QCOMPARE(resolved.timeoutSeconds, 60);
        QCOMPARE(resolved.rpm, 0);
    }

    void environmentOverrides()
    {
        FakeEnv env;
        env.values["OPENAI_BASE_URL"] = "https://proxy.example.com/v1/";
        env.values["OLLAMA_HOST"] = "gpu-box:11500";
        QCOMPARE(resolveConfig(config(ProviderKind::OpenAi), env.lookup()).baseUrl,
            std::string("https://proxy.example.com/v1"));
        QCOMPARE(resolveConfig(config(ProviderKind::Ollama), env.lookup()).baseUrl,
            std::string("http://gpu-box:11500"));
        // OPENAI_BASE_URL is the openai kind's alone.
        QCOMPARE(resolveConfig(config(ProviderKind::OpenAiCompatible), env.lookup()).baseUrl,
            std::string());
        // A configured URL beats the environment.
        QCOMPARE(
            resolveConfig(config(ProviderKind::OpenAi, "https://mine/v1"), env.lookup()).baseUrl,
            std::string("https://mine/v1"));
        QCOMPARE(
            resolveConfig(config(ProviderKind::Ollama, "http://other:1"), env.lookup()).baseUrl,
            std::string("http://other:1"));
        // An empty variable counts as unset.
        FakeEnv blank;
        blank.values["OPENAI_BASE_URL"] = "  ";
        QCOMPARE(resolveConfig(config(ProviderKind::OpenAi), blank.lookup()).baseUrl,
            std::string("https://api.openai.com/v1"));
        // A configured key variable is kept.
        QCOMPARE(resolveConfig(
                     config(ProviderKind::OpenAiCompatible, "http://h/v1", "OPENROUTER_API_KEY"),
                     env.lookup())
                     .apiKeyEnv,
            std::string("OPENROUTER_API_KEY"));
    }

    void ollamaHost_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("url");
        QTest::newRow("host:port") << "gpu:11434"
                                   << "http://gpu:11434";
        QTest::newRow("bare host") << "0.0.0.0"
                                   << "http://0.0.0.0:11434";
        QTest::newRow("http, own default port") << "http://gpu"
                                                << "http://gpu";
        QTest::newRow("https") << "https://ollama.example.com/"
                               << "https://ollama.example.com";
        QTest::newRow("IPv6 with port") << "[::1]:8080"
                                        << "http://[::1]:8080";
        QTest::newRow("IPv6 bare") << "[::1]"
                                   << "http://[::1]:11434";
        QTest::newRow("path kept") << "example.com:80/ollama"
                                   << "http://example.com:80/ollama";
        QTest::newRow("spaces") << " localhost:11434 "
                                << "http://localhost:11434";
    }
    void ollamaHost()
    {
        QFETCH(QString, host);
        QFETCH(QString, url);
        QCOMPARE(QString::fromStdString(ollamaHostToUrl(host.toStdString())), url);
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem"); // a part of the message, or empty when usable
        QTest::newRow("openai") << QByteArray("{\"id\":\"o\",\"kind\":\"openai\"}") << "";
        QTest::newRow("echo") << QByteArray("{\"id\":\"e\",\"kind\":\"echo\"}") << "";
        QTest::newRow("compatible without URL")
            << QByteArray("{\"id\":\"l\",\"kind\":\"openai-compatible\"}") << "--base-url";
        QTest::newRow("compatible with URL") << QByteArray(
            "{\"id\":\"l\",\"kind\":\"openai-compatible\",\"base_url\":"
            "\"http://localhost:8080/v1\"}") << "";
        QTest::newRow("azure without version") << QByteArray(
            "{\"id\":\"a\",\"kind\":\"azure-openai\",\"base_url\":"
            "\"https://r.openai.azure.com\"}") << "--api-version";
        QTest::newRow("not http") << QByteArray("{\"id\":\"x\",\"kind\":\"openai-compatible\","
                                                "\"base_url\":\"localhost:8080\"}")
                                  << "http://";
        QTest::newRow("user-info hides the host")
            << QByteArray("{\"id\":\"x\",\"kind\":\"openai\",\"base_url\":"
                          "\"http://api.openai.com:443@127.0.0.1:9/v1\"}")
            << "127.0.0.1:9";
        QTest::newRow("key over plain http") << QByteArray(
            "{\"id\":\"x\",\"kind\":\"openai\",\"base_url\":"
            "\"http://api.openai.com/v1\"}") << "plain http";
        QTest::newRow("key over http to this machine") << QByteArray(
            "{\"id\":\"x\",\"kind\":\"openai\",\"base_url\":"
            "\"http://127.0.0.1:8080/v1\"}") << "";
        QTest::newRow("no key over plain http") << QByteArray(
            "{\"id\":\"x\",\"kind\":\"openai-compatible\",\"base_url\":"
            "\"http://models.lan:8000/v1\"}") << "";
        QTest::newRow("HOME is no key")
            << QByteArray("{\"id\":\"x\",\"kind\":\"openai\",\"api_key_env\":\"HOME\"}")
            << "not a key variable";
        QTest::newRow("LC_ALL is no key")
            << QByteArray("{\"id\":\"x\",\"kind\":\"openai\",\"api_key_env\":\"LC_ALL\"}")
            << "not a key variable";
        QTest::newRow("echo with a URL and key stays offline") << QByteArray(
            "{\"id\":\"e\",\"kind\":\"echo\",\"base_url\":\"http://1.2.3.4\","
            "\"api_key_env\":\"HOME\"}") << "";
        QTest::newRow("zero concurrency")
            << QByteArray("{\"id\":\"x\",\"kind\":\"openai\",\"concurrency\":0}") << "concurrency";
        QTest::newRow("zero timeout")
            << QByteArray("{\"id\":\"x\",\"kind\":\"openai\",\"timeout_seconds\":0}") << "timeout";
    }
    void validation()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        const auto parsed = ProviderConfig::fromJson(nlohmann::json::parse(json.toStdString()));
        const QString message = QString::fromStdString(validateConfig(parsed));
        if (problem.isEmpty())
            QCOMPARE(message, QString());
        else
            QVERIFY2(message.contains(problem), qPrintable(message));
    }

    // Hardening: plain http to another machine (allowed only without a key) is said to be
    // readable on the way, naming the proxy from the environment without its password.
    void plainHttpIsWarnedAbout()
    {
        FakeEnv env;
        const auto warningFor = [&](const std::string &url) {
            return plainHttpWarning(config(ProviderKind::Ollama, url), env.lookup());
        };
        QCOMPARE(warningFor("https://gpu-box:11434"), std::string());
        QCOMPARE(warningFor("http://127.0.0.1:11434"), std::string());
        QCOMPARE(warningFor("http://localhost:11434"), std::string());
        QVERIFY(plainHttpWarning(config(ProviderKind::Echo), env.lookup()).empty());

        const std::string direct = warningFor("http://gpu-box:11434");
        QVERIFY2(
            direct.find("gpu-box:11434 go over plain http") != std::string::npos, direct.c_str());
        QVERIFY(direct.find("proxy") == std::string::npos);

        env.values["HTTP_PROXY"] = " http://ops:s3cret@proxy.corp:3128 ";
        const std::string proxied = warningFor("http://gpu-box:11434");
        QVERIFY2(
            proxied.find("HTTP_PROXY (proxy.corp:3128)") != std::string::npos, proxied.c_str());
        QVERIFY(proxied.find("s3cret") == std::string::npos);
        env.values["http_proxy"] = "squid:8080"; // the lower-case name wins, as with curl
        QVERIFY(warningFor("http://gpu-box:11434").find("http_proxy (squid:8080)")
            != std::string::npos);
    }

    void jsonRoundTrip()
    {
        ProviderConfig c
            = config(ProviderKind::AzureOpenAi, "https://r.openai.azure.com", "MY_KEY");
        c.id = "azure";
        c.apiVersion = "2024-10-21";
        c.concurrency = 3;
        c.rpm = 60;
        c.timeoutSeconds = 30;
        QCOMPARE(ProviderConfig::fromJson(c.toJson()), c);
        QCOMPARE(c.toJson()["kind"], nlohmann::json("azure-openai"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            ProviderConfig::fromJson(nlohmann::json::parse("{\"kind\":\"x\"}")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            ProviderConfig::fromJson(nlohmann::json::parse("{\"kind\":\"openai\",\"rpm\":\"5\"}")));
    }

    void envSecretStore()
    {
        FakeEnv env;
        env.values["OPENAI_API_KEY"] = "sk-abc\n"; // pasted with a newline
        env.values["OPENROUTER_API_KEY"] = "or-key";
        env.values["EMPTY_KEY"] = "";
        const ps::secrets::EnvSecretStore store(env.lookup());
        QCOMPARE(store.apiKey(config(ProviderKind::OpenAi)), std::optional<std::string>("sk-abc"));
        QCOMPARE(store.apiKey(
                     config(ProviderKind::OpenAiCompatible, "http://h/v1", "OPENROUTER_API_KEY")),
            std::optional<std::string>("or-key"));
        QCOMPARE(store.apiKey(config(ProviderKind::OpenAi, {}, "EMPTY_KEY")), std::nullopt);
        QCOMPARE(store.apiKey(config(ProviderKind::Anthropic)), std::nullopt);
        env.asked->clear();
        // No variable by default: nothing is read, so no OpenAI key leaks to a local server.
        QCOMPARE(store.apiKey(config(ProviderKind::OpenAiCompatible, "http://h/v1")), std::nullopt);
        QCOMPARE(store.apiKey(config(ProviderKind::Echo)), std::nullopt);
        QVERIFY(env.asked->empty());
        QCOMPARE(ps::secrets::EnvSecretStore::variableFor(config(ProviderKind::Gemini)),
            std::string("GEMINI_API_KEY"));
    }

    void redact()
    {
        using ps::secrets::redact;
        QCOMPARE(
            redact("a sk-secret-123 b sk-secret-123", "sk-secret-123"), std::string("a *** b ***"));
        QCOMPARE(redact("no key here", "sk-secret-123"), std::string("no key here"));
        QCOMPARE(redact("the key", "key"), std::string("the key")); // too short to redact safely
        // Short real keys are redacted too (hunter2 was stored in an error message).
        QCOMPARE(redact("bad key hunter2 given", "hunter2"), std::string("bad key *** given"));
        QCOMPARE(redact("pin 1234.", "1234"), std::string("pin ***."));
        QVERIFY(ps::secrets::hasControlCharacters("sk-abc\nX-Injected: 1"));
        QVERIFY(!ps::secrets::hasControlCharacters("sk-abc-123"));
    }
};

QTEST_APPLESS_MAIN(TestProviderConfig)
#include "test_provider_config.moc"
