// OpenAI's fine-tuning data checks: every check of its data-preparation guide fails on a file
// made to fail it, the published schemas refuse what OpenAI refuses (a developer message in
// supervised data, two preferred outputs), and the guide's own toy dataset gives its numbers.

#include "finetune/finetune_check.h"

#include "test_support.h"

#include <QTest>

using namespace ps::finetune;
using nlohmann::json;

namespace {

std::string line(const json &example)
{
    return example.dump() + "\n";
}

json msg(const std::string &role, const json &content)
{
    return {{"role", role}, {"content", content}};
}

json goodExample()
{
    return {{"messages", json::array({msg("system", "Label tickets."), msg("user", "Charged twice."),
                             msg("assistant", "billing")})}};
}

json preferenceExample()
{
    return {{"input", {{"messages", json::array({msg("user", "Charged twice.")})}}},
        {"preferred_output", json::array({msg("assistant", "billing")})},
        {"non_preferred_output", json::array({msg("assistant", "shipping")})}};
}

// Counts words: a counter the arithmetic can be followed with by hand.
long long words(std::string_view text)
{
    long long n = 0;
    bool inWord = false;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n';
        n += !space && !inWord;
        inWord = !space;
    }
    return n;
}

} // namespace

class TestFinetuneCheck : public QObject
{
    Q_OBJECT

private slots:
    void eachGuideCheckFailsItsFile_data()
    {
        QTest::addColumn<QString>("jsonl");
        QTest::addColumn<QString>("key");
        json noMessages = json::object();
        QTest::newRow("data_type") << QString::fromStdString("[1, 2]\n") << "data_type";
        QTest::newRow("missing_messages_list") << QString::fromStdString(line({{"messages", json::array()}}))
                                               << "missing_messages_list";
        QTest::newRow("missing_messages_list (absent)") << QString::fromStdString(line(noMessages))
                                                        << "missing_messages_list";
        json missingKey = goodExample();
        missingKey["messages"][1].erase("content");
        QTest::newRow("message_missing_key") << QString::fromStdString(line(missingKey)) << "message_missing_key";
        json unknownKey = goodExample();
        unknownKey["messages"][1]["mood"] = "angry";
        QTest::newRow("message_unrecognized_key") << QString::fromStdString(line(unknownKey))
                                                  << "message_unrecognized_key";
        json developer = goodExample();
        developer["messages"][0]["role"] = "developer";
        QTest::newRow("unrecognized_role") << QString::fromStdString(line(developer)) << "unrecognized_role";
        json empty = goodExample();
        empty["messages"][1]["content"] = "";
        QTest::newRow("missing_content") << QString::fromStdString(line(empty)) << "missing_content";
        json noAssistant = goodExample();
        noAssistant["messages"].erase(2);
        QTest::newRow("example_missing_assistant_message") << QString::fromStdString(line(noAssistant))
                                                           << "example_missing_assistant_message";
        QTest::newRow("invalid_json") << QString::fromStdString(line(goodExample()) + "{\"messages\": [\n")
                                      << "invalid_json";
    }

    void eachGuideCheckFailsItsFile()
    {
        QFETCH(QString, jsonl);
        QFETCH(QString, key);
        const CheckReport report = checkJsonl(jsonl.toStdString(), FinetuneFormat::Sft);
        QVERIFY2(report.errors.count(key.toStdString()) == 1 && report.errors.at(key.toStdString()) == 1,
            report.toJson().dump(1).c_str());
        QVERIFY(!report.ok());
        QVERIFY(!report.problems.empty());
        QCOMPARE(report.problems.front().key, key.toStdString());
        QVERIFY(report.problems.front().line >= 1);
        // The printout names the line.
        const std::string text = report.toText();
        QVERIFY2(text.find("line " + std::to_string(report.problems.front().line) + ": ") != std::string::npos,
            text.c_str());
    }

