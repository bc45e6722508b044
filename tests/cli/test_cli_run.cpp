// `run` end to end: the real CLI sends a version to the in-process fake provider and to the echo
// provider at once, stores every answer, and reports faults, streaming, Ctrl+C and keys right.
#include "cli_test_helpers.h"

#include "fake_provider_server.h"
#include "store/project.h"
#include "store/run_store.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <optional>

using namespace ps;
using namespace ps::test;

namespace {

constexpr const char *kSystem = "You are terse.";
constexpr const char *kUser = "Say hello to {{name}} please";

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

// The fake provider's documented reply: "Echo from <model>: " and the user message's first
// 8 words.
std::string fakeReply(const std::string &model, const std::string &user)
{
    return "Echo from " + model + ": " + user;
}

} // namespace

class TestCliRun : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;
    fakeprovider::FakeProviderServer m_server;

    QStringList projectArgs(std::initializer_list<Arg> args) const
    {
        return QStringList {QStringLiteral("--project"), m_project} + argList(args);
    }
    CliResult inProject(std::initializer_list<Arg> args, std::initializer_list<Arg> env = {})
    {
        return runCli(projectArgs(args), {}, argList(env));
    }
    void mustSucceed(std::initializer_list<Arg> args)
    {
        const CliResult result = inProject(args);
        QVERIFY2(result.exitCode == 0, describe(result));
    }

    // The run's stored responses, read through the store as a later session would.
    std::vector<store::ResponseRecord> storedResponses(const std::string &runId)
    {
        const store::Project project = store::Project::open(m_project.toStdString());
        return store::RunStore(project).responses(runId);
    }
    nlohmann::json listedRun(const std::string &runId)
    {
        const nlohmann::json document = jsonOut(inProject({"runs", "--json"}));
        for (const auto &run : document["runs"])
            if (run["id"] == runId)
                return run;
        return nullptr;
    }
    static const nlohmann::json *resultFor(const nlohmann::json &document, const char *target)
    {
        for (const auto &result : document["results"])
            if (result["target"] == target)
                return &result;
        return nullptr;
    }

    // A QProcess running the CLI, for tests that watch output as it comes.
    void startCli(QProcess &process, const QStringList &args)
    {
        process.setProcessEnvironment(cliEnvironment());
        process.start(QStringLiteral(PS_CLI_PATH), args);
        QVERIFY(process.waitForStarted(10000));
        process.closeWriteChannel();
    }
    static bool waitForOutput(QProcess &process, const QByteArray &needle, QByteArray &seen)
    {
        QElapsedTimer timer;
        timer.start();
        while (!seen.contains(needle) && timer.elapsed() < 20000) {
            if (process.state() != QProcess::Running)
                return false;
            process.waitForReadyRead(500);
            seen += process.readAllStandardOutput();
        }
        return seen.contains(needle);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        m_project = m_dir.filePath(QStringLiteral("p.promptsmith"));
        const nlohmann::json version = {{"messages",
                                            {{{"role", "system"}, {"content", kSystem}},
                                                {{"role", "user"}, {"content", kUser}}}},
            {"params", {{"temperature", 0.5}, {"max_tokens", 100}}}};
        QVERIFY(createGreetProject(m_project, version));

        const QString url = QString::fromStdString(m_server.baseUrl());
        mustSucceed({"provider", "add", "fake", "--kind", "openai-compatible", "--base-url", url,
            "--timeout", "10"});
        mustSucceed({"provider", "add", "impatient", "--kind", "openai-compatible", "--base-url",
            url, "--timeout", "1"});
        mustSucceed({"provider", "add", "echo", "--kind", "echo"});
        mustSucceed({"target", "add", "mini", "--provider", "fake", "--model", "gpt-test",
            "--param", "temperature=0"});
        mustSucceed({"target", "add", "echo", "--provider", "echo", "--model", "echo"});
        mustSucceed({"target", "add", "broken", "--provider", "fake", "--model", "fault:500"});
        mustSucceed({"target", "add", "stalled", "--provider", "impatient", "--model",
            "fault:stall-first:20000"});
        mustSucceed({"target", "add", "drip", "--provider", "fake", "--model", "fault:drip:300"});
        mustSucceed(
            {"target", "add", "hung", "--provider", "fake", "--model", "fault:stall-first:20000"});
    }
    void cleanupTestCase() { m_server.stop(); }

    void answersFromTheFakeServerAndEcho()
    {
        const CliResult result = inProject({"run", "greet", "--target", "mini", "--target", "echo",
            "--var", "name=Ada", "--json"});
        QVERIFY2(result.exitCode == 0, describe(result));
        const nlohmann::json document = jsonOut(result);
        QCOMPARE(document["results"].size(), std::size_t(2));
        QCOMPARE(str(document["results"][0]["target"]), QStringLiteral("mini")); // as asked
        const std::string user = "Say hello to Ada please";

        const nlohmann::json &mini = *resultFor(document, "mini");
        QCOMPARE(keysOf(mini),
            (QStringList {QStringLiteral("attempts"), QStringLiteral("cached"),
                QStringLiteral("cost_usd"), QStringLiteral("error"),
                QStringLiteral("fell_back_from"), QStringLiteral("finish_reason"),
                QStringLiteral("model"), QStringLiteral("notes"), QStringLiteral("queued_ms"),
                QStringLiteral("target"), QStringLiteral("text"),
                QStringLiteral("tokens_per_second"), QStringLiteral("total_ms"),
                QStringLiteral("ttft_ms"), QStringLiteral("usage")}));
        QCOMPARE(keysOf(mini["usage"]),
            (QStringList {QStringLiteral("input_tokens"), QStringLiteral("output_tokens"),
                QStringLiteral("reasoning_tokens")}));
        QVERIFY(mini["notes"].is_array());
        QVERIFY(mini["queued_ms"].get<double>() >= 0);
        QVERIFY(mini["tokens_per_second"].is_null() || mini["tokens_per_second"].get<double>() > 0);
        QCOMPARE(str(mini["model"]), QStringLiteral("gpt-test"));
        const std::string reply = fakeReply("gpt-test", user);
        QCOMPARE(str(mini["text"]), QString::fromStdString(reply));
        QCOMPARE(str(mini["finish_reason"]), QStringLiteral("stop"));
        QCOMPARE(
            mini["usage"]["input_tokens"].get<long long>(), wordCount(kSystem) + wordCount(user));
        QCOMPARE(mini["usage"]["output_tokens"].get<long long>(), wordCount(reply));
        QVERIFY(mini["ttft_ms"].get<double>() > 0);
        QVERIFY(mini["ttft_ms"].get<double>() <= mini["total_ms"].get<double>());
        QCOMPARE(mini["attempts"].get<int>(), 1);
        QCOMPARE(mini["cached"].get<bool>(), false);
        QVERIFY(mini["cost_usd"].is_null() && mini["fell_back_from"].is_null());
        QVERIFY(mini["error"].is_null());
        // The version's params reached the server, the target's override winning.
        const nlohmann::json sent = nlohmann::json::parse(m_server.lastRequestBody());
        QCOMPARE(sent["temperature"].get<double>(), 0.0);
        QVERIFY(sent["stream"].get<bool>());

        const nlohmann::json &echo = *resultFor(document, "echo");
        QCOMPARE(str(echo["text"]), QString::fromStdString(user));
        QCOMPARE(echo["usage"]["output_tokens"].get<long long>(), wordCount(user));
        QVERIFY(echo["ttft_ms"].get<double>() <= echo["total_ms"].get<double>());

        // Stored, and listed as a complete run.
        const std::string runId = document["run_id"].get<std::string>();
        const nlohmann::json listed = listedRun(runId);
        QVERIFY2(!listed.is_null(), result.out.constData());
        QCOMPARE(str(listed["status"]), QStringLiteral("complete"));
        QCOMPARE(listed["done"].get<int>(), 2);
        QCOMPARE(listed["total"].get<int>(), 2);
        QCOMPARE(str(listed["version"]), QStringLiteral("greet@1"));
        QCOMPARE(str(listed["kind"]), QStringLiteral("run"));
        QCOMPARE(dumped(listed["targets"]), QStringLiteral(R"(["mini","echo"])"));
        const auto responses = storedResponses(runId);
        QCOMPARE(responses.size(), std::size_t(2));
        for (const auto &response : responses) {
            const nlohmann::json &printed = *resultFor(document, response.targetId.c_str());
            QCOMPARE(QString::fromStdString(response.text), str(printed["text"]));
            QCOMPARE(response.outputTokens.value_or(-1),
                printed["usage"]["output_tokens"].get<long long>());
            QVERIFY(!response.error);
            QCOMPARE(response.renderedRequest["messages"].size(), std::size_t(2));
        }
        QCOMPARE(dumped(listed["versions"]), QStringLiteral(R"(["greet@1"])"));

        // `runs RUN_ID` lists the run's answers, each naming its version.
        const nlohmann::json shown = jsonOut(inProject({"runs", QString::fromStdString(runId), "--json"}));
        QCOMPARE(shown["answers"].size(), std::size_t(2));
        for (const auto &answer : shown["answers"]) {
            QCOMPARE(str(answer["version"]), QStringLiteral("greet@1"));
            const nlohmann::json &printed
                = *resultFor(document, answer["target"].get<std::string>().c_str());
            QCOMPARE(str(answer["text"]), str(printed["text"]));
        }
        const CliResult table = inProject({"runs", QString::fromStdString(runId)});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(
            table.out.contains("TARGET") && table.out.contains("greet@1"), table.out.constData());
        const CliResult unknown = inProject({"runs", "nosuchrun"});
        QCOMPARE(unknown.exitCode, 3);
        QVERIFY2(unknown.err.contains("nosuchrun"), unknown.err.constData());
    }

    void humanOutputShowsTextAndMetrics()
    {
        const CliResult result
            = inProject({"run", "greet", "--target", "mini", "--var", "name=Bo"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QVERIFY(result.out.contains("=== mini (gpt-test) ==="));
        QVERIFY(result.out.contains("Echo from gpt-test: Say hello to Bo please\n"));
        QVERIFY(result.out.contains("ttft "));
        QVERIFY(result.out.contains("finish stop"));
        QVERIFY(result.out.contains("tokens 8 \xE2\x86\x92 8"));
        QVERIFY(result.err.isEmpty());
    }

    void missingVariablesAreWarned()
    {
        const CliResult result = inProject({"run", "greet", "--target", "echo", "--json"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QVERIFY(result.err.contains("'name'"));
        QCOMPARE(
            str(jsonOut(result)["results"][0]["text"]), QStringLiteral("Say hello to  please"));
    }

    void failedTargetsAreCategorisedAndStillPrinted()
    {
        QElapsedTimer timer;
        timer.start();
        const CliResult result = inProject({"run", "greet", "--target", "mini", "--target",
            "broken", "--target", "stalled", "--var", "name=Ada", "--json"});
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(result.exitCode == 4, describe(result));
        // The stall lasts 20 s; the provider's 1 s first-byte timeout ends it long before.
        QVERIFY2(elapsed < 8000, QByteArray::number(elapsed));
        const nlohmann::json document = jsonOut(result);
        QVERIFY(resultFor(document, "mini")->at("error").is_null());

        const nlohmann::json &broken = resultFor(document, "broken")->at("error");
        QCOMPARE(keysOf(broken),
            (QStringList {
                QStringLiteral("category"), QStringLiteral("message"), QStringLiteral("status")}));
        QCOMPARE(str(broken["category"]), QStringLiteral("server"));
        QCOMPARE(broken["status"].get<int>(), 500);
        QVERIFY(!str(broken["message"]).isEmpty());

        const nlohmann::json &stalled = resultFor(document, "stalled")->at("error");
        QCOMPARE(str(stalled["category"]), QStringLiteral("timeout"));
        QVERIFY(stalled["status"].is_null());
        QVERIFY(resultFor(document, "stalled")->at("ttft_ms").is_null());

        const std::string runId = document["run_id"].get<std::string>();
        QCOMPARE(str(listedRun(runId)["status"]), QStringLiteral("complete"));
        int failed = 0;
        for (const auto &response : storedResponses(runId))
            failed += response.error ? 1 : 0;
        QCOMPARE(failed, 2);

        const CliResult human = inProject({"run", "greet", "--target", "broken"});
        QCOMPARE(human.exitCode, 4);
        QVERIFY2(human.out.contains("error: server (HTTP 500)"), describe(human));
    }

    void badInputIsExit3()
    {
        CliResult result = inProject({"run", "greet", "--target", "nosuch", "--json"});
        QCOMPARE(result.exitCode, 3);
        QVERIFY(str(jsonOut(result)["error"]["message"]).contains(QStringLiteral("nosuch")));
        result = inProject({"run", "greet@9", "--target", "echo"});
        QCOMPARE(result.exitCode, 3);
        result = inProject({"run", "nobody", "--target", "echo"});
        QCOMPARE(result.exitCode, 3);
        const QString vars = m_dir.filePath(QStringLiteral("vars.json"));
        QVERIFY(writeFile(vars, "[1, 2]"));
        result = inProject({"run", "greet", "--target", "echo", "--vars", vars});
        QCOMPARE(result.exitCode, 3);
        result = inProject({"run", "greet", "--target", "echo", "--vars",
            m_dir.filePath(QStringLiteral("missing.json"))});
        QCOMPARE(result.exitCode, 3);
        result = inProject({"run", "greet"});
        QCOMPARE(result.exitCode, 2); // --target is required
        result = inProject({"run", "greet", "--target", "echo", "--target", "echo"});
        QCOMPARE(result.exitCode, 2);
    }

    void varsFileGivesValues()
    {
        const QString vars = m_dir.filePath(QStringLiteral("name.json"));
        QVERIFY(writeFile(vars, R"({"name": "Cy"})"));
        const CliResult result
            = inProject({"run", "greet", "--target", "echo", "--vars", vars, "--json"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(
            str(jsonOut(result)["results"][0]["text"]), QStringLiteral("Say hello to Cy please"));
    }

    void streamsTokensAsTheyArrive()
    {
        QProcess process;
        startCli(process,
            projectArgs({"run", "greet", "--target", "drip", "--var", "name=Ada", "--stream"}));
        QByteArray seen;
        // 9 tokens, 300 ms apart: the first shows while the rest are still on their way.
        QVERIFY2(waitForOutput(process, "Echo", seen), seen.constData());
        QCOMPARE(process.state(), QProcess::Running);
        QVERIFY(!seen.contains("please"));
        QVERIFY(process.waitForFinished(20000));
        seen += process.readAllStandardOutput();
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(seen.startsWith("=== drip (fault:drip:300)"));
        QVERIFY2(seen.contains("Echo from fault:drip:300: Say hello to Ada please\n--- ttft"),
            seen.constData());
        QCOMPARE(seen.count("Say hello to Ada please"), 1); // streamed, not printed again
    }

    void severalStreamsShowProgress()
    {
        const CliResult result = inProject({"run", "greet", "--target", "mini", "--target", "echo",
            "--var", "name=Ada", "--stream"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QVERIFY2(result.err.contains("2/2 done"), describe(result));
        QVERIFY(result.out.contains("=== mini (gpt-test) ===")
            && result.out.contains("=== echo (echo) ==="));

        const CliResult json = inProject(
            {"run", "greet", "--target", "echo", "--var", "name=Ada", "--stream", "--json"});
        QCOMPARE(json.exitCode, 0);
        QVERIFY(!jsonOut(json).is_null()); // stdout stays one document
    }

    void ctrlCCancelsAndStoresTheRunCancelled()
    {
        QProcess process;
        startCli(process, projectArgs({"run", "greet", "--target", "hung", "--stream"}));
        QByteArray seen;
        QVERIFY2(waitForOutput(process, "=== hung", seen), seen.constData());
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
        QVERIFY(process.waitForFinished(10000));
        QVERIFY2(timer.elapsed() < 5000, QByteArray::number(timer.elapsed()));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        seen += process.readAllStandardOutput();
        QVERIFY2(seen.contains("cancelled"), seen.constData());

        const nlohmann::json runs = jsonOut(inProject({"runs", "--json"}))["runs"];
        QVERIFY(!runs.empty());
        QCOMPARE(str(runs[0]["status"]), QStringLiteral("cancelled")); // newest first
        QCOMPARE(runs[0]["done"].get<int>(), 1);
        const auto responses = storedResponses(runs[0]["id"].get<std::string>());
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses[0].error.value_or(store::ResponseError {}).category,
            std::string("cancelled"));
    }

    void aRunWhoseProcessDiedIsIncomplete()
    {
        QProcess process;
        startCli(process, projectArgs({"run", "greet", "--target", "hung", "--stream"}));
        QByteArray seen;
        QVERIFY2(waitForOutput(process, "=== hung", seen), seen.constData());
        process.kill(); // SIGKILL: no chance to mark the run
        QVERIFY(process.waitForFinished(10000));

        const nlohmann::json runs = jsonOut(inProject({"runs", "--json"}))["runs"];
        QVERIFY(!runs.empty());
        QCOMPARE(str(runs[0]["status"]), QStringLiteral("incomplete"));
        QCOMPARE(runs[0]["done"].get<int>(), 0);
        QCOMPARE(runs[0]["total"].get<int>(), 1);
    }

    void canaryKeyIsNeverWritten()
    {
        const QByteArray canary
            = "sk-CANARY-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
        fakeprovider::FakeProviderOptions options;
        options.apiKey = canary.toStdString(); // it must be sent, or the ok path fails
        fakeprovider::FakeProviderServer keyed(options);
        QVERIFY(keyed.start());
        const QString project = m_dir.filePath(QStringLiteral("canary.promptsmith"));
        QCOMPARE(cli({"init", project, "--demo"}).exitCode, 0);
        const QString url = QString::fromStdString(keyed.baseUrl());
        const QStringList env {QString::fromLatin1("OPENAI_API_KEY=" + canary)};
        QByteArray printed;
        const auto call = [&](std::initializer_list<Arg> args) {
            const CliResult result = runCli(
                QStringList {QStringLiteral("--project"), project} + argList(args), {}, env);
            printed += result.out + result.err;
            return result;
        };
        const QString content = m_dir.filePath(QStringLiteral("canary.json"));
        QVERIFY(writeFile(content, R"({"messages": [{"role": "user", "content": "{{ticket}}"}]})"));
        QCOMPARE(call({"prompt", "add", "echoing"}).exitCode, 0);
        QCOMPARE(call({"version", "save", "echoing", "--from", content}).exitCode, 0);
        QCOMPARE(
            call({"provider", "add", "openai", "--kind", "openai", "--base-url", url}).exitCode, 0);
        QCOMPARE(
            call({"target", "add", "ok", "--provider", "openai", "--model", "gpt-test"}).exitCode,
            0);
        QCOMPARE(
            call({"target", "add", "bad", "--provider", "openai", "--model", "fault:500"}).exitCode,
            0);
        QCOMPARE(
            call({"target", "add", "cut", "--provider", "openai", "--model", "fault:stream-error"})
                .exitCode,
            0);

        // The server echoes the prompt, key and all: what comes back must be blanked too.
        CliResult ok = call({"run", "echoing", "--target", "ok", "--var",
            QString::fromLatin1("ticket=my key is " + canary), "--json"});
        QVERIFY2(ok.exitCode == 0, describe(ok));
        QCOMPARE(QString::fromStdString(keyed.lastAuthorization()),
            QString::fromLatin1("Bearer " + canary));
        QVERIFY(jsonOut(ok)["results"][0]["text"].get<std::string>().find("***")
            != std::string::npos); // echoed back by the server, blanked by us
        QCOMPARE(call({"run", "ticket-triage", "--target", "ok", "--target", "bad", "--target",
                          "cut", "--stream"})
                     .exitCode,
            4);
        QCOMPARE(call({"run", "ticket-triage", "--target", "bad", "--json"}).exitCode, 4);
        call({"runs", "--json"});
        call({"provider", "list", "--json"});
        call({"target", "list"});
        keyed.stop();

        QVERIFY(!printed.isEmpty());
        QVERIFY2(!printed.contains(canary), printed.constData());
        QVERIFY2(!printed.contains("CANARY"), printed.constData());
        for (const char *suffix : {"", "-wal", "-shm", "-journal"}) {
            const QByteArray bytes = readFile(project + QString::fromLatin1(suffix));
            QVERIFY2(!bytes.contains("CANARY"), suffix);
        }
        QVERIFY(readFile(project).size() > 0);
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "test_cli_run.moc"
