// Exact token counts: the tokenizer equals tiktoken on its published vectors, the rank files are
// the ones tiktoken pins, and a chat request counts as OpenAI's counting guide counts it.
#include "tokens/bpe_encoding.h"
#include "tokens/image_tokens.h"
#include "tokens/token_count.h"
#include "util/sha256.h"

#include <QtTest>

#include <fstream>
#include <random>
#include <sstream>

using namespace ps::tokens;

namespace {

struct TestPlan
{
    std::string encoding;
    std::string sample;
    std::vector<std::uint32_t> tokens;
};

// gpt-tokenizer's TestPlans.txt: "EncodingName: X", "Sample: TEXT", "Encoded: [1, 2]", blank.
std::vector<TestPlan> readTestPlans()
{
    std::ifstream file(PS_SOURCE_DIR "/tests/data/tokenizer/TestPlans.txt", std::ios::binary);
    std::vector<TestPlan> plans;
    std::string line;
    TestPlan plan;
    while (std::getline(file, line)) {
        if (line.rfind("EncodingName: ", 0) == 0) {
            plan = {line.substr(14), {}, {}};
        } else if (line.rfind("Sample: ", 0) == 0) {
            plan.sample = line.substr(8);
        } else if (line.rfind("Encoded: [", 0) == 0) {
            std::string list = line.substr(10, line.size() - 11);
            std::replace(list.begin(), list.end(), ',', ' ');
            std::istringstream numbers(list);
            for (std::uint32_t token = 0; numbers >> token;)
                plan.tokens.push_back(token);
            plans.push_back(plan);
        }
    }
    return plans;
}

std::string joined(const BpeEncoding &encoding, const std::vector<std::uint32_t> &tokens)
{
    std::string bytes;
    for (std::uint32_t token : tokens)
        bytes += encoding.tokenBytes(token);
    return bytes;
}

QString listed(const std::vector<std::uint32_t> &tokens)
{
    QStringList out;
    for (std::uint32_t token : tokens)
        out << QString::number(token);
    return out.join(u',');
}

// The messages of OpenAI's counting guide ("How to count tokens with tiktoken").
std::vector<CountedMessage> guideMessages()
{
    return {
        {"system", "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.", "", ""},
        {"system", "New synergies will help drive top-line growth.", "example_user", ""},
        {"system", "Things working well together will increase revenue.", "example_assistant", ""},
        {"system", "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.", "example_user", ""},
        {"system", "Let's talk later when we're less busy about how to do better.", "example_assistant", ""},
        {"user", "This late pivot means we don't have time to boil the ocean for the client deliverable.", "", ""},
    };
}

} // namespace

class TestTokenCount : public QObject
{
    Q_OBJECT

private slots:
    void rankFilesAreTheOnesTiktokenPins()
    {
        QCOMPARE(ps::util::sha256Hex(encodingRankFile(Encoding::Cl100kBase)),
            std::string("223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"));
        QCOMPARE(ps::util::sha256Hex(encodingRankFile(Encoding::O200kBase)),
            std::string("446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"));
        QCOMPARE(BpeEncoding::get(Encoding::Cl100kBase).vocabularySize(), std::size_t(100256));
        QCOMPARE(BpeEncoding::get(Encoding::O200kBase).vocabularySize(), std::size_t(199998));
    }

    void equalsTiktokenOnItsPublishedVectors()
    {
        int checked = 0;
        for (const TestPlan &plan : readTestPlans()) {
            const auto encoding = encodingFromName(plan.encoding);
            if (!encoding)
                continue; // r50k, p50k: encodings no chat model uses
            const std::vector<std::uint32_t> tokens = BpeEncoding::get(*encoding).encode(plan.sample);
            if (tokens != plan.tokens)
                QFAIL(qPrintable(QStringLiteral("%1 %2\n got      %3\n expected %4")
                                     .arg(QString::fromStdString(plan.encoding), QString::fromStdString(plan.sample),
                                         listed(tokens), listed(plan.tokens))));
            QCOMPARE(BpeEncoding::get(*encoding).count(plan.sample), plan.tokens.size());
            ++checked;
        }
        QCOMPARE(checked, 64 + 57); // every cl100k_base and o200k_base vector in the file
    }

