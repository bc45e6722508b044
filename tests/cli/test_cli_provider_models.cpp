// `provider models` (the window's "Test connection"): each kind's list read from a server that
// speaks its format, a wrong or missing key said in the provider's words without the key, and
// a provider this machine never approved refused before a byte is sent.
#include "cli_test_helpers.h"

#include "fake_provider_server.h"

#include <sqlite3.h>

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using namespace ps::test;

namespace {
constexpr const char *kKey = "list-key-canary-4711";
constexpr const char *kWrongKey = "wrong-key-canary-0815";
} // namespace

class TestCliProviderModels : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    fakeprovider::FakeProviderServer m_server {fakeprovider::FakeProviderOptions {kKey, {}, {}}};

    CliResult inProject(std::initializer_list<Arg> args, const char *key = kKey)
    {
        QStringList env;
        if (key)
            env << QStringLiteral("FAKE_KEY=") + QString::fromLatin1(key);
        return runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args), {}, env);
    }
    void addProvider(const char *id, const char *kind, const std::string &url, bool key = true)
    {
        const QString base = QString::fromStdString(url);
        const CliResult added = key
            ? inProject({"provider", "add", id, "--kind", kind, "--base-url", base,
                  "--api-key-env", "FAKE_KEY"})
            : inProject({"provider", "add", id, "--kind", kind, "--base-url", base});
        QVERIFY2(added.exitCode == 0, describe(added));
    }

private slots:
    void initTestCase() { QVERIFY(m_server.start()); }
    void cleanupTestCase() { m_server.stop(); }
    void init()
    {
        QDir(configHome()).removeRecursively();
        QDir().mkpath(configHome());
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_project = m_dir->filePath(QStringLiteral("p.promptsmith"));
        const CliResult created = runCli({QStringLiteral("init"), m_project});
        QVERIFY2(created.exitCode == 0, describe(created));
    }

    void listsEachKind_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("named"); // the format gives display names
        QTest::newRow("openai-compatible") << "openai-compatible" << "/v1/models" << false;
        QTest::newRow("anthropic") << "anthropic" << "/v1/models?limit=1000" << true;
        QTest::newRow("gemini") << "gemini" << "/v1beta/models?pageSize=1000" << true;
        QTest::newRow("ollama") << "ollama" << "/api/tags" << false;
    }

    void listsEachKind()
    {
        QFETCH(QString, kind);
        QFETCH(QString, path);
        QFETCH(bool, named);
        const std::string url
            = kind == QStringLiteral("openai-compatible") ? m_server.baseUrl() : m_server.hostUrl();
        addProvider("p", kind.toUtf8().constData(), url);
        const int before = m_server.requestCount();
        const CliResult result = inProject({"--json", "provider", "models", "p"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(m_server.requestCount(), before + 1); // one request, the list
        const nlohmann::json out = jsonOut(result);
        QVERIFY(str(out["url"]).endsWith(path));
        QVERIFY(out["round_trip_ms"].get<double>() > 0);
        QStringList ids;
        for (const auto &model : out["models"]) {
            ids << str(model["id"]);
            QCOMPARE(str(model["name"]).isEmpty(), !named);
        }
        // Ollama names a model with its tag; Gemini's embedding model is not offered.
        QCOMPARE(ids,
            kind == QStringLiteral("ollama")
                ? (QStringList {QStringLiteral("fake-large:latest"), QStringLiteral("fake-small:latest")})
                : (QStringList {QStringLiteral("fake-large"), QStringLiteral("fake-small")}));
        // The key travelled in its header, and is in no output.
        QVERIFY(!result.out.contains(kKey) && !result.err.contains(kKey));

        // Text: one model a line, then what it took.
        const CliResult text = inProject({"provider", "models", "p"});
        QVERIFY2(text.exitCode == 0, describe(text));
        QVERIFY2(text.out.contains("2 models from provider p in "), text.out.constData());
    }

    void aWrongKeyIsSaidInTheProvidersWords_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("words");
        QTest::newRow("openai-compatible") << "openai-compatible" << "Incorrect API key provided.";
        QTest::newRow("anthropic") << "anthropic" << "invalid x-api-key";
        QTest::newRow("gemini") << "gemini" << "API key not valid";
    }

    void aWrongKeyIsSaidInTheProvidersWords()
    {
        QFETCH(QString, kind);
        QFETCH(QString, words);
        const std::string url
            = kind == QStringLiteral("openai-compatible") ? m_server.baseUrl() : m_server.hostUrl();
        addProvider("p", kind.toUtf8().constData(), url);
        const CliResult result = inProject({"--json", "provider", "models", "p"}, kWrongKey);
        QCOMPARE(result.exitCode, 4);
        const nlohmann::json error = jsonOut(result)["error"];
        QCOMPARE(str(error["kind"]), QStringLiteral("auth"));
        QVERIFY2(str(error["message"]).contains(words), result.out.constData());
        QVERIFY(!result.out.contains(kWrongKey) && !result.err.contains(kWrongKey));
    }

    void aMissingKeySendsNothing()
    {
        addProvider("p", "anthropic", m_server.hostUrl());
        const int before = m_server.requestCount();
        const CliResult result = inProject({"provider", "models", "p"}, nullptr);
        QCOMPARE(result.exitCode, 4);
        QVERIFY2(result.err.contains("FAKE_KEY is not set"), result.err.constData());
        QCOMPARE(m_server.requestCount(), before);
    }

    // A project from elsewhere whose provider points a key at this server: refused, untouched.
    void anUnapprovedDestinationGetsNoByte()
    {
        addProvider("p", "openai-compatible", m_server.baseUrl());
        QDir(configHome()).removeRecursively(); // this machine approved nothing
        QDir().mkpath(configHome());
        const int before = m_server.requestCount();
        const CliResult result = inProject({"--json", "provider", "models", "p"});
        QCOMPARE(result.exitCode, 3);
        QCOMPARE(str(jsonOut(result)["error"]["kind"]), QStringLiteral("untrusted"));
        QCOMPARE(m_server.requestCount(), before);
        QVERIFY(!result.out.contains(kKey) && !result.err.contains(kKey));
    }

    void echoListsItsModelOffline()
    {
        m_project = m_dir->filePath(QStringLiteral("d.promptsmith"));
        const CliResult demo = runCli({QStringLiteral("init"), m_project, QStringLiteral("--demo")});
        QVERIFY2(demo.exitCode == 0, describe(demo));
        const CliResult result = inProject({"--json", "provider", "models", "echo"});
        QVERIFY2(result.exitCode == 0, describe(result));
        const nlohmann::json out = jsonOut(result);
        QCOMPARE(out["models"].size(), std::size_t(1));
        QCOMPARE(str(out["models"][0]["id"]), QStringLiteral("echo"));
        QCOMPARE(out["round_trip_ms"].get<double>(), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestCliProviderModels)
#include "test_cli_provider_models.moc"
