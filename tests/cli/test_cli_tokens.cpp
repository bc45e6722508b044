// `tokens`: a text, a file and a chat request counted for a model as CLI.md says (exact with its
// public encoding, an estimate said as one otherwise), and the tokenizer behind it equal to
// gpt-tokenizer (npm, installed when missing) on thousands of generated texts in many scripts.
#include "cli_test_helpers.h"
#include "npm_package.h"

#include "tokens/bpe_encoding.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using nlohmann::json;

namespace {

json countOf(std::initializer_list<test::Arg> args)
{
    const CliResult result = test::runCli(QStringList{QStringLiteral("--json"), QStringLiteral("tokens")} + argList(args));
    if (result.exitCode != 0)
        return json{{"failed", describe(result).toStdString()}};
    return json::parse(result.out.toStdString());
}

// Texts that exercise every branch of both split patterns: contractions, digit runs, every kind of
// white space, punctuation runs, line breaks, scripts with and without case, combining marks,
// emoji sequences, code, and letter runs long enough to take the heap merge.
std::vector<std::string> generatedTexts(int count)
{
    const std::vector<std::string> parts = {"hello", " world", "The", " QUICK", "HTTPServer", "camelCase", "'s", "'LL",
        "'ve", "'Re", " don't", "I'M", "1", "12", "123", "1234567", " 3.14159", "  ", "   ", "\n", "\r\n", "\n\n\n",
        "\t", "\u00a0", "\u3000", "\u2028", " \n ", "!!!", "?!", "...", " ---", "/", "a/b/c", "foo(bar)->baz;",
        "{\"k\": [1, 2]}", "<div class=\"x\">", "$$", "100%", "Привет", " МИР", "日本語のテキスト", "中文", "한국어",
        "مرحبا", "नमस्ते", "é", "e\u0301", "Ångström", "Straße", "😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "🎉🎉",
        "x²", "Ⅻ", "½", "\u0301", "ǅemal", "ʰ", "ΑΒΓ δεζ"};
    std::mt19937 random(2112);
    std::vector<std::string> texts;
    for (int i = 0; i < count; ++i) {
        std::string text;
        const int pieces = 1 + int(random() % 24);
        for (int p = 0; p < pieces; ++p)
            text += parts[random() % parts.size()];
        if (i % 50 == 0) // a run without a break: one piece far over 64 bytes
            for (std::size_t n = 65 + random() % 400; n > 0; --n)
                text += "abcdefghijklmnopqrstuvwxyz"[random() % (i % 100 == 0 ? 3 : 26)];
        texts.push_back(text);
    }
    return texts;
}

} // namespace

class TestCliTokens : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return file.fileName();
    }

