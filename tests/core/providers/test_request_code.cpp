// Copy as code: the request a pane sent, as curl, Python and JavaScript. The curl, JavaScript
// and standard-library Python snippets are run against the fake provider (each kind's own wire
// format) and their replies read by the kind's own stream parser; every Python snippet passes
// py_compile and every JavaScript one node --check; none holds the key.

#include "fake_provider_server.h"

#include "providers/provider_adapter.h"
#include "providers/request_code.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace ps;
using providers::CodeLanguage;
using providers::ProviderKind;

Q_DECLARE_METATYPE(ps::providers::ProviderKind)

namespace {

constexpr const char *kKey = "code-key-canary-24680";

struct Ran
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Ran runTool(const QString &program, const QStringList &args)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PS_CODE_KEY"), QString::fromLatin1(kKey));
    process.setProcessEnvironment(env);
    process.start(program, args);
    Ran ran;
    if (!process.waitForFinished(60000))
        return ran;
    ran.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    ran.out = process.readAllStandardOutput();
    ran.err = process.readAllStandardError();
    return ran;
}

// The answer text in a raw streamed reply, as the kind's parser reads it.
QString answerIn(ProviderKind kind, const QByteArray &body)
{
    const auto parser = providers::makeAdapter(kind)->newStreamParser();
    std::string text;
    auto take = [&text](const std::vector<providers::ChatEvent> &events) {
        for (const providers::ChatEvent &event : events)
            if (const auto *delta = std::get_if<providers::TextDelta>(&event))
                text += delta->text;
    };
    take(parser->feed(body.toStdString()));
    take(parser->finish());
    return QString::fromStdString(text);
}

} // namespace

class TestRequestCode : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<fakeprovider::FakeProviderServer>(
            fakeprovider::FakeProviderOptions {kKey, {}, {}});
        QVERIFY(m_server->start());
        QVERIFY(m_dir.isValid());
    }

    void cleanupTestCase() { m_server.reset(); }

    void everyKindEveryLanguage_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<bool>("withPolicy");
        for (const auto &[name, kind] :
            {std::pair {"openai", ProviderKind::OpenAi},
                std::pair {"openai-compatible", ProviderKind::OpenAiCompatible},
                std::pair {"azure-openai", ProviderKind::AzureOpenAi},
                std::pair {"anthropic", ProviderKind::Anthropic},
                std::pair {"gemini", ProviderKind::Gemini},
                std::pair {"ollama", ProviderKind::Ollama}}) {
            QTest::addRow("%s", name) << kind << false;
            QTest::addRow("%s with retries", name) << kind << true;
        }
    }

    void everyKindEveryLanguage()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(bool, withPolicy);
        providers::ProviderConfig config;
        config.id = "p";
        config.kind = kind;
        config.baseUrl = kind == ProviderKind::OpenAi || kind == ProviderKind::OpenAiCompatible
            ? m_server->baseUrl()
            : m_server->hostUrl();
        config.apiKeyEnv = "PS_CODE_KEY";
        if (kind == ProviderKind::AzureOpenAi)
            config.apiVersion = "2024-10-21";
        const providers::ProviderConfig resolved = providers::resolveConfig(config, {});

        providers::ChatRequest request;
        request.model = "fake-small";
        request.messages = {{"system", "You sort tickets.", {}, nlohmann::json::array(), {}},
            {"user", "Ticket: it's \"broken\" — again\nsince May", {}, nlohmann::json::array(), {}}};
        request.params.temperature = 0.3;
        std::optional<providers::CodePolicy> policy;
        if (withPolicy)
            policy = providers::CodePolicy {2, 30, {"backup (anthropic, claude-haiku)"}};

        const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
        for (const CodeLanguage language :
            {CodeLanguage::Curl, CodeLanguage::Python, CodeLanguage::JavaScript}) {
            const std::string code = providers::requestCode(language, request, resolved, policy);
            QVERIFY(code.find(kKey) == std::string::npos);
            QVERIFY(code.find('\x01') == std::string::npos);
            QVERIFY2(code.find("PS_CODE_KEY") != std::string::npos, code.c_str());
            if (withPolicy)
                QVERIFY2(code.find("backup (anthropic, claude-haiku)") != std::string::npos,
                    code.c_str());
        }

        // curl, run: the reply is the kind's own stream, and it answers the ticket.
        const QString curlFile = m_dir.filePath(tag + QStringLiteral(".sh"));
        write(curlFile, providers::requestCode(CodeLanguage::Curl, request, resolved, policy));
        const Ran curl = runTool(QStringLiteral("bash"), {curlFile});
        QVERIFY2(curl.exitCode == 0, curl.err.constData());
        QVERIFY2(answerIn(kind, curl.out).startsWith(QStringLiteral("Echo from fake-small")),
            curl.out.constData());

        // JavaScript: checked, then run the same way.
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty())
            QSKIP("node is not installed here: the JavaScript snippets are not checked");
        const QString jsFile = m_dir.filePath(tag + QStringLiteral(".mjs"));
        write(jsFile, providers::requestCode(CodeLanguage::JavaScript, request, resolved, policy));
        const Ran check = runTool(node, {QStringLiteral("--check"), jsFile});
        QVERIFY2(check.exitCode == 0, check.err.constData());
        const Ran js = runTool(node, {jsFile});
        QVERIFY2(js.exitCode == 0, js.err.constData());
        QCOMPARE(answerIn(kind, js.out), answerIn(kind, curl.out));

        // Python: compiled; where it needs no SDK (Gemini, Ollama), run too.
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            QSKIP("python3 is not installed here: the Python snippets are not checked");
        const QString pyFile = m_dir.filePath(tag + QStringLiteral(".py"));
        const std::string pythonCode
            = providers::requestCode(CodeLanguage::Python, request, resolved, policy);
        write(pyFile, pythonCode);
        const Ran compiled
            = runTool(python, {QStringLiteral("-m"), QStringLiteral("py_compile"), pyFile});
        QVERIFY2(compiled.exitCode == 0, (compiled.err + pythonCode.c_str()).constData());
        if (kind == ProviderKind::Gemini || kind == ProviderKind::Ollama) {
            const Ran py = runTool(python, {pyFile});
            QVERIFY2(py.exitCode == 0, py.err.constData());
            QCOMPARE(answerIn(kind, py.out), answerIn(kind, curl.out));
        } else {
            const bool anthropic = kind == ProviderKind::Anthropic;
            QVERIFY(pythonCode.find(anthropic ? "import anthropic" : "from openai import")
                != std::string::npos);
        }
    }

    // Echo sends nothing: there is no request to copy, and it says so.
    void echoHasNoRequest()
    {
        providers::ProviderConfig echo;
        echo.kind = ProviderKind::Echo;
        providers::ChatRequest request;
        request.model = "echo";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            providers::requestCode(CodeLanguage::Curl, request, echo));
    }

private:
    static void write(const QString &path, const std::string &text)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.data(), qint64(text.size()));
    }

    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestRequestCode)
#include "test_request_code.moc"
