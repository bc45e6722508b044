// Images in each kind's own shape: OpenAI's image_url content parts (a data URL or the URL, with
// its detail), Anthropic's image blocks (base64 or url source) before the text, Gemini's
// inline_data parts, Ollama's images list; and the refusals made before anything is sent — a
// text-only model, a URL to a kind that takes only bytes.
#include "providers/anthropic_adapter.h"
#include "providers/gemini_adapter.h"
#include "providers/model_quirks.h"
#include "providers/ollama_adapter.h"
#include "providers/openai_adapter.h"

#include "image_request_bodies.h"
#include "request_test_support.h"

#include <QtTest>

using namespace ps::providers;
using nlohmann::json;
using namespace ps::test;

namespace {

const std::string kHash = std::string(64, 'a');

ImagePart stored(std::string base64 = "iVBORw0KGgo=")
{
    ps::model::ImageRef image;
    image.sha256 = kHash;
    image.mediaType = "image/png";
    image.width = 800;
    image.height = 600;
    return {image, std::move(base64)};
}

ImagePart linked()
{
    ps::model::ImageRef image;
    image.url = "https://example.com/receipt.jpg";
    image.detail = "high";
    return {image, {}};
}

ChatRequest withImages(const std::string &model, std::vector<ImagePart> images)
{
    ChatRequest request;
    request.model = model;
    ChatMessage user = message("user", "What is on the receipt?");
    user.images = std::move(images);
    request.messages = {message("system", "You read receipts."), user};
    return request;
}

} // namespace

class TestImageRequests : public QObject
{
    Q_OBJECT

private slots:
    void openAiTakesContentParts()
    {
        const json body = OpenAiAdapter::requestBody(withImages("gpt-4o", {stored(), linked()}), ProviderKind::OpenAi);
        QCOMPARE(body["messages"][0]["content"], json("You read receipts."));
        QCOMPARE(body["messages"][1]["content"], json::parse(kOpenAiParts));
    }

    void anthropicTakesImageBlocksBeforeTheText()
    {
        const json body = AnthropicAdapter::requestBody(withImages("claude-sonnet-4-5", {stored(), linked()}));
        QCOMPARE(body["system"], json("You read receipts."));
        QCOMPARE(body["messages"][0]["content"], json::parse(kAnthropicBlocks));
    }

    void geminiTakesInlineData()
    {
        const json body = GeminiAdapter::requestBody(withImages("gemini-2.5-flash", {stored()}));
        QCOMPARE(body["contents"][0]["parts"], json::parse(kGeminiParts));
    }

    void ollamaTakesAnImagesList()
    {
        const json body = OllamaAdapter::requestBody(withImages("llava", {stored()}));
        QCOMPARE(body["messages"][1]["content"], json("What is on the receipt?"));
        QCOMPARE(body["messages"][1]["images"], json::parse(kOllamaImages));
    }

    void bytesNotYetReadAreNamedByHash()
    {
        // The response cache's key and the request kept with an answer: never the megabytes.
        const json body = OpenAiAdapter::requestBody(withImages("gpt-4o", {stored("")}), ProviderKind::OpenAi);
        QCOMPARE(body["messages"][1]["content"][1]["image_url"]["url"], json("data:image/png;sha256," + kHash));
    }

    void textOnlyModelsAreRefusedBeforeSending_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("linkedImage");
        QTest::addColumn<QString>("refusal");
        QTest::newRow("gpt-3.5") << int(ProviderKind::OpenAi) << "gpt-3.5-turbo" << false << "gpt-3.5-turbo takes no images";
        QTest::newRow("o3-mini") << int(ProviderKind::OpenAi) << "o3-mini" << false << "o3-mini takes no images";
        QTest::newRow("deepseek") << int(ProviderKind::OpenAiCompatible) << "deepseek-chat" << false << "deepseek-chat takes no images";
        QTest::newRow("llama3.1") << int(ProviderKind::Ollama) << "llama3.1:8b" << false << "llama3.1:8b takes no images";
        QTest::newRow("url to gemini") << int(ProviderKind::Gemini) << "gemini-2.5-flash" << true << "gemini takes images as their bytes";
        QTest::newRow("url to ollama") << int(ProviderKind::Ollama) << "llava" << true << "ollama takes images as their bytes";
        QTest::newRow("gpt-4o") << int(ProviderKind::OpenAi) << "gpt-4o" << true << "";
        QTest::newRow("claude") << int(ProviderKind::Anthropic) << "claude-sonnet-4-5" << true << "";
        QTest::newRow("llama3.2-vision") << int(ProviderKind::Ollama) << "llama3.2-vision" << false << "";
        QTest::newRow("unknown model: sent") << int(ProviderKind::OpenAiCompatible) << "acme-large" << false << "";
    }
    void textOnlyModelsAreRefusedBeforeSending()
    {
        QFETCH(int, kind);
        QFETCH(QString, model);
        QFETCH(bool, linkedImage);
        QFETCH(QString, refusal);
        const auto found = imageRefusal(ProviderKind(kind), withImages(model.toStdString(), {linkedImage ? linked() : stored()}));
        if (refusal.isEmpty())
            QVERIFY2(!found, found ? found->c_str() : "");
        else
            QVERIFY2(found && QString::fromStdString(*found).startsWith(refusal), found ? found->c_str() : "no refusal");
        // Without images nothing is refused.
        QVERIFY(!imageRefusal(ProviderKind(kind), withImages(model.toStdString(), {})));
    }
};

QTEST_GUILESS_MAIN(TestImageRequests)
#include "test_image_requests.moc"