private slots:
    void countsATextExactlyForOpenAisModels()
    {
        QCOMPARE(test::dumped(countOf({"--text", "hello world"})), test::dumped({{"tokens", 2}, {"encoding", "o200k_base"}, {"exact", true}}));
        QCOMPARE(test::dumped(countOf({"--text", "hello world", "--model", "gpt-4"})),
            test::dumped({{"tokens", 2}, {"encoding", "cl100k_base"}, {"exact", true}}));
        // The same words, different encodings: o200k_base packs non-English text tighter.
        const QString russian = QStringLiteral("Привет, мир! Как дела?");
        QCOMPARE(countOf({"--text", russian, "--encoding", "cl100k_base"})["tokens"].get<int>(), 12);
        QCOMPARE(countOf({"--text", russian, "--model", "gpt-4o"})["tokens"].get<int>(), 8); // both as TestPlans.txt has them
        const CliResult plain = cli({"tokens", "--text", "hello world", "--model", "gpt-4.1-mini"});
        QCOMPARE(plain.out, QByteArray("2 tokens (o200k_base)\n"));
    }

    void countsAFile()
    {
        const QString file = write(QStringLiteral("doc.txt"), "Hello, World! How are you today? \xf0\x9f\x8c\x8d");
        QCOMPARE(countOf({"--file", file, "--encoding", "cl100k_base"})["tokens"].get<int>(), 12); // TestPlans.txt's
        QCOMPARE(cli({"tokens", "--file", m_dir.filePath(QStringLiteral("none.txt"))}).exitCode, 3);
    }

    void otherModelsGetAnEstimateSaidToBeOne()
    {
        QCOMPARE(test::dumped(countOf({"--text", "Twelve chars", "--model", "claude-sonnet-4-5"})),
            test::dumped({{"tokens", 3}, {"encoding", nullptr}, {"exact", false}}));
        const CliResult plain = cli({"tokens", "--text", "Twelve chars", "--model", "llama3.2"});
        QVERIFY2(plain.out.startsWith("about 3 tokens (an estimate: no public encoding for llama3.2"), plain.out.constData());
    }

    void countsChatMessagesAsTheGuideDoes()
    {
        // OpenAI's counting guide: 3 a message, 1 a name, 3 priming the reply.
        const QString messages = write(QStringLiteral("messages.json"), R"([
            {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
            {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
            {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
            {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
            {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
            {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."}])");
        QCOMPARE(countOf({"--messages", messages, "--model", "gpt-4"})["tokens"].get<int>(), 129);
        QCOMPARE(countOf({"--messages", messages, "--model", "gpt-4o"})["tokens"].get<int>(), 124);
        // A request body counts for the model it names; text parts count as their text.
        const QString body = write(QStringLiteral("body.json"),
            R"({"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": [{"type": "text", "text": "hello"}, {"type": "text", "text": " world"}]}]})");
        QCOMPARE(test::dumped(countOf({"--messages", body})), test::dumped({{"tokens", 3 + 1 + 2 + 3}, {"encoding", "cl100k_base"}, {"exact", true}}));
        // Tool calls are counted but have no published rule.
        const QString tools = write(QStringLiteral("tools.json"),
            R"([{"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]}])");
        QCOMPARE(countOf({"--messages", tools})["exact"].dump(), std::string("false"));
    }

    void badInputIsRefusedNamingWhat()
    {
        const QString broken = write(QStringLiteral("broken.json"), R"([{"role": "user", "content": 5}])");
        const CliResult bad = cli({"tokens", "--messages", broken});
        QCOMPARE(bad.exitCode, 3);
        QVERIFY2(bad.err.contains("messages[0].content"), bad.err.constData());
        QCOMPARE(cli({"tokens"}).exitCode, 2);
        QCOMPARE(cli({"tokens", "--text", "a", "--file", broken}).exitCode, 2);
        QCOMPARE(cli({"tokens", "--text", "a", "--encoding", "p50k_base"}).exitCode, 2);
        QCOMPARE(cli({"tokens", "--text", "a", "--encoding", "o200k_base", "--model", "gpt-4"}).exitCode, 2);
    }

    void equalsGptTokenizerOnGeneratedTexts()
    {
        const QString node = test::nodeProgram();
        if (node.isEmpty())
            QSKIP("Node is not installed: the comparison with gpt-tokenizer could not run");
        const test::NpmPackage package = test::npmPackage(QStringLiteral("gpt-tokenizer@4.0.0"), QStringLiteral("gpt-tokenizer"));
        if (package.nodeModules.isEmpty())
            QSKIP(package.whyNot.toUtf8().constData());
        const std::vector<std::string> texts = generatedTexts(3000);
        const QString file = write(QStringLiteral("texts.json"), QByteArray::fromStdString(json(texts).dump()));
        QProcess encode;
        encode.start(node, {QStringLiteral(PS_SOURCE_DIR "/tests/exchange/encode_gpt_tokenizer.mjs"), package.nodeModules, file});
        QVERIFY(encode.waitForFinished(300000));
        QVERIFY2(encode.exitCode() == 0, encode.readAllStandardError().constData());
        const json expected = json::parse(encode.readAllStandardOutput().toStdString());
        for (tokens::Encoding which : {tokens::Encoding::Cl100kBase, tokens::Encoding::O200kBase}) {
            const json &theirs = expected[std::string(tokens::encodingName(which))];
            QCOMPARE(theirs.size(), texts.size());
            for (std::size_t i = 0; i < texts.size(); ++i) {
                const std::vector<std::uint32_t> ours = tokens::BpeEncoding::get(which).encode(texts[i]);
                if (json(ours) != theirs[i])
                    QFAIL(qPrintable(QStringLiteral("%1, text %2: %3\n ours   %4\n theirs %5")
                                         .arg(QString::fromUtf8(tokens::encodingName(which).data()))
                                         .arg(i)
                                         .arg(QString::fromStdString(json(texts[i]).dump()),
                                             QString::fromStdString(json(ours).dump()), QString::fromStdString(theirs[i].dump()))));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCliTokens)
#include "test_cli_tokens.moc"