    void knownSplitsOfEachPattern()
    {
        const BpeEncoding &cl100k = BpeEncoding::get(Encoding::Cl100kBase);
        const BpeEncoding &o200k = BpeEncoding::get(Encoding::O200kBase);
        // Contractions, digits in threes, trailing spaces and line breaks are where the two
        // patterns differ from naive word splitting.
        QCOMPARE(cl100k.encode("hello world"), (std::vector<std::uint32_t>{15339, 1917}));
        QCOMPARE(o200k.encode("hello world"), (std::vector<std::uint32_t>{24912, 2375}));
        for (const BpeEncoding *encoding : {&cl100k, &o200k}) {
            for (const std::string text : {"I'M SURE they'll 1234567 x  \n\n  y   ", "tab\there\r\n\u00a0nbsp \u3000end",
                                              "<|endoftext|> is text here", "a/b/c\n\n\n/d"}) {
                QCOMPARE(joined(*encoding, encoding->encode(text)), text);
            }
        }
        // Text that spells a special token is ordinary text, as the chat APIs treat it.
        QVERIFY(cl100k.count("<|endoftext|>") > 1);
    }

    void bytesThatAreNotUtf8AreStillCounted()
    {
        const std::string text = std::string("ok \xff\xfe bad \xc3") + "\x28 end";
        for (Encoding which : {Encoding::Cl100kBase, Encoding::O200kBase}) {
            const BpeEncoding &encoding = BpeEncoding::get(which);
            QCOMPARE(joined(encoding, encoding.encode(text)), text);
        }
    }

    void longPiecesMergeAsShortOnesDo()
    {
        // Pieces over 64 bytes merge through a heap; it must choose the same merges in the same
        // order as tiktoken's loop, which every piece the vectors cover went through.
        std::mt19937 random(21);
        const std::string letters = "aeiouthsnrlcdmgkpbwyfvxzq";
        for (Encoding which : {Encoding::Cl100kBase, Encoding::O200kBase}) {
            const BpeEncoding &encoding = BpeEncoding::get(which);
            for (int round = 0; round < 2000; ++round) {
                std::string word;
                const std::size_t length = 2 + random() % 63;
                for (std::size_t i = 0; i < length; ++i)
                    word += letters[random() % (round % 2 ? 5 : letters.size())];
                const auto loop = encoding.encode(word);
                const auto heap = encoding.encodePieceWithHeap(word);
                if (loop != heap)
                    QFAIL(qPrintable(QStringLiteral("%1: %2 against %3")
                                         .arg(QString::fromStdString(word), listed(loop), listed(heap))));
            }
        }
    }

    void aHostileRunOfOneLetterIsCountedQuickly()
    {
        // A megabyte without a space is one piece; the quadratic loop would take hours.
        const std::string run(1 << 20, 'a');
        for (Encoding which : {Encoding::Cl100kBase, Encoding::O200kBase}) {
            const BpeEncoding &encoding = BpeEncoding::get(which);
            const auto tokens = encoding.encode(run);
            QCOMPARE(joined(encoding, tokens), run);
            QVERIFY(tokens.size() < run.size() / 4);
        }
    }

