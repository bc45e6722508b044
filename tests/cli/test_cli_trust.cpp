// A project from elsewhere cannot send a key, or a prompt, where this machine's user never
// approved (CLI.md "Trust"), and no output option can overwrite the project. Every attack here
// is made on the file itself, as a teammate's edited copy would arrive, against a real
// listening socket (the fake provider) that counts what reaches it.
#include "cli_test_helpers.h"

#include "fake_provider_server.h"

#include <sqlite3.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using namespace ps::test;

namespace {

constexpr const char *kSecret = "aws-secret-canary-1234567890";

// Writes a provider's stored config as an attacker editing the file would.
bool setProviderConfig(const QString &project, const std::string &id, const nlohmann::json &config)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(project.toUtf8().constData(), &db) != SQLITE_OK)
        return false;
    const std::string sql = "INSERT INTO providers(id, config, created) VALUES(?1, ?2, "
                            "'2026-01-01T00:00:00Z') ON CONFLICT(id) DO UPDATE SET config = ?2";
    sqlite3_stmt *statement = nullptr;
    bool ok = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK;
    const std::string text = config.dump();
    ok = ok && sqlite3_bind_text(statement, 1, id.c_str(), -1, SQLITE_TRANSIENT) == SQLITE_OK
        && sqlite3_bind_text(statement, 2, text.c_str(), -1, SQLITE_TRANSIENT) == SQLITE_OK
        && sqlite3_step(statement) == SQLITE_DONE;
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return ok;
}

bool addTargetRow(const QString &project, const std::string &id, const std::string &provider)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(project.toUtf8().constData(), &db) != SQLITE_OK)
        return false;
    const std::string sql = "INSERT INTO targets(id, provider_id, model, created) VALUES('" + id
        + "', '" + provider + "', 'm1', '2026-01-01T00:00:00Z')";
    const bool ok = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

nlohmann::json providerConfig(const std::string &id, const std::string &kind,
    const std::string &url, const std::string &variable)
{
    return {{"id", id}, {"kind", kind}, {"base_url", url}, {"api_key_env", variable},
        {"api_version", ""}, {"concurrency", 4}, {"rpm", 0}, {"timeout_seconds", 10}};
}

} // namespace

class TestCliTrust : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    fakeprovider::FakeProviderServer m_server;

    // The variables a shared project would like to read; the same in every run.
    static QStringList secretsInEnvironment()
    {
        return {QStringLiteral("AWS_SECRET_ACCESS_KEY=") + QString::fromLatin1(kSecret),
            QStringLiteral("GITHUB_TOKEN=") + QString::fromLatin1(kSecret),
            QStringLiteral("OPENAI_API_KEY=") + QString::fromLatin1(kSecret)};
    }
    CliResult inProject(std::initializer_list<Arg> args, QStringList env = {})
    {
        return runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args), {},
            secretsInEnvironment() + env);
    }
    QByteArray projectBytes() const { return readFile(m_project); }
    // The demo's echo provider turned by a teammate's edit into one that sends a key.
    void makeEchoSendTheKey()
    {
        QVERIFY(setProviderConfig(m_project, "echo",
            providerConfig(
                "echo", "openai-compatible", m_server.baseUrl(), "AWS_SECRET_ACCESS_KEY")));
    }

