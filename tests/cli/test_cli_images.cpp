// Images in prompts from the command line: a version's user message shows an image file, which
// the project stores once by its hash; `run` sends it in each kind's own shape (checked on what
// the provider receives), keeps only its hash with the answer, and a text-only model is refused
// before a byte is sent.
#include "cli_test_helpers.h"
#include "fake_provider_server.h"
#include "image_test_data.h"

#include "store/image_store.h"
#include "store/project.h"
#include "store/run_store.h"
#include "util/base64.h"
#include "util/sha256.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using ps::test::argList;
using ps::test::CliResult;
using ps::test::describe;
using nlohmann::json;

class TestCliImages : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    fakeprovider::FakeProviderServer m_server;
    std::string m_png;

    CliResult inProject(std::initializer_list<test::Arg> args) const
    {
        QStringList env;
        for (const char *variable : {"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "FAKE_OLLAMA_KEY"})
            env << QString::fromLatin1(variable) + QStringLiteral("=k");
        return test::runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args), {}, env);
    }
    QString write(const QString &name, const std::string &bytes) const
    {
        QFile file(m_dir.filePath(name));
        if (file.open(QIODevice::WriteOnly))
            file.write(bytes.data(), qint64(bytes.size()));
        return file.fileName();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        m_png = *util::base64Decode(test::kOnePixelPngBase64);
        write(QStringLiteral("dot.png"), m_png);
        m_project = m_dir.filePath(QStringLiteral("p.promptsmith"));
        QCOMPARE(test::cli({"init", m_project}).exitCode, 0);
        const QString host = QString::fromStdString(m_server.hostUrl());
        for (const auto &args : {argList({"prompt", "add", "look"}),
                 argList({"provider", "add", "oa", "--kind", "openai", "--base-url", QString::fromStdString(m_server.baseUrl())}),
                 argList({"provider", "add", "an", "--kind", "anthropic", "--base-url", host}),
                 argList({"provider", "add", "ge", "--kind", "gemini", "--base-url", host}),
                 argList({"provider", "add", "ol", "--kind", "ollama", "--base-url", host, "--api-key-env", "FAKE_OLLAMA_KEY"}),
                 argList({"target", "add", "oa", "--provider", "oa", "--model", "gpt-4o"}),
                 argList({"target", "add", "an", "--provider", "an", "--model", "claude-sonnet-4-5"}),
                 argList({"target", "add", "ge", "--provider", "ge", "--model", "gemini-2.5-flash"}),
                 argList({"target", "add", "ol", "--provider", "ol", "--model", "llava"}),
                 argList({"target", "add", "old", "--provider", "oa", "--model", "gpt-3.5-turbo"})}) {
            const CliResult result = test::runCli(QStringList {QStringLiteral("--project"), m_project} + args);
            QVERIFY2(result.exitCode == 0, describe(result));
        }
        const QString content = write(QStringLiteral("look.json"), test::kImageContent);
        const CliResult saved = inProject({"version", "save", "look", "--from", content, "-m", "with a picture"});
        QVERIFY2(saved.exitCode == 0, describe(saved));
    }

    void theImageIsStoredOnceAndNamedByItsHash()
    {
        const json shown = test::jsonOut(inProject({"--json", "version", "show", "look"}));
        const json &image = shown["content"]["messages"][1]["images"][0];
        QCOMPARE(image["sha256"].get<std::string>(), util::sha256Hex(m_png));
        QCOMPARE(image["media_type"].get<std::string>(), std::string("image/png"));
        QCOMPARE(image["width"].get<int>(), 1);
        QCOMPARE(image["height"].get<int>(), 1);
        QCOMPARE(image["detail"].get<std::string>(), std::string("low"));
        // The same picture under another name is the same content: no new version, one image.
        write(QStringLiteral("copy.png"), m_png);
        std::string again = test::kImageContent;
        again.replace(again.find("dot.png"), 7, "copy.png");
        const CliResult same = inProject({"version", "save", "look", "--from", write(QStringLiteral("again.json"), again)});
        QCOMPARE(same.exitCode, 0);
        QVERIFY2(same.out.contains("No change"), same.out.constData());
        const store::Project project = store::Project::open(m_project.toStdString(), store::ProjectAccess::Read);
        QCOMPARE(*store::ImageStore(project).bytes(util::sha256Hex(m_png)), m_png);
    }

    void aBadImageFileIsRefusedNamingIt()
    {
        std::string missing = test::kImageContent;
        missing.replace(missing.find("dot.png"), 7, "gone.png");
        const CliResult gone = inProject({"version", "save", "look", "--from", write(QStringLiteral("gone.json"), missing)});
        QCOMPARE(gone.exitCode, 3);
        QVERIFY2(gone.err.contains("messages[1].images[0]") && gone.err.contains("gone.png: no such file"), gone.err.constData());
        write(QStringLiteral("notes.png"), "just text, not a picture");
        std::string text = test::kImageContent;
        text.replace(text.find("dot.png"), 7, "notes.png");
        const CliResult notImage = inProject({"version", "save", "look", "--from", write(QStringLiteral("text.json"), text)});
        QCOMPARE(notImage.exitCode, 3);
        QVERIFY2(notImage.err.contains("not a PNG, JPEG, GIF or WebP image"), notImage.err.constData());
        // A hash the project does not hold cannot be saved: it could never be sent.
        const json forged = {{"messages", {{{"role", "user"}, {"content", "x"},
            {"images", {{{"sha256", std::string(64, 'c')}, {"media_type", "image/png"}, {"width", 1}, {"height", 1}}}}}}}};
        const CliResult unknown = inProject({"version", "save", "look", "--from", write(QStringLiteral("forged.json"), forged.dump())});
        QCOMPARE(unknown.exitCode, 3);
        QVERIFY2(unknown.err.contains("is not in the project"), unknown.err.constData());
    }

    void eachKindReceivesTheImageInItsOwnShape()
    {
        const std::string base64 = test::kOnePixelPngBase64;
        const CliResult run = inProject({"--json", "run", "look", "--target", "oa", "--target", "an", "--target", "ge", "--target", "ol"});
        QVERIFY2(run.exitCode == 0, describe(run));
        bool openAi = false, anthropic = false, gemini = false, ollama = false;
        for (const std::string &text : m_server.recentRequestBodies()) {
            const json body = json::parse(text);
            if (body.contains("contents")) { // Gemini
                gemini = body["contents"][0]["parts"][1]["inline_data"]["data"] == base64;
            } else if (body.contains("system")) { // Anthropic
                anthropic = body["messages"][0]["content"][0]["source"]["data"] == base64;
            } else if (body["messages"][1].contains("images")) { // Ollama
                ollama = body["messages"][1]["images"][0] == base64;
            } else {
                openAi = body["messages"][1]["content"][1]["image_url"]["url"] == "data:image/png;base64," + base64
                    && body["messages"][1]["content"][1]["image_url"]["detail"] == "low";
            }
        }
        QVERIFY(openAi);
        QVERIFY(anthropic);
        QVERIFY(gemini);
        QVERIFY(ollama);
        // The answer's usage says what the image cost of the input, as each provider counts it:
        // gpt-4o at low detail 85, Claude 1×1 / 750 rounded up: 1.
        const json results = json::parse(run.out.toStdString())["results"];
        QCOMPARE(results[0]["target"].get<std::string>(), std::string("oa"));
        QCOMPARE(results[0]["usage"]["image_tokens"].get<int>(), 85);
        QCOMPARE(results[1]["usage"]["image_tokens"].get<int>(), 1);
        const CliResult text = inProject({"run", "look", "--target", "oa"});
        QVERIFY2(text.out.contains("(85 of the input for images)"), describe(text));
        // What is kept with each answer names the image by hash, never its bytes.
        const store::Project project = store::Project::open(m_project.toStdString(), store::ProjectAccess::Read);
        const auto runs = store::RunStore(project).listRuns();
        QVERIFY(!runs.empty());
        for (const store::ResponseRecord &response : store::RunStore(project).responses(runs.front().id)) {
            const std::string kept = response.renderedRequest.dump();
            QVERIFY2(kept.find(base64) == std::string::npos, kept.c_str());
            QVERIFY2(kept.find(util::sha256Hex(m_png)) != std::string::npos, kept.c_str());
        }
    }

    void theEstimateCountsTheImagesAsEachProviderDoes()
    {
        const QString cases = write(QStringLiteral("cases.jsonl"), "{\"vars\": {}}\n{\"vars\": {}}\n");
        QCOMPARE(inProject({"dataset", "import", "pictures", cases}).exitCode, 0);
        const json estimate = test::jsonOut(
            inProject({"--json", "eval", "look", "--dataset", "pictures", "--target", "oa", "--target", "an", "--estimate"}));
        // gpt-4o at low detail: 85 an image; Claude: 1×1 / 750, rounded up: 1.
        QCOMPARE(estimate["columns"][0]["image_tokens"].get<int>(), 2 * 85);
        QCOMPARE(estimate["columns"][1]["image_tokens"].get<int>(), 2 * 1);
        QVERIFY(estimate["columns"][0]["exact"].get<bool>());
    }

    void aDatasetCaseBringsItsOwnImages()
    {
        // JSONL: a list of files (relative to the dataset) or URLs; CSV: an __images column.
        QDir(m_dir.path()).mkpath(QStringLiteral("shots"));
        write(QStringLiteral("shots/case.png"), m_png);
        const QString jsonl = write(QStringLiteral("shots/cases.jsonl"),
            "{\"vars\": {}, \"images\": [\"case.png\"]}\n{\"vars\": {}, \"images\": [{\"path\": \"case.png\", \"detail\": \"high\"}]}\n");
        const CliResult imported = inProject({"dataset", "import", "shots", jsonl});
        QVERIFY2(imported.exitCode == 0, describe(imported));
        const QString csv = write(QStringLiteral("shots/cases.csv"), "note,__images\nfirst,case.png\n");
        QCOMPARE(inProject({"dataset", "import", "shots-csv", csv}).exitCode, 0);
        const QString missing = write(QStringLiteral("shots/missing.jsonl"), "{\"vars\": {}, \"images\": [\"nope.png\"]}\n");
        const CliResult refused = inProject({"dataset", "import", "broken", missing});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("case 1: images[0]") && refused.err.contains("nope.png"), refused.err.constData());

        const int before = m_server.requestCount();
        const CliResult run = inProject({"eval", "look", "--dataset", "shots", "--target", "oa", "--no-cache"});
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, describe(run));
        QCOMPARE(m_server.requestCount() - before, 2);
        const std::vector<std::string> bodies = m_server.recentRequestBodies();
        for (std::size_t i = bodies.size() - 2; i < bodies.size(); ++i) {
            const json content = json::parse(bodies[i])["messages"][1]["content"];
            QCOMPARE(content.size(), std::size_t(3)); // the text, the version's image, the case's
            QCOMPARE(content[2]["image_url"]["url"].get<std::string>(), "data:image/png;base64," + std::string(test::kOnePixelPngBase64));
        }
        const json csvEstimate = test::jsonOut(inProject({"--json", "eval", "look", "--dataset", "shots-csv", "--target", "oa", "--estimate"}));
        // The version's image at low detail (85), the case's without one, counted as high: 85 + 170 a tile.
        QCOMPARE(csvEstimate["columns"][0]["image_tokens"].get<int>(), 85 + 255);
    }

    // A bundle carries the images its versions and cases show, so it stands alone: imported
    // into another project the version keeps its hash and the image its bytes; damaged bytes are
    // refused naming the image; without them the version is refused, not added half.
    void aBundleCarriesItsImages()
    {
        const QString bundle = m_dir.filePath(QStringLiteral("look.bundle.json"));
        const CliResult exported = inProject({"export", "look", "--dataset", "shots", "-o", bundle});
        QVERIFY2(exported.exitCode == 0, describe(exported));
        QFile file(bundle);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const json document = json::parse(file.readAll().toStdString());
        const std::string sha256 = util::sha256Hex(m_png);
        QCOMPARE(document["images"].size(), std::size_t(1)); // the version's and the cases' one picture
        QCOMPARE(document["images"][sha256].get<std::string>(), std::string(test::kOnePixelPngBase64));

        const QString other = m_dir.filePath(QStringLiteral("other.promptsmith"));
        QCOMPARE(test::cli({"init", other}).exitCode, 0);
        const CliResult imported = test::cli({"--project", other, "import", bundle});
        QVERIFY2(imported.exitCode == 0, describe(imported));
        const json here = test::jsonOut(inProject({"--json", "version", "show", "look"}));
        const json there = test::jsonOut(test::cli({"--project", other, "--json", "version", "show", "look"}));
        QCOMPARE(there["hash"].get<std::string>(), here["hash"].get<std::string>());
        {
            const store::Project project = store::Project::open(other.toStdString(), store::ProjectAccess::Read);
            QCOMPARE(store::ImageStore(project).bytes(sha256), std::optional<std::string>(m_png));
        }

        json damaged = document;
        damaged["images"][sha256] = util::base64Encode(m_png + "tail");
        const QString third = m_dir.filePath(QStringLiteral("third.promptsmith"));
        QCOMPARE(test::cli({"init", third}).exitCode, 0);
        const CliResult refused = test::cli({"--project", third, "import", write(QStringLiteral("damaged.json"), damaged.dump())});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains(QByteArray::fromStdString("images." + sha256)), describe(refused));
        json stripped = document;
        stripped.erase("images");
        const CliResult without = test::cli({"--project", third, "import", write(QStringLiteral("stripped.json"), stripped.dump())});
        QCOMPARE(without.exitCode, 3);
        QVERIFY2(without.err.contains("is not in the project"), describe(without));
        const CliResult versions = test::cli({"--project", third, "--json", "version", "list", "look"});
        QVERIFY2(versions.exitCode != 0 || test::jsonOut(versions)["versions"].empty(), describe(versions));
    }

    // A few-shot example can show an image: stored like a message's, sent with the example's
    // question when examples go as turns (the question asked keeps its own), part of the hash.
    void anExampleShowsItsImageInItsTurn()
    {
        const json content = {{"messages", {{{"role", "system"}, {"content", "Say the colour."}},
                                               {{"role", "user"}, {"content", "What colour is {{thing}}?"}}}},
            {"examples", {{{"input", {{"thing", "the dot"}}}, {"output", "Red."}, {"images", {"dot.png"}}}}},
            {"examples_mode", "turns"}};
        QCOMPARE(inProject({"prompt", "add", "shown"}).exitCode, 0);
        const CliResult saved = inProject({"version", "save", "shown", "--from", write(QStringLiteral("shown.json"), content.dump())});
        QVERIFY2(saved.exitCode == 0, describe(saved));
        const json stored = test::jsonOut(inProject({"--json", "version", "show", "shown"}))["content"]["examples"][0];
        QCOMPARE(stored["images"][0]["sha256"].get<std::string>(), util::sha256Hex(m_png));

        const CliResult run = inProject({"--json", "run", "shown", "--target", "oa", "--var", "thing=the sky"});
        QVERIFY2(run.exitCode == 0, describe(run));
        const json body = json::parse(m_server.lastRequestBody());
        const json &messages = body["messages"];
        QCOMPARE(messages.size(), std::size_t(4)); // system, the example's turn and answer, the question
        QCOMPARE(messages[1]["content"][0]["text"].get<std::string>(), std::string("What colour is the dot?"));
        QCOMPARE(messages[1]["content"][1]["image_url"]["url"].get<std::string>(),
            "data:image/png;base64," + std::string(test::kOnePixelPngBase64));
        QCOMPARE(messages[2]["content"].get<std::string>(), std::string("Red."));
        QCOMPARE(messages[3]["content"].get<std::string>(), std::string("What colour is the sky?"));
        // Its image's tokens are counted with the answer (gpt-4o, 1×1, high: 85 + 170).
        QCOMPARE(json::parse(run.out.toStdString())["results"][0]["usage"]["image_tokens"].get<int>(), 255);

        // A hash the project lacks is refused, naming the example.
        const json forged = {{"messages", {{{"role", "user"}, {"content", "x"}}}},
            {"examples", {{{"output", "y"}, {"images", {{{"sha256", std::string(64, 'd')}, {"media_type", "image/png"},
                                                  {"width", 1}, {"height", 1}}}}}}}};
        const CliResult refused = inProject({"version", "save", "shown", "--from", write(QStringLiteral("forged-example.json"), forged.dump())});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("examples[0].images[0]") && refused.err.contains("is not in the project"), describe(refused));
    }

    void aTextOnlyModelIsRefusedBeforeAnyByteIsSent()
    {
        const int before = m_server.requestCount();
        const CliResult refused = inProject({"run", "look", "--target", "old"});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("gpt-3.5-turbo takes no images") || refused.out.contains("gpt-3.5-turbo takes no images"),
            describe(refused).constData());
        QCOMPARE(m_server.requestCount(), before);
    }
};

QTEST_GUILESS_MAIN(TestCliImages)
#include "test_cli_images.moc"
