// "Test connection" speaks each provider's own list format: the request (URL, key header, no
// body) and the reply, as the providers document them.
#include "providers/model_list.h"
#include "providers/provider_config.h"
#include "providers/provider_presets.h"

#include <QTest>

#include <set>

using namespace ps::providers;

namespace {

ProviderConfig configOf(ProviderKind kind, const std::string &url)
{
    ProviderConfig config;
    config.id = "p";
    config.kind = kind;
    config.baseUrl = url;
    return config;
}

std::string header(const ps::net::HttpRequest &request, const std::string &name)
{
    for (const auto &[key, value] : request.headers)
        if (key == name)
            return value;
    return {};
}

std::vector<std::string> ids(const std::vector<ModelInfo> &models)
{
    std::vector<std::string> out;
    for (const ModelInfo &model : models)
        out.push_back(model.id);
    return out;
}

} // namespace

class TestModelList : public QObject
{
    Q_OBJECT

private slots:
    void requestsPerKind_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("keyHeader");
        QTest::addColumn<QString>("keyValue");
        QTest::newRow("openai") << int(ProviderKind::OpenAi) << "https://api.openai.com/v1"
                                << "https://api.openai.com/v1/models" << "authorization"
                                << "Bearer k-1";
        QTest::newRow("compatible") << int(ProviderKind::OpenAiCompatible)
                                    << "http://localhost:8080/v1"
                                    << "http://localhost:8080/v1/models" << "authorization"
                                    << "Bearer k-1";
        QTest::newRow("anthropic") << int(ProviderKind::Anthropic) << "https://api.anthropic.com"
                                   << "https://api.anthropic.com/v1/models?limit=1000"
                                   << "x-api-key" << "k-1";
        QTest::newRow("gemini") << int(ProviderKind::Gemini)
                                << "https://generativelanguage.googleapis.com"
                                << "https://generativelanguage.googleapis.com/v1beta/models?"
                                   "pageSize=1000"
                                << "x-goog-api-key" << "k-1";
        QTest::newRow("ollama") << int(ProviderKind::Ollama) << "http://localhost:11434"
                                << "http://localhost:11434/api/tags" << "authorization"
                                << "Bearer k-1";
    }

    void requestsPerKind()
    {
        QFETCH(int, kind);
        QFETCH(QString, base);
        QFETCH(QString, url);
        QFETCH(QString, keyHeader);
        QFETCH(QString, keyValue);
        const auto config = configOf(ProviderKind(kind), base.toStdString());
        const ps::net::HttpRequest request = modelListRequest(config, "k-1");
        QCOMPARE(QString::fromStdString(request.method), QStringLiteral("GET"));
        QCOMPARE(QString::fromStdString(request.url), url);
        QVERIFY(request.body.empty());
        QCOMPARE(QString::fromStdString(header(request, keyHeader.toStdString())), keyValue);
        // The key is in its header only: never in the URL, where logs would keep it.
        QVERIFY(request.url.find("k-1") == std::string::npos);
        if (ProviderKind(kind) == ProviderKind::Anthropic)
            QCOMPARE(header(request, "anthropic-version"), std::string("2023-06-01"));
        // Without a key (a local server), no key header at all.
        QVERIFY(header(modelListRequest(config, ""), keyHeader.toStdString()).empty());
    }

    void kindsWithoutAList()
    {
        QVERIFY(!canListModels(ProviderKind::Echo));
        QVERIFY(!canListModels(ProviderKind::AzureOpenAi));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            modelListRequest(configOf(ProviderKind::AzureOpenAi, "https://x.openai.azure.com"), "k"));
    }

    // The bodies as the providers' documentation shows them.
    void readsEachFormat()
    {
        const char *openai = R"({"object": "list", "data": [
            {"id": "gpt-4o-mini", "object": "model", "created": 1686935002, "owned_by": "openai"},
            {"id": "gpt-4.1", "object": "model", "created": 1686935002, "owned_by": "openai"}]})";
        QCOMPARE(ids(parseModelList(ProviderKind::OpenAi, openai)),
            (std::vector<std::string> {"gpt-4.1", "gpt-4o-mini"}));

        const char *anthropic = R"({"data": [{"type": "model", "id": "claude-sonnet-4-5",
            "display_name": "Claude Sonnet 4.5", "created_at": "2025-09-29T00:00:00Z"}],
            "has_more": false, "first_id": "claude-sonnet-4-5", "last_id": "claude-sonnet-4-5"})";
        const auto claude = parseModelList(ProviderKind::Anthropic, anthropic);
        QCOMPARE(claude.size(), std::size_t(1));
        QCOMPARE(claude[0], (ModelInfo {"claude-sonnet-4-5", "Claude Sonnet 4.5"}));

        // Gemini names models "models/…" and lists embedding models a prompt cannot use.
        const char *gemini = R"({"models": [
            {"name": "models/gemini-2.5-flash", "displayName": "Gemini 2.5 Flash",
             "supportedGenerationMethods": ["generateContent", "countTokens"]},
            {"name": "models/text-embedding-004", "displayName": "Text Embedding 004",
             "supportedGenerationMethods": ["embedContent"]}], "nextPageToken": ""})";
        QCOMPARE(parseModelList(ProviderKind::Gemini, gemini),
            (std::vector<ModelInfo> {{"gemini-2.5-flash", "Gemini 2.5 Flash"}}));

        const char *ollama = R"({"models": [{"name": "gemma3", "model": "gemma3:latest",
            "modified_at": "2025-10-03T23:34:03-07:00", "size": 9608350245,
            "details": {"format": "gguf", "family": "gemma3"}}]})";
        QCOMPARE(ids(parseModelList(ProviderKind::Ollama, ollama)),
            std::vector<std::string> {"gemma3:latest"});
    }

    // Every preset is a provider the store accepts as it is, with a distinct id; a hosted
    // service names its key's variable, a local server sends no key.
    void presetsAreUsableAsTheyAre()
    {
        std::set<std::string> ids;
        for (const ProviderPreset &preset : providerPresets()) {
            ProviderConfig config;
            config.id = preset.id;
            config.kind = preset.kind;
            config.baseUrl = preset.baseUrl;
            config.apiKeyEnv = preset.apiKeyEnv;
            if (preset.kind == ProviderKind::AzureOpenAi)
                continue; // its resource URL and API version are the user's own
            QVERIFY2(validateConfig(config).empty(), preset.name.c_str());
            QVERIFY2(ids.insert(preset.id).second, preset.id.c_str());
            QCOMPARE(preset.apiKeyEnv.empty(), preset.local);
            if (preset.kind != ProviderKind::Ollama) // Ollama's comes from OLLAMA_HOST
                QVERIFY(preset.local == (preset.baseUrl.find("//localhost") != std::string::npos));
        }
        QVERIFY(ids.count("deepseek") && ids.count("qwen") && ids.count("openrouter")
            && ids.count("groq") && ids.count("together") && ids.count("vllm")
            && ids.count("lmstudio") && ids.count("llamacpp"));
    }

    void refusesWhatIsNotAList()
    {
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, parseModelList(ProviderKind::OpenAi, "<html>Bad gateway</html>"));
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, parseModelList(ProviderKind::OpenAi, R"({"models": []})"));
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, parseModelList(ProviderKind::Gemini, R"({"data": []})"));
        // Entries without an id are left out rather than offered as "".
        QCOMPARE(parseModelList(ProviderKind::OpenAi, R"({"data": [{"object": "model"}, 7]})"),
            std::vector<ModelInfo> {});
    }
};

QTEST_APPLESS_MAIN(TestModelList)
#include "test_model_list.moc"