    void modelsTakeTheirEncodings_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("encoding");
        QTest::newRow("gpt-4o") << "gpt-4o" << "o200k_base";
        QTest::newRow("dated") << "gpt-4o-2024-08-06" << "o200k_base";
        QTest::newRow("mini") << "gpt-4o-mini" << "o200k_base";
        QTest::newRow("4.1") << "gpt-4.1-nano" << "o200k_base";
        QTest::newRow("5") << "gpt-5" << "o200k_base";
        QTest::newRow("5.1") << "gpt-5.1-mini" << "o200k_base";
        QTest::newRow("o1") << "o1" << "o200k_base";
        QTest::newRow("o3-mini") << "o3-mini" << "o200k_base";
        QTest::newRow("o4-mini") << "o4-mini" << "o200k_base";
        QTest::newRow("routed") << "openai/gpt-4.1" << "o200k_base";
        QTest::newRow("fine-tuned") << "ft:gpt-4o-mini-2024-07-18:acme::abc" << "o200k_base";
        QTest::newRow("gpt-4") << "gpt-4" << "cl100k_base";
        QTest::newRow("gpt-4-turbo") << "gpt-4-turbo-2024-04-09" << "cl100k_base";
        QTest::newRow("gpt-3.5") << "gpt-3.5-turbo" << "cl100k_base";
        QTest::newRow("azure") << "gpt-35-turbo" << "cl100k_base";
        QTest::newRow("claude") << "claude-sonnet-4-5" << "";
        QTest::newRow("llama") << "llama3.2" << "";
        QTest::newRow("o1-like") << "o10-model" << "";
        QTest::newRow("gpt-40") << "gpt-40" << "";
    }
    void modelsTakeTheirEncodings()
    {
        QFETCH(QString, model);
        QFETCH(QString, encoding);
        const auto found = encodingForModel(model.toStdString());
        QCOMPARE(found ? QString::fromUtf8(encodingName(*found).data()) : QString(), encoding);
    }

    void chatMessagesCountAsOpenAisGuideCountsThem()
    {
        // The guide's worked example: 129 prompt tokens for gpt-3.5-turbo and gpt-4, 124 for
        // gpt-4o and gpt-4o-mini, each as the API reported them.
        const auto messages = guideMessages();
        QCOMPARE(countMessages(messages, encodingForModel("gpt-4")),
            (TokenCount{129, Encoding::Cl100kBase, true}));
        QCOMPARE(countMessages(messages, encodingForModel("gpt-4o-mini")),
            (TokenCount{124, Encoding::O200kBase, true}));
    }

    void imagesCostWhatEachProviderPublishes_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<qlonglong>("tokens");
        // OpenAI's vision guide, its worked examples.
        QTest::newRow("4o 1024² high") << "gpt-4o" << 1024 << 1024 << "high" << 765LL;
        QTest::newRow("4o 2048×4096 high") << "gpt-4o" << 2048 << 4096 << "high" << 1105LL;
        QTest::newRow("4o 4096×8192 low") << "gpt-4o" << 4096 << 8192 << "low" << 85LL;
        QTest::newRow("4o-mini 1024² high") << "gpt-4o-mini" << 1024 << 1024 << "high" << 25501LL;
        QTest::newRow("4.1-mini 1024²") << "gpt-4.1-mini" << 1024 << 1024 << "" << 1659LL; // 1024 patches × 1.62
        QTest::newRow("4.1-mini 1800×2400") << "gpt-4.1-mini" << 1800 << 2400 << "" << 2353LL; // 1452 patches × 1.62
        // Anthropic's table: about width × height / 750.
        QTest::newRow("claude 200²") << "claude-sonnet-4-5" << 200 << 200 << "" << 54LL;
        QTest::newRow("claude 1000²") << "claude-sonnet-4-5" << 1000 << 1000 << "" << 1334LL;
        QTest::newRow("claude 1092²") << "claude-sonnet-4-5" << 1092 << 1092 << "" << 1590LL;
        // Gemini: 258 a small image, else 258 a tile.
        QTest::newRow("gemini 300²") << "gemini-2.5-flash" << 300 << 300 << "" << 258LL;
        QTest::newRow("gemini 1000²") << "gemini-2.5-flash" << 1000 << 1000 << "" << 1032LL;
    }
    void imagesCostWhatEachProviderPublishes()
    {
        QFETCH(QString, model);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(QString, detail);
        QFETCH(qlonglong, tokens);
        ps::model::ImageRef image;
        image.sha256 = std::string(64, 'a');
        image.mediaType = "image/png";
        image.width = width;
        image.height = height;
        image.detail = detail.toStdString();
        QCOMPARE(imageTokens(model.toStdString(), image), std::optional<long long>(tokens));
    }

    void imagesWithoutARuleOrASizeAreNotGuessed()
    {
        ps::model::ImageRef image;
        image.url = "https://example.com/a.png";
        QVERIFY(!imageTokens("gpt-4o", image));
        image = {};
        image.sha256 = std::string(64, 'a');
        image.width = image.height = 10;
        QVERIFY(!imageTokens("llava", image));
    }

    void otherModelsGetAnEstimateSaidToBeOne()
    {
        const std::vector<CountedMessage> one{{"user", "Twelve chars", "", ""}};
        const TokenCount estimate = countMessages(one, encodingForModel("claude-sonnet-4-5"));
        QVERIFY(!estimate.exact);
        QVERIFY(!estimate.encoding);
        QCOMPARE(estimate.tokens, 3 + 1 + 3 + 3LL); // overhead, "user", 12 characters, priming
        QCOMPARE(estimateTokens("日本語のテキスト"), 2LL); // characters, not bytes
        // Tool calls have no published rule: counted, but not called exact.
        const std::vector<CountedMessage> tool{{"assistant", "", "", R"([{"name":"lookup","arguments":"{}"}])"}};
        const TokenCount withTool = countMessages(tool, Encoding::O200kBase);
        QVERIFY(!withTool.exact);
        QCOMPARE(withTool.encoding, std::optional(Encoding::O200kBase));
    }
};

QTEST_GUILESS_MAIN(TestTokenCount)
#include "test_token_count.moc"
