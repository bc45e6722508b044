// The version content users save (CLI.md "Version content"): reading, normalising, hashing,
// and errors that name the field at fault.
#include "model/version_content.h"

#include <QCryptographicHash>
#include <QString>
#include <QTest>

using nlohmann::json;
using ps::model::ContentError;
using ps::model::ExamplesMode;
using ps::model::VersionContent;

namespace {

// The example from CLI.md, verbatim.
const char *const cliExample = R"({"messages": [{"role": "system", "content": "You label tickets."},
              {"role": "user", "content": "{{ticket}}"}],
 "variables": [{"name": "ticket", "default": "", "description": "the ticket text"}],
 "params": {"temperature": 0, "top_p": 1, "max_tokens": 256, "stop": ["\n\n"], "seed": 7,
            "reasoning_effort": "low",
            "response_format": {"type": "json_schema", "name": "label",
                                "schema": {"type": "object"}},
            "tools": [{"name": "lookup_order", "description": "...", "parameters": {"type": "object"}}]},
 "examples": [{"input": {"ticket": "charged twice"}, "output": "billing",
               "note": "", "enabled": true, "tags": ["billing"]}],
 "examples_mode": "section"})";

json minimal()
{
    return json::parse(R"({"messages": [{"role": "user", "content": "Hi"}]})");
}

QString js(const json &value)
{
    return QString::fromStdString(value.dump());
}

// QCOMPARE cannot take nlohmann::json (Qt's qfloat16 overload trips on it); compare the dumps.
#define COMPARE_JSON(actual, expected) QCOMPARE(js(actual), js(expected))

std::string hashOf(const json &value)
{
    return VersionContent::fromJson(value).contentHash();
}

} // namespace

class TestVersionContent : public QObject
{
    Q_OBJECT

private slots:
    void readsTheCliExample()
    {
        const VersionContent content = VersionContent::fromJson(json::parse(cliExample));
        QCOMPARE(content.messages.size(), std::size_t(2));
        QCOMPARE(content.messages[0].role, std::string("system"));
        QCOMPARE(content.messages[0].content, std::string("You label tickets."));
        QCOMPARE(content.messages[1].content, std::string("{{ticket}}"));
        QCOMPARE(content.variables.size(), std::size_t(1));
        QCOMPARE(content.variables[0].name, std::string("ticket"));
        QCOMPARE(content.variables[0].description, std::string("the ticket text"));
        QCOMPARE(content.params.temperature, std::optional<double>(0.0));
        QCOMPARE(content.params.topP, std::optional<double>(1.0));
        QCOMPARE(content.params.maxTokens, std::optional<long long>(256));
        QCOMPARE(content.params.stop, std::vector<std::string> {"\n\n"});
        QCOMPARE(content.params.seed, std::optional<long long>(7));
        QCOMPARE(content.params.reasoningEffort, std::optional<std::string>("low"));
        COMPARE_JSON(content.params.responseFormat["name"], json("label"));
        COMPARE_JSON(content.params.tools[0]["name"], json("lookup_order"));
        QVERIFY(content.params.extra.empty());
        QCOMPARE(content.examples.size(), std::size_t(1));
        COMPARE_JSON(content.examples[0].input, json({{"ticket", "charged twice"}}));
        QCOMPARE(content.examples[0].output, std::string("billing"));
        QCOMPARE(content.examples[0].enabled, true);
        QCOMPARE(content.examples[0].tags, std::vector<std::string> {"billing"});
        QCOMPARE(content.examplesMode, ExamplesMode::Section);
    }

    void normalisedFormRoundTrips()
    {
        const VersionContent content = VersionContent::fromJson(json::parse(cliExample));
        const VersionContent again = VersionContent::fromJson(content.toJson());
        QVERIFY(again == content);
        QCOMPARE(again.contentHash(), content.contentHash());
    }

    void toJsonFillsEveryDefault()
    {
        const json out = VersionContent::fromJson(minimal()).toJson();
        const json expected = json::parse(R"({
            "messages": [{"role": "user", "content": "Hi"}],
            "variables": [],
            "params": {"temperature": null, "top_p": null, "max_tokens": null, "stop": [],
                       "seed": null, "reasoning_effort": null, "response_format": null,
                       "tools": []},
            "examples": [],
            "examples_mode": "section"})");
        COMPARE_JSON(out, expected);