    void aValidFileHasNoErrors()
    {
        std::string jsonl;
        for (int i = 0; i < 3; ++i)
            jsonl += line(goodExample());
        jsonl += "\n"; // a blank line is skipped, as OpenAI's upload does
        const CheckReport report = checkJsonl(jsonl, FinetuneFormat::Sft);
        QVERIFY2(report.ok(), report.toJson().dump(1).c_str());
        QCOMPARE(report.examples, 3);
        QVERIFY(report.warnings.empty());
        QVERIFY(report.toText().find("No errors found") != std::string::npos);
    }

    // The schemas OpenAI published: a developer message is not a role of supervised data, and a
    // weight is 0 or 1; a preference example has exactly one preferred and one non-preferred
    // assistant message.
    void thePublishedSchemasDecide()
    {
        json developer = goodExample();
        developer["messages"][0]["role"] = "developer";
        QVERIFY(checkJsonl(line(developer), FinetuneFormat::Sft).errors.count("schema"));
        json weighted = goodExample();
        weighted["messages"][2]["weight"] = 0;
        QVERIFY2(checkJsonl(line(weighted), FinetuneFormat::Sft).ok(), "weight 0 is allowed");
        weighted["messages"][2]["weight"] = 2;
        const CheckReport badWeight = checkJsonl(line(weighted), FinetuneFormat::Sft);
        QCOMPARE(badWeight.errors.size(), std::size_t(1));
        QVERIFY(badWeight.errors.count("schema"));
        QVERIFY(badWeight.problems.front().message.find("OpenAI's supervised fine-tuning schema")
            != std::string::npos);

        QVERIFY2(checkJsonl(line(preferenceExample()), FinetuneFormat::Dpo).ok(),
            checkJsonl(line(preferenceExample()), FinetuneFormat::Dpo).toJson().dump(1).c_str());
        json two = preferenceExample();
        two["preferred_output"].push_back(msg("assistant", "billing, surely"));
        const CheckReport twoPreferred = checkJsonl(line(two), FinetuneFormat::Dpo);
        QVERIFY(twoPreferred.errors.count("schema")); // maxItems: 1
        QVERIFY(twoPreferred.errors.count("preferred_output"));
        json none = preferenceExample();
        none.erase("non_preferred_output");
        QVERIFY(checkJsonl(line(none), FinetuneFormat::Dpo).errors.count("non_preferred_output"));
        json userOutput = preferenceExample();
        userOutput["preferred_output"][0]["role"] = "user";
        QVERIFY(checkJsonl(line(userOutput), FinetuneFormat::Dpo).errors.count("preferred_output"));

        QCOMPARE(detectFormat(line(preferenceExample())), FinetuneFormat::Dpo);
        QCOMPARE(detectFormat("\nnot json\n" + line(goodExample())), FinetuneFormat::Sft);
    }