private slots:
    void initTestCase() { QVERIFY(m_server.start()); }
    void cleanupTestCase() { m_server.stop(); }
    void init()
    {
        // Approvals are per test: each starts on a machine that approved nothing.
        QDir(configHome()).removeRecursively();
        QDir().mkpath(configHome());
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_project = m_dir->filePath(QStringLiteral("shared.promptsmith"));
        const CliResult created = cli({"init", m_project, "--demo"});
        QVERIFY2(created.exitCode == 0, describe(created));
    }

    void editedEchoProviderSendsNothing()
    {
        makeEchoSendTheKey();
        const int before = m_server.requestCount();
        const CliResult result
            = inProject({"run", "ticket-triage", "--target", "echo", "--var", "ticket=hi"});
        QVERIFY2(result.exitCode == 3, describe(result));
        QCOMPARE(m_server.requestCount(), before);
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(QStringLiteral("AWS_SECRET_ACCESS_KEY")), result.err);
        QVERIFY2(
            err.contains(QString::fromStdString("127.0.0.1:" + std::to_string(m_server.port()))),
            result.err);
        QVERIFY2(err.contains(QStringLiteral("provider trust echo")), result.err);
        QVERIFY(!result.out.contains(kSecret) && !result.err.contains(kSecret));
        // No run was stored either: the refusal comes before anything.
        const nlohmann::json runs = jsonOut(inProject({"runs", "--json"}));
        QCOMPARE(runs["runs"].size(), std::size_t(0));
    }

    void jsonRefusalNamesHostAndVariable()
    {
        makeEchoSendTheKey();
        const CliResult result = inProject(
            {"run", "ticket-triage", "--target", "echo", "--var", "ticket=hi", "--json"});
        QCOMPARE(result.exitCode, 3);
        const nlohmann::json error = jsonOut(result)["error"];
        QCOMPARE(str(error["kind"]), QStringLiteral("untrusted"));
        QCOMPARE(str(error["variable"]), QStringLiteral("AWS_SECRET_ACCESS_KEY"));
        QCOMPARE(str(error["host"]),
            QString::fromStdString("127.0.0.1:" + std::to_string(m_server.port())));
        QCOMPARE(str(error["provider"]), QStringLiteral("echo"));
    }

    void trustApprovesThenUntrustWithdraws()
    {
        makeEchoSendTheKey();
        const CliResult trusted = inProject({"provider", "trust", "echo"});
        QVERIFY2(trusted.exitCode == 0, describe(trusted));
        QVERIFY(trusted.out.contains("AWS_SECRET_ACCESS_KEY"));
        const int before = m_server.requestCount();
        const CliResult sent
            = inProject({"run", "ticket-triage", "--target", "echo", "--var", "ticket=hi"});
        QVERIFY2(sent.exitCode == 0, describe(sent));
        QCOMPARE(m_server.requestCount(), before + 1);
        QCOMPARE(QString::fromStdString(m_server.lastAuthorization()),
            QStringLiteral("Bearer ") + QString::fromLatin1(kSecret));
        // Approvals live outside the project: the file holds no trace of them.
        QVERIFY(
            QFile::exists(configHome() + QStringLiteral("/promptsmith/trusted-providers.json")));
        QVERIFY(!projectBytes().contains("trusted"));

        QCOMPARE(inProject({"provider", "untrust", "echo"}).exitCode, 0);
        const CliResult again
            = inProject({"run", "ticket-triage", "--target", "echo", "--var", "ticket=hi"});
        QCOMPARE(again.exitCode, 3);
        QCOMPARE(m_server.requestCount(), before + 1);
    }

    void trustedHostsVariableApprovesForCi()
    {
        makeEchoSendTheKey();
        const int before = m_server.requestCount();
        const CliResult result
            = inProject({"run", "ticket-triage", "--target", "echo", "--var", "ticket=hi"},
                {QStringLiteral("PROMPTSMITH_TRUSTED_HOSTS=api.example.com, 127.0.0.1:")
                    + QString::number(m_server.port())});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(m_server.requestCount(), before + 1);
        // Another port of the same host is not approved by host:port.
        const CliResult other
            = inProject({"run", "ticket-triage", "--target", "echo", "--var", "ticket=hi"},
                {QStringLiteral("PROMPTSMITH_TRUSTED_HOSTS=127.0.0.1:1")});
        QCOMPARE(other.exitCode, 3);
        QCOMPARE(m_server.requestCount(), before + 1);
    }

    void judgeNamedInADatasetIsRefused()
    {
        // An offline evaluation whose dataset names a judge the project points at a host.
        QVERIFY(setProviderConfig(m_project, "gh",
            providerConfig("gh", "openai-compatible", m_server.baseUrl(), "GITHUB_TOKEN")));
        QVERIFY(addTargetRow(m_project, "judge", "gh"));
        const QString cases = m_dir->filePath(QStringLiteral("cases.jsonl"));
        const nlohmann::json line = {{"vars", {{"ticket", "I was charged twice"}}},
            {"assert", {{{"type", "llm-rubric"}, {"value", "is polite"}, {"provider", "judge"}}}}};
        QVERIFY(writeFile(cases, QByteArray::fromStdString(line.dump() + "\n")));
        QCOMPARE(inProject({"dataset", "import", "judged", cases}).exitCode, 0);
        const int before = m_server.requestCount();
        const CliResult result = inProject(
            {"eval", "ticket-triage", "--dataset", "judged", "--target", "echo", "--json"});
        QVERIFY2(result.exitCode == 3, describe(result));
        QCOMPARE(m_server.requestCount(), before);
        QVERIFY(result.out.contains("GITHUB_TOKEN"));
        QVERIFY(result.out.contains("provider trust gh"));
        const nlohmann::json runs = jsonOut(inProject({"runs", "--json"}));
        QCOMPARE(runs["runs"].size(), std::size_t(0));
    }

    void userInfoUrlShowsTheRealHostAndIsRefused()
    {
        const std::string sneaky
            = "http://api.openai.com:443@127.0.0.1:" + std::to_string(m_server.port()) + "/v1";
        QVERIFY(setProviderConfig(
            m_project, "echo", providerConfig("echo", "openai", sneaky, "OPENAI_API_KEY")));
        const CliResult list = inProject({"provider", "list"});
        QVERIFY2(list.exitCode == 0, describe(list));
        QVERIFY2(list.out.contains(QByteArray("127.0.0.1:") + QByteArray::number(m_server.port())),
            list.out);
        QVERIFY2(!list.out.contains("api.openai.com"), list.out);
        QVERIFY(list.out.contains("refused"));

        const int before = m_server.requestCount();
        QCOMPARE(inProject({"provider", "trust", "echo"}).exitCode, 3);
        const CliResult result = inProject(
            {"run", "ticket-triage", "--target", "echo", "--var", "ticket=hi", "--json"},
            {QStringLiteral("PROMPTSMITH_TRUSTED_HOSTS=127.0.0.1")});
        QVERIFY(result.exitCode != 0);
        QCOMPARE(m_server.requestCount(), before);
        QVERIFY2(result.out.contains("user name or password"), result.out);

        const CliResult add = inProject({"provider", "add", "x", "--kind", "openai", "--base-url",
            QString::fromStdString(sneaky)});
        QCOMPARE(add.exitCode, 3);
    }

    void keyNeverCrossesTheNetworkOverPlainHttp()
    {
        const CliResult add = inProject({"provider", "add", "lan", "--kind", "openai-compatible",
            "--base-url", "http://models.example.com/v1", "--api-key-env", "LAN_KEY"});
        QCOMPARE(add.exitCode, 3);
        QVERIFY2(add.err.contains("plain http"), add.err);
        // To this machine it may; and over https anywhere.
        QCOMPARE(inProject({"provider", "add", "local", "--kind", "openai-compatible", "--base-url",
                               "http://localhost:8080/v1", "--api-key-env", "LOCAL_KEY"})
                     .exitCode,
            0);
        QCOMPARE(inProject({"provider", "add", "tls", "--kind", "openai-compatible", "--base-url",
                               "https://models.example.com/v1", "--api-key-env", "TLS_KEY"})
                     .exitCode,
            0);
    }

    void plainlyNotAKeyVariableIsRefused()
    {
        for (const char *variable :
            {"HOME", "PATH", "USER", "SHELL", "LC_ALL", "XDG_RUNTIME_DIR"}) {
            const CliResult add = inProject(
                {"provider", "add", "p", "--kind", "openai", "--api-key-env", variable});
            QVERIFY2(add.exitCode == 3, variable);
        }
        QVERIFY(setProviderConfig(m_project, "echo",
            providerConfig("echo", "openai-compatible", m_server.baseUrl(), "HOME")));
        const int before = m_server.requestCount();
        const CliResult result
            = inProject({"run", "ticket-triage", "--target", "echo", "--var", "ticket=hi"},
                {QStringLiteral("PROMPTSMITH_TRUSTED_HOSTS=127.0.0.1")});
        QVERIFY(result.exitCode != 0);
        QCOMPARE(m_server.requestCount(), before);
    }

    void echoKindNeverTakesAUrlOrKey()
    {
        // Still echo, but with an endpoint and a key written in: it stays offline.
        QVERIFY(setProviderConfig(m_project, "echo",
            providerConfig("echo", "echo", m_server.baseUrl(), "AWS_SECRET_ACCESS_KEY")));
        const int before = m_server.requestCount();
        const CliResult result = inProject({"run", "ticket-triage", "--target", "echo", "--var",
            "ticket=offline please", "--json"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(m_server.requestCount(), before);
        QVERIFY(result.out.contains("offline please"));
    }

    void providersAddedHereAreApproved()
    {
        const CliResult add = inProject({"provider", "add", "fake", "--kind", "openai",
            "--base-url", QString::fromStdString(m_server.baseUrl())});
        QVERIFY2(add.exitCode == 0, describe(add));
        QCOMPARE(
            inProject({"target", "add", "f", "--provider", "fake", "--model", "m1"}).exitCode, 0);
        const nlohmann::json list = jsonOut(inProject({"provider", "list", "--json"}));
        bool found = false;
        for (const auto &provider : list["providers"]) {
            if (provider["id"] == "fake") {
                found = true;
                QCOMPARE(str(provider["trust"]), QStringLiteral("yes"));
                QCOMPARE(str(provider["host"]),
                    QString::fromStdString("127.0.0.1:" + std::to_string(m_server.port())));
            }
        }
        QVERIFY(found);
        const int before = m_server.requestCount();
        // A proxy in the environment never sees a request to this machine (nor its key).
        const CliResult result
            = inProject({"run", "ticket-triage", "--target", "f", "--var", "ticket=hi"},
                {QStringLiteral("http_proxy=http://127.0.0.1:9"), QStringLiteral("NO_PROXY="),
                    QStringLiteral("no_proxy=")});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(m_server.requestCount(), before + 1);
    }

    void outputOptionsNeverOverwriteTheProject()
    {
        const QString cases = m_dir->filePath(QStringLiteral("cases.jsonl"));
        QVERIFY(writeFile(cases, "{\"vars\": {\"ticket\": \"a\"}}\n"));
        QCOMPARE(inProject({"dataset", "import", "one", cases}).exitCode, 0);
        const CliResult evaluated = inProject(
            {"eval", "ticket-triage", "--dataset", "one", "--target", "echo", "--json"});
        QVERIFY2(evaluated.exitCode == 0, describe(evaluated));
        const QString runId = str(jsonOut(evaluated)["run_id"]);
        QVERIFY(!runId.isEmpty());

        QVERIFY(QFile::link(m_project, m_dir->filePath(QStringLiteral("link.promptsmith"))));
        const QStringList aliases {m_project,
            m_dir->filePath(QStringLiteral("sub/../shared.promptsmith")),
            m_dir->filePath(QStringLiteral("link.promptsmith")), m_project + QStringLiteral("-wal"),
            m_project + QStringLiteral("-shm")};
        QDir(m_dir->path()).mkpath(QStringLiteral("sub"));
        const QByteArray before = projectBytes();
        for (const QString &alias : aliases) {
            const CliResult report = inProject({"report", runId, "--format", "html", "-o", alias});
            QVERIFY2(report.exitCode == 2,
                qPrintable(alias + QLatin1Char(' ') + QString::fromUtf8(report.err)));
            QVERIFY(report.err.contains("would destroy it"));
            const CliResult eval = inProject({"eval", "ticket-triage", "--dataset", "one",
                "--target", "echo", "--output", alias});
            QVERIFY2(eval.exitCode == 2, qPrintable(alias));
            QCOMPARE(projectBytes(), before);
        }
        // Nothing was started by the refused evaluations.
        QCOMPARE(jsonOut(inProject({"runs", "--json"}))["runs"].size(), std::size_t(1));

        // `copy` never writes over the project (nor any file), and its copy is complete.
        QCOMPARE(inProject({"copy", m_project}).exitCode, 2);
        const QString copy = m_dir->filePath(QStringLiteral("copy.promptsmith"));
        QCOMPARE(inProject({"copy", copy}).exitCode, 0);
        QCOMPARE(inProject({"copy", copy}).exitCode, 3);
        QCOMPARE(jsonOut(runCli({QStringLiteral("--project"), copy, QStringLiteral("runs"),
                     QStringLiteral("--json")}))["runs"]
                     .size(),
            std::size_t(1));
        QCOMPARE(projectBytes(), before);

        // A real output file is written whole, with no temporary file left beside it.
        const QString out = m_dir->filePath(QStringLiteral("report.html"));
        QCOMPARE(inProject({"report", runId, "--format", "html", "-o", out}).exitCode, 0);
        QVERIFY(readFile(out).contains("<html"));
        const QStringList left = QDir(m_dir->path()).entryList(QDir::Hidden | QDir::Files);
        for (const QString &name : left)
            QVERIFY2(!name.startsWith(QLatin1Char('.')), qPrintable(name));
    }
};

QTEST_GUILESS_MAIN(TestCliTrust)
#include "test_cli_trust.moc"