        const json example = VersionContent::fromJson(
            json::parse(R"({"messages": [{"role": "user", "content": "Hi"}],
                                                 "variables": ["ticket"],
                                                 "examples": [{"output": "bug"}]})"))
                                 .toJson();
        COMPARE_JSON(example["variables"][0],
            json({{"name", "ticket"}, {"default", ""}, {"description", ""}}));
        COMPARE_JSON(example["examples"][0], json::parse(R"({"input": {}, "output": "bug",
            "note": "", "enabled": true, "tags": []})"));
    }

    void assistantAndToolMessagesKeepTheirCallFields()
    {
        const json in = json::parse(R"({"messages": [
            {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "name": "lookup_order"}]},
            {"role": "tool", "tool_call_id": "c1", "content": "shipped"}]})");
        const json out = VersionContent::fromJson(in).toJson();
        COMPARE_JSON(out["messages"][0]["tool_calls"][0]["id"], json("c1"));
        COMPARE_JSON(out["messages"][1]["tool_call_id"], json("c1"));
        QVERIFY(!out["messages"][1].contains("tool_calls"));
    }

    void hashIsLowerCaseSha256Hex()
    {
        const std::string hash = hashOf(json::parse(cliExample));
        QCOMPARE(hash.size(), std::size_t(64));
        for (char c : hash)
            QVERIFY2((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'), hash.c_str());
    }

    void hashIsTheSha256OfTheSortedCompactForm()
    {
        // The documented recipe: sha256 of compact, key-sorted JSON of the normalised form.
        const VersionContent content = VersionContent::fromJson(minimal());
        const std::string normalised
            = R"({"examples":[],"examples_mode":"section","messages":[{"content":"Hi","role":"user"}],)"
              R"("params":{"max_tokens":null,"reasoning_effort":null,"response_format":null,)"
              R"("seed":null,"stop":[],"temperature":null,"tools":[],"top_p":null},"variables":[]})";
        QCOMPARE(content.toJson().dump(), normalised);
        // echo -n '<normalised>' | sha256sum
        const QByteArray expected = QCryptographicHash::hash(
            QByteArray::fromStdString(normalised), QCryptographicHash::Sha256)
                                        .toHex();
        QCOMPARE(QByteArray::fromStdString(content.contentHash()), expected);
    }

    void hashIgnoresKeyOrderAndNumberSpelling()
    {
        const std::string base = hashOf(json::parse(
            R"({"messages": [{"role": "user", "content": "Hi"}], "params": {"temperature": 0, "top_p": 1}})"));
        QCOMPARE(
            hashOf(json::parse(
                R"({"params": {"top_p": 1.0, "temperature": 0.0}, "messages": [{"content": "Hi", "role": "user"}]})")),
            base);
        // Spelled-out defaults are the same content as left-out ones.
        QCOMPARE(hashOf(json::parse(R"({"messages": [{"role": "user", "content": "Hi"}],
                 "variables": [], "examples": [], "examples_mode": "section",
                 "params": {"temperature": 0, "top_p": 1, "stop": []}})")),
            base);
    }

    void hashChangesWithAnyField()
    {
        const std::string base
            = R"({"messages": [{"role": "system", "content": "You label tickets."},
                                                 {"role": "user", "content": "{{ticket}}"}],
            "variables": ["ticket"], "params": {"temperature": 0},
            "examples": [{"input": {"ticket": "charged twice"}, "output": "billing"}]})";
        const std::vector<std::pair<std::string, std::string>> edits = {
            {"You label tickets.", "You label support tickets."},
            {R"("role": "system")", R"("role": "assistant")"},
            {R"("temperature": 0})", R"("temperature": 0.2})"},
            {R"("temperature": 0})", R"("temperature": 0, "seed": 1})"},
            {R"(["ticket"])", R"([{"name": "ticket", "default": "n/a"}])"},
            {R"("output": "billing")", R"("output": "bug")"},
            {"charged twice", "charged three times"},
            {R"("output": "billing")", R"("output": "billing", "enabled": false)"},
            {R"("variables")", R"("examples_mode": "turns", "variables")"},
        };
        std::vector<std::string> hashes = {hashOf(json::parse(base))};
        for (const auto &[from, to] : edits) {
            std::string changed = base;
            const std::size_t at = changed.find(from);
            QVERIFY2(at != std::string::npos, from.c_str());
            changed.replace(at, from.size(), to);
            const std::string hash = hashOf(json::parse(changed));
            // Differs from the base and from every other edit.
            QVERIFY2(std::find(hashes.begin(), hashes.end(), hash) == hashes.end(), to.c_str());
            hashes.push_back(hash);
        }
    }

    void stopAsOneStringBecomesAList()
    {
        const VersionContent content = VersionContent::fromJson(json::parse(
            R"({"messages": [{"role": "user", "content": "Hi"}], "params": {"stop": "END"}})"));
        QCOMPARE(content.params.stop, std::vector<std::string> {"END"});
        COMPARE_JSON(content.toJson()["params"]["stop"], json({"END"}));
        QCOMPARE(content.contentHash(),
            hashOf(json::parse(
                R"({"messages": [{"role": "user", "content": "Hi"}], "params": {"stop": ["END"]}})")));
    }

    void unknownParamsAreKept()
    {
        const VersionContent content = VersionContent::fromJson(json::parse(
            R"({"messages": [{"role": "user", "content": "Hi"}],
                "params": {"temperature": 1, "logprobs": true, "safety": {"level": 2}}})"));
        COMPARE_JSON(content.params.extra, json({{"logprobs", true}, {"safety", {{"level", 2}}}}));
        const json params = content.toJson()["params"];
        COMPARE_JSON(params["logprobs"], json(true));
        COMPARE_JSON(params["safety"]["level"], json(2));
        QVERIFY(VersionContent::fromJson(content.toJson()) == content);
        QVERIFY(content.contentHash()
            != hashOf(json::parse(
                R"({"messages": [{"role": "user", "content": "Hi"}], "params": {"temperature": 1}})")));
    }

    // An unknown parameter set to null is the same as leaving it out: one request, one hash.
    void nullUnknownParamIsDropped()
    {
        const VersionContent withNull = VersionContent::fromJson(
            json {{"messages", {{{"role", "user"}, {"content", "Hi"}}}},
                {"params", {{"frequency_penalty", nullptr}}}});
        const VersionContent without
            = VersionContent::fromJson(json {{"messages", {{{"role", "user"}, {"content", "Hi"}}}}});
        QVERIFY(withNull.params.extra.empty());
        QCOMPARE(withNull.contentHash(), without.contentHash());
    }

    void errorsNameTheField_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("path");
        const auto row = [](const char *name, const char *input, const char *path) {
            QTest::newRow(name) << QString::fromUtf8(input) << QString::fromUtf8(path);
        };
        row("missing messages", R"({"params": {}})", "messages");
        row("empty messages", R"({"messages": []})", "messages");
        row("not an object", R"([1, 2])", "");
        row("bad role",
            R"({"messages": [{"role": "user", "content": "a"}, {"role": "robot", "content": "b"}]})",
            "messages[1].role");
        row("missing role", R"({"messages": [{"content": "b"}]})", "messages[0].role");
        row("unknown field", R"({"messages": [{"role": "user", "content": "a"}], "model": "x"})",
            "model");
        row("unknown message field",
            R"({"messages": [{"role": "user", "content": "a", "name": "x"}]})", "messages[0].name");
        row("content not a string", R"({"messages": [{"role": "user", "content": 5}]})",
            "messages[0].content");
        row("temperature not a number",
            R"({"messages": [{"role": "user"}], "params": {"temperature": "hot"}})",
            "params.temperature");
        row("max_tokens not an integer",
            R"({"messages": [{"role": "user"}], "params": {"max_tokens": 1.5}})",
            "params.max_tokens");
        row("stop not strings", R"({"messages": [{"role": "user"}], "params": {"stop": [1]}})",
            "params.stop[0]");
        row("params not an object", R"({"messages": [{"role": "user"}], "params": [1]})", "params");
        row("examples not a list", R"({"messages": [{"role": "user"}], "examples": {}})",
            "examples");
        row("enabled not a bool",
            R"({"messages": [{"role": "user"}], "examples": [{"enabled": "yes"}]})",
            "examples[0].enabled");
        row("duplicate variable",
            R"({"messages": [{"role": "user"}], "variables": ["a", {"name": "a"}]})",
            "variables[1]");
        row("empty variable name", R"({"messages": [{"role": "user"}], "variables": [""]})",
            "variables[0]");
        row("unnamed variable",
            R"({"messages": [{"role": "user"}], "variables": [{"default": "x"}]})",
            "variables[0].name");
        row("tool without call id", R"({"messages": [{"role": "tool", "content": "{}"}]})",
            "messages[0].tool_call_id");
        row("bad examples mode", R"({"messages": [{"role": "user"}], "examples_mode": "inline"})",
            "examples_mode");
    }

    void errorsNameTheField()
    {
        QFETCH(QString, input);
        QFETCH(QString, path);
        try {
            VersionContent::fromJson(json::parse(input.toStdString()));
            QFAIL("accepted invalid content");
        } catch (const ContentError &error) {
            QCOMPARE(QString::fromStdString(error.path()), path);
            // The message starts with the path so a user sees where to look.
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(path), error.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestVersionContent)
#include "test_version_content.moc"