    // The guide's published run on its toy dataset: 5 examples, no errors, one without a
    // system and one without a user message, 2 to 9 messages (mean 3.8, median 3, p10 2,
    // p90 6.6), 26 to 8,032 tokens (mean 1,648.4, median 45), 4 to 8,000 of them the
    // assistant's, ~4,306 billed tokens, 20 epochs, ~86,120 charged: its figures in cl100k_base,
    // which are now counted exactly.
    void toyDatasetGivesTheGuidesNumbers()
    {
        const QByteArray toy = ps::test::readFile(ps::test::dataPath(QStringLiteral("finetune/toy_chat_fine_tuning.jsonl")));
        const CheckReport report = checkJsonl(toy.toStdString(), FinetuneFormat::Sft);
        QCOMPARE(report.examples, 5);
        QVERIFY(report.ok());
        QCOMPARE(report.warnings.at("missing_system"), 1);
        QCOMPARE(report.warnings.at("missing_user"), 1);
        QCOMPARE(report.messagesPerExample.min, 2.0);
        QCOMPARE(report.messagesPerExample.max, 9.0);
        QCOMPARE(report.messagesPerExample.mean, 3.8);
        QCOMPARE(report.messagesPerExample.median, 3.0);
        QCOMPARE(report.messagesPerExample.p10, 2.0);
        QVERIFY(qAbs(report.messagesPerExample.p90 - 6.6) < 1e-9);
        QCOMPARE(report.tokensPerExample.min, 26.0);
        QCOMPARE(report.tokensPerExample.max, 8032.0);
        QVERIFY(qAbs(report.tokensPerExample.mean - 1648.4) < 1e-9);
        QCOMPARE(report.tokensPerExample.median, 45.0);
        QCOMPARE(report.assistantTokensPerExample.min, 4.0);
        QCOMPARE(report.assistantTokensPerExample.max, 8000.0);
        QCOMPARE(report.billingTokens, 4306LL);
        QCOMPARE(report.epochs, 20);
        QCOMPARE(report.chargedTokens, 86120LL);
        QCOMPARE(report.warnings.at("over_token_limit"), 1); // the banana example, as in the guide
        QVERIFY(report.exactTokens);
        const std::string text = report.toText();
        QVERIFY2(text.find("(estimate)") == std::string::npos, text.c_str());
        QVERIFY(text.find("you'll train for 20 epochs") != std::string::npos);
        QVERIFY(text.find("1 example may be over the 4,096-token limit") != std::string::npos);
        QVERIFY(report.toJson()["exact"] == json(true));

        // An encoding no public file covers is estimated, and said to be.
        CheckOptions unknown;
        unknown.encoding = "p50k_base";
        const CheckReport estimated = checkJsonl(toy.toStdString(), FinetuneFormat::Sft, unknown);
        QVERIFY(!estimated.exactTokens);
        QVERIFY(estimated.toText().find("Tokens per example (estimate)") != std::string::npos);
    }

    // The guide's token arithmetic, followed with a counter anyone can count by hand: 3 a
    // message, 1 more for a name, 3 for the reply; billing tokens capped at the limit per example,
    // times the epochs.
    void tokenArithmeticIsTheGuides()
    {
        CheckOptions options;
        options.countTokens = words;
        options.tokenLimit = 20;
        json named = goodExample(); // 2 + 2 + 1 words, 3 roles of one word
        named["messages"][1]["name"] = "maya"; // one word and the name's extra token
        json long_ = goodExample();
        long_["messages"][1]["content"] = "one two three four five six seven eight nine ten eleven twelve";
        const CheckReport report = checkJsonl(line(named) + line(long_), FinetuneFormat::Sft, options);
        // named: 3 + 3x3 + (1+2) + (1+2+1+1) + (1+1) = 3 + 9 + 3 + 5 + 2 = 22
        // long_: 3 + 9 + (1+2) + (1+12) + (1+1) = 30
        QCOMPARE(report.tokensPerExample.min, 22.0);
        QCOMPARE(report.tokensPerExample.max, 30.0);
        QCOMPARE(report.assistantTokensPerExample.max, 1.0);
        QCOMPARE(report.warnings.at("over_token_limit"), 2);
        QCOMPARE(report.billingTokens, 40LL); // min(20, 22) + min(20, 30)
        QCOMPARE(report.epochs, 25); // 2 examples: min(25, 100 // 2)
        QCOMPARE(report.chargedTokens, 1000LL);
        QVERIFY(report.exactTokens);
        QCOMPARE(defaultEpochs(5000), 3);
        QCOMPARE(defaultEpochs(10000), 2); // max(1, 25000 // 10000)
        QCOMPARE(defaultEpochs(20000), 1); // max(1, 25000 // 20000)
        QCOMPARE(defaultEpochs(0), 0);
    }
};

QTEST_APPLESS_MAIN(TestFinetuneCheck)
#include "test_finetune_check.moc"
