// What `version diff` and the diff view show: aligned messages, changed words, params,
// variables and examples.
#include "diff/text_diff.h"
#include "diff/version_diff.h"

#include <QElapsedTimer>
#include <QString>
#include <QTest>

using nlohmann::json;
using ps::diff::ChangeKind;
using ps::diff::diffVersions;
using ps::diff::LineChange;
using ps::diff::VersionDiff;
using ps::diff::WordSpan;
using ps::model::VersionContent;

namespace {

json message(const char *role, const std::string &content)
{
    return {{"role", role}, {"content", content}};
}

VersionContent content(json messages, json extra = json::object())
{
    extra["messages"] = std::move(messages);
    return VersionContent::fromJson(extra);
}

// A list of messages, also of one: `json {message}` is a list to GCC but the message itself to clang.
VersionContent content(std::initializer_list<json> messages, json extra = json::object())
{
    return content(json(std::vector<json>(messages)), std::move(extra));
}

VersionContent systemAndUser(const std::string &system, json extra = json::object())
{
    return content({message("system", system), message("user", "{{ticket}}")}, std::move(extra));
}

// "same:You label |added:support |same:tickets": compact and readable in a failure message.
QString spans(const std::vector<WordSpan> &words)
{
    QStringList parts;
    for (const WordSpan &word : words)
        parts << QString::fromUtf8(ps::diff::toString(word.kind)) + QLatin1Char(':')
                + QString::fromStdString(word.text);
    return parts.join(QLatin1Char('|'));
}

QString kinds(const std::vector<LineChange> &lines)
{
    QStringList parts;
    for (const LineChange &line : lines)
        parts << QString::fromUtf8(ps::diff::toString(line.kind));
    return parts.join(QLatin1Char(','));
}

QString kindsOf(const VersionDiff &diff)
{
    QStringList parts;
    for (const auto &message : diff.messages)
        parts << QString::fromUtf8(ps::diff::toString(message.kind));
    return parts.join(QLatin1Char(','));
}

// QCOMPARE cannot take nlohmann::json (Qt's qfloat16 overload trips on it); compare the dumps.
QString js(const json &value)
{
    return QString::fromStdString(value.dump());
}

#define COMPARE_JSON(actual, expected) QCOMPARE(js(actual), js(expected))

bool isValidUtf8(const std::string &text)
{
    const QByteArray bytes = QByteArray::fromStdString(text);
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

} // namespace

class TestVersionDiff : public QObject
{
    Q_OBJECT

private slots:
    void identicalVersionsHaveNoDifferences()
    {
        const VersionContent version
            = systemAndUser("You label tickets.", {{"params", {{"temperature", 0}}}});
        const VersionDiff diff = diffVersions(version, version);
        QVERIFY(diff.identical());
        QCOMPARE(kindsOf(diff), QStringLiteral("same,same"));
        QVERIFY(diff.messages[0].lines.empty());
        QCOMPARE(diff.toText(), std::string("No differences.\n"));
        COMPARE_JSON(diff.toJson()["identical"], json(true));
    }

    void aWordInsertedIsTheOnlyWordMarked()
    {
        const VersionDiff diff = diffVersions(
            systemAndUser("You label tickets"), systemAndUser("You label support tickets"));
        QVERIFY(!diff.identical());
        QCOMPARE(kindsOf(diff), QStringLiteral("changed,same"));
        const auto &lines = diff.messages[0].lines;
        QCOMPARE(kinds(lines), QStringLiteral("changed"));
        QCOMPARE(
            spans(lines[0].words), QStringLiteral("same:You label |added:support |same:tickets"));
        QCOMPARE(lines[0].oldText, std::string("You label tickets"));
        QCOMPARE(lines[0].newText, std::string("You label support tickets"));
    }

    void aReplacedWordShowsOldAndNew()
    {
        const VersionDiff diff = diffVersions(
            systemAndUser("Answer with one word."), systemAndUser("Answer with a single word."));
        QCOMPARE(spans(diff.messages[0].lines[0].words),
            QStringLiteral("same:Answer with |removed:one|added:a single|same: word."));
    }

    void aSentenceAppendedStartsAfterThePeriod()
    {
        const VersionDiff diff = diffVersions(
            systemAndUser("Label it."), systemAndUser("Label it. Answer with one word."));
        QCOMPARE(spans(diff.messages[0].lines[0].words),
            QStringLiteral("same:Label it.|added: Answer with one word."));
    }

    void linesAddedRemovedAndChanged()
    {
        const std::string before = "Rules:\n- be brief\n- be kind\nEnd.";
        const VersionDiff added = diffVersions(systemAndUser(before),
            systemAndUser("Rules:\n- be brief\n- be kind\n- cite sources\nEnd."));
        QCOMPARE(kinds(added.messages[0].lines), QStringLiteral("same,same,same,added,same"));
        QCOMPARE(added.messages[0].lines[3].newText, std::string("- cite sources"));

        const VersionDiff removed
            = diffVersions(systemAndUser(before), systemAndUser("Rules:\n- be kind\nEnd."));
        QCOMPARE(kinds(removed.messages[0].lines), QStringLiteral("same,removed,same,same"));
        QCOMPARE(removed.messages[0].lines[1].oldText, std::string("- be brief"));

        const VersionDiff changed = diffVersions(
            systemAndUser(before), systemAndUser("Rules:\n- be very brief\n- be kind\nEnd."));
        QCOMPARE(kinds(changed.messages[0].lines), QStringLiteral("same,changed,same,same"));
        QCOMPARE(spans(changed.messages[0].lines[1].words),
            QStringLiteral("same:- be |added:very |same:brief"));
    }

    void moreLinesReplacedThanAddedPairsInOrder()
    {
        const VersionDiff diff
            = diffVersions(systemAndUser("a\nold one\nold two\nz"), systemAndUser("a\nnew one\nz"));
        QCOMPARE(kinds(diff.messages[0].lines), QStringLiteral("same,changed,removed,same"));
        QCOMPARE(diff.messages[0].lines[1].oldText, std::string("old one"));
        QCOMPARE(diff.messages[0].lines[1].newText, std::string("new one"));
        QCOMPARE(diff.messages[0].lines[2].oldText, std::string("old two"));
    }

    void messageAdded()
    {
        const VersionContent before = systemAndUser("S");
        const VersionContent after = content({message("system", "S"), message("user", "Example?"),
            message("assistant", "billing"), message("user", "{{ticket}}")});
        const VersionDiff diff = diffVersions(before, after);
        QCOMPARE(kindsOf(diff), QStringLiteral("same,added,added,same"));
        QCOMPARE(diff.messages[1].newIndex, 1);
        QCOMPARE(diff.messages[1].oldIndex, -1);
        QCOMPARE(diff.messages[2].newRole, std::string("assistant"));
        QCOMPARE(kinds(diff.messages[2].lines), QStringLiteral("added"));
        QCOMPARE(diff.messages[3].oldIndex, 1);
        QCOMPARE(diff.messages[3].newIndex, 3);
    }

    void messageRemoved()
    {
        const VersionContent before = content({message("system", "S"),
            message("user", "first\nsecond"), message("user", "{{ticket}}")});
        const VersionDiff diff = diffVersions(before, systemAndUser("S"));
        QCOMPARE(kindsOf(diff), QStringLiteral("same,removed,same"));
        QCOMPARE(diff.messages[1].oldIndex, 1);
        QCOMPARE(diff.messages[1].newIndex, -1);
        QCOMPARE(kinds(diff.messages[1].lines), QStringLiteral("removed,removed"));
        QCOMPARE(diff.messages[1].lines[1].oldText, std::string("second"));
    }

    void roleChangedKeepsTheTextSame()
    {
        const VersionDiff diff = diffVersions(
            content({message("system", "Be brief.")}), content({message("user", "Be brief.")}));
        QCOMPARE(kindsOf(diff), QStringLiteral("changed"));
        QCOMPARE(diff.messages[0].oldRole, std::string("system"));
        QCOMPARE(diff.messages[0].newRole, std::string("user"));
        QCOMPARE(kinds(diff.messages[0].lines), QStringLiteral("same"));
        QVERIFY(diff.toText().find("System → User (message 1)") != std::string::npos);
    }

    void toolCallIdChangeIsReported()
    {
        const auto tool = [](const char *id) {
            return json {{"role", "tool"}, {"tool_call_id", id}, {"content", "{}"}};
        };
        const VersionDiff diff = diffVersions(content({tool("call_1")}), content({tool("call_2")}));
        QCOMPARE(kindsOf(diff), QStringLiteral("changed"));
        QCOMPARE(diff.messages[0].fields.size(), std::size_t(1));
        QCOMPARE(diff.messages[0].fields[0].key, std::string("tool_call_id"));
        COMPARE_JSON(diff.messages[0].fields[0].after, json("call_2"));
    }

    void paramsChangedAddedAndRemoved()
    {
        const VersionDiff diff = diffVersions(
            systemAndUser("S", {{"params", {{"temperature", 0.7}, {"max_tokens", 256}}}}),
            systemAndUser(
                "S", {{"params", {{"temperature", 0}, {"seed", 7}, {"logprobs", true}}}}));
        QVERIFY(!diff.identical());
        QCOMPARE(kindsOf(diff), QStringLiteral("same,same"));
        QCOMPARE(diff.params.size(), std::size_t(4));
        // Sorted by key; absent and null are the same "unset".
        QCOMPARE(diff.params[0].key, std::string("logprobs"));
        COMPARE_JSON(diff.params[0].before, json());
        COMPARE_JSON(diff.params[0].after, json(true));
        QCOMPARE(diff.params[1].key, std::string("max_tokens"));
        COMPARE_JSON(diff.params[1].before, json(256));
        COMPARE_JSON(diff.params[1].after, json());
        QCOMPARE(diff.params[2].key, std::string("seed"));
        QCOMPARE(diff.params[3].key, std::string("temperature"));
        COMPARE_JSON(diff.params[3].before, json(0.7));
        COMPARE_JSON(diff.params[3].after, json(0.0));
        const std::string text = diff.toText();
        QVERIFY2(text.find("temperature 0.7 → 0\n") != std::string::npos, text.c_str());
        QVERIFY2(text.find("max_tokens 256 → unset\n") != std::string::npos, text.c_str());
    }

    void sameParamsWrittenDifferentlyAreNoChange()
    {
        const VersionDiff diff
            = diffVersions(systemAndUser("S", {{"params", {{"temperature", 0}, {"stop", "END"}}}}),
                systemAndUser("S", {{"params", {{"stop", {"END"}}, {"temperature", 0.0}}}}));
        QVERIFY(diff.identical());
    }

    void variablesAddedRemovedAndChanged()
    {
        const json before
            = {{"variables", {"ticket", "order", {{"name", "tone"}, {"default", "calm"}}}}};
        const json after
            = {{"variables", {"ticket", {{"name", "tone"}, {"default", "formal"}}, "customer"}}};
        const VersionDiff diff
            = diffVersions(systemAndUser("S", before), systemAndUser("S", after));
        QCOMPARE(diff.variables.size(), std::size_t(3));
        QCOMPARE(diff.variables[0].key, std::string("order"));
        QVERIFY(diff.variables[0].after.is_null());
        QCOMPARE(diff.variables[1].key, std::string("tone"));
        COMPARE_JSON(diff.variables[1].before["default"], json("calm"));
        COMPARE_JSON(diff.variables[1].after["default"], json("formal"));
        QCOMPARE(diff.variables[2].key, std::string("customer"));
        QVERIFY(diff.variables[2].before.is_null());
        const std::string text = diff.toText();
        QVERIFY2(
            text.find("~ tone  default \"calm\" → \"formal\"") != std::string::npos, text.c_str());
    }

    void examplesAddedRemovedAndChanged()
    {
        const auto example = [](const char *ticket, const char *output) {
            return json {{"input", {{"ticket", ticket}}}, {"output", output}};
        };
        const json before = {{"examples",
            {example("charged twice", "billing"), example("app crashes", "bug"),
                example("hello", "other")}}};
        const json after = {{"examples",
            {example("charged twice", "billing"), example("app crashes on login", "bug"),
                example("refund please", "billing")}}};
        const VersionDiff diff
            = diffVersions(systemAndUser("S", before), systemAndUser("S", after));
        QCOMPARE(kindsOf(diff), QStringLiteral("same,same"));
        QCOMPARE(diff.examples.size(), std::size_t(2));
        QCOMPARE(diff.examples[0].kind, ChangeKind::Changed);
        QCOMPARE(diff.examples[0].oldIndex, 1);
        QCOMPARE(diff.examples[0].fields.size(), std::size_t(1));
        QCOMPARE(diff.examples[0].fields[0].key, std::string("input.ticket"));
        COMPARE_JSON(diff.examples[0].fields[0].after, json("app crashes on login"));
        QCOMPARE(diff.examples[1].kind, ChangeKind::Changed);
        QCOMPARE(diff.examples[1].fields.size(), std::size_t(2));
        QCOMPARE(diff.examples[1].fields[0].key, std::string("input.ticket"));
        QCOMPARE(diff.examples[1].fields[1].key, std::string("output"));

        const VersionDiff added = diffVersions(systemAndUser("S", before),
            systemAndUser("S",
                {{"examples",
                    {example("new", "bug"), example("charged twice", "billing"),
                        example("app crashes", "bug"), example("hello", "other")}}}));
        QCOMPARE(added.examples.size(), std::size_t(1));
        QCOMPARE(added.examples[0].kind, ChangeKind::Added);
        QCOMPARE(added.examples[0].newIndex, 0);

        const VersionDiff removed = diffVersions(systemAndUser("S", before),
            systemAndUser("S",
                {{"examples", {example("charged twice", "billing"), example("hello", "other")}}}));
        QCOMPARE(removed.examples.size(), std::size_t(1));
        QCOMPARE(removed.examples[0].kind, ChangeKind::Removed);
        QCOMPARE(removed.examples[0].oldIndex, 1);
    }

    void disablingAnExampleIsAChange()
    {
        const json on = {{"examples", {{{"output", "bug"}}}}};
        const json off = {{"examples", {{{"output", "bug"}, {"enabled", false}}}}};
        const VersionDiff diff = diffVersions(systemAndUser("S", on), systemAndUser("S", off));
        QCOMPARE(diff.examples.size(), std::size_t(1));
        QCOMPARE(diff.examples[0].fields[0].key, std::string("enabled"));
        COMPARE_JSON(diff.examples[0].fields[0].after, json(false));
    }

    void examplesModeChange()
    {
        const VersionDiff diff
            = diffVersions(systemAndUser("S"), systemAndUser("S", {{"examples_mode", "turns"}}));
        QVERIFY(!diff.identical());
        QCOMPARE(diff.oldExamplesMode, std::string("section"));
        QCOMPARE(diff.newExamplesMode, std::string("turns"));
        COMPARE_JSON(
            diff.toJson()["examples_mode"], json({{"before", "section"}, {"after", "turns"}}));
        QCOMPARE(diff.toText(), std::string("Examples mode section → turns\n"));
    }

    void unicodeWordsAreNeverSplit()
    {
        const VersionDiff french
            = diffVersions(systemAndUser("Réponds en français, s’il te plaît."),
                systemAndUser("Réponds toujours en français, s’il te plaît."));
        QCOMPARE(spans(french.messages[0].lines[0].words),
            QString::fromUtf8("same:Réponds |added:toujours |same:en français, s’il te plaît."));

        // An accented letter changed: the whole word is replaced, not a byte of it.
        const VersionDiff accent
            = diffVersions(systemAndUser("café crème"), systemAndUser("cafè crème"));
        QCOMPARE(spans(accent.messages[0].lines[0].words),
            QString::fromUtf8("removed:café|added:cafè|same: crème"));

        // CJK has no spaces: each character is its own word.
        const VersionDiff chinese
            = diffVersions(systemAndUser("我喜欢猫。"), systemAndUser("我喜欢狗。"));
        QCOMPARE(spans(chinese.messages[0].lines[0].words),
            QString::fromUtf8("same:我喜欢|removed:猫|added:狗|same:。"));

        const VersionDiff emoji
            = diffVersions(systemAndUser("Reply 👍 or 👎"), systemAndUser("Reply 👍 or 🤷"));
        for (const VersionDiff *diff : {&french, &accent, &chinese, &emoji}) {
            for (const WordSpan &word : diff->messages[0].lines[0].words)
                QVERIFY2(isValidUtf8(word.text), word.text.c_str());
            QVERIFY(isValidUtf8(diff->toText()));
            QVERIFY(isValidUtf8(diff->toJson().dump()));
        }
        QCOMPARE(spans(emoji.messages[0].lines[0].words),
            QString::fromUtf8("same:Reply 👍 or |removed:👎|added:🤷"));
    }

    void jsonShapeIsStable()
    {
        const VersionDiff diff = diffVersions(systemAndUser("You label tickets"),
            content({message("system", "You label support tickets")}));
        const json out = diff.toJson();
        COMPARE_JSON(out["identical"], json(false));
        QCOMPARE(out["messages"].size(), std::size_t(2));
        const json &changed = out["messages"][0];
        COMPARE_JSON(changed["kind"], json("changed"));
        COMPARE_JSON(changed["old_index"], json(0));
        COMPARE_JSON(changed["new_role"], json("system"));
        COMPARE_JSON(changed["lines"][0]["kind"], json("changed"));
        COMPARE_JSON(changed["lines"][0]["old"], json("You label tickets"));
        COMPARE_JSON(
            changed["lines"][0]["words"][1], json({{"kind", "added"}, {"text", "support "}}));
        const json &removed = out["messages"][1];
        COMPARE_JSON(removed["kind"], json("removed"));
        COMPARE_JSON(removed["new_index"], json());
        COMPARE_JSON(removed["new_role"], json());
        COMPARE_JSON(removed["lines"][0],
            json({{"kind", "removed"}, {"old", "{{ticket}}"}, {"new", nullptr}}));
        QVERIFY(out["params"].is_array());
        QVERIFY(out["examples_mode"].is_null());
    }

    // A template tag changes as a whole, never as half a brace.
    void templateTagsAreWholeWords()
    {
        const auto spans
            = ps::diff::diffWords("Ticket: {{ticket}} now", "Ticket: {{ticket_text}} now");
        QCOMPARE(spans.size(), std::size_t(4));
        QCOMPARE(spans[1].kind, ChangeKind::Removed);
        QCOMPARE(spans[1].text, std::string("{{ticket}}"));
        QCOMPARE(spans[2].kind, ChangeKind::Added);
        QCOMPARE(spans[2].text, std::string("{{ticket_text}}"));
    }

    // Lines that only stand in the same place are shown as removed and added, not
    // as a confetti of word changes.
    void unrelatedLinesAreNotPairedWordByWord()
    {
        const auto lines
            = ps::diff::diffLines("Here is the ticket:\nBye", "Ticket: {{ticket}}\nBye");
        QCOMPARE(lines.size(), std::size_t(3));
        QCOMPARE(lines[0].kind, ChangeKind::Removed);
        QCOMPARE(lines[0].oldText, std::string("Here is the ticket:"));
        QCOMPARE(lines[1].kind, ChangeKind::Added);
        QCOMPARE(lines[1].newText, std::string("Ticket: {{ticket}}"));
        QCOMPARE(lines[2].kind, ChangeKind::Same);
        // A line that keeps most of its words is still marked word by word.
        const auto similar = ps::diff::diffLines("Do not explain.", "Do not explain at all.");
        QCOMPARE(similar.size(), std::size_t(1));
        QCOMPARE(similar[0].kind, ChangeKind::Changed);
    }

    // The UI.md "Diff v3 → v5" case, as `version diff` prints it.
    void textRenderingOfARealisticChange()
    {
        const auto example = [](const char *ticket, const char *output) {
            return json {{"input", {{"ticket", ticket}}}, {"output", output}};
        };
        const VersionContent v3 = content(
            {message("system",
                 "You label tickets as billing, bug or other.\nBe polite.\nNever guess.\n"
                 "Ignore greetings.\nUse the customer's words.\nKeep it short.\nDo not explain."),
                message("user", "{{ticket}}")},
            {{"params", {{"temperature", 0.7}, {"max_tokens", 16}}},
                {"examples",
                    {example("charged twice", "billing"), example("app crashes", "bug")}}});
        const VersionContent v5 = content(
            {message("system",
                 "You label support tickets as billing, bug or other. Answer with one word.\n"
                 "Be polite.\nNever guess.\nIgnore greetings.\nUse the customer's words.\nKeep it "
                 "short.\n"
                 "Do not explain at all."),
                message("user", "{{ticket}}")},
            {{"params", {{"temperature", 0}, {"max_tokens", 16}}},
                {"examples",
                    {example("charged twice", "billing"), example("app crashes on login", "bug"),
                        example("refund please", "billing"), example("hello", "other")}}});
        const std::string expected
            = "System (message 1)\n"
              "- You label tickets as billing, bug or other.\n"
              "+ You label {+support +}tickets as billing, bug or other.{+ Answer with one "
              "word.+}\n"
              "  Be polite.\n"
              "  Never guess.\n"
              "  …\n"
              "  Use the customer's words.\n"
              "  Keep it short.\n"
              "- Do not explain.\n"
              "+ Do not explain{+ at all+}.\n"
              "\n"
              "Parameters  temperature 0.7 → 0\n"
              "Examples    +2 added, 1 changed\n"
              "            ~ #2  input.ticket \"app crashes\" → \"app crashes on login\"\n"
              "            + #3  ticket=\"refund please\" → billing\n"
              "            + #4  ticket=\"hello\" → other\n";
        QCOMPARE(QString::fromStdString(diffVersions(v3, v5).toText()),
            QString::fromStdString(expected));
    }

    void twentyKilobyteVersionsDiffQuickly()
    {
        std::string before;
        std::string after;
        int expectedChanged = 0;
        for (int i = 0; i < 450; ++i) {
            const std::string line
                = "Rule " + std::to_string(i) + ": answer the customer politely, briefly.\n";
            before += line;
            expectedChanged += i % 7 == 0;
            after += i % 7 == 0 ? "Rule " + std::to_string(i) + ": answer every customer briefly.\n"
                                : line;
        }
        std::string unrelated;
        for (int i = 0; i < 3000; ++i)
            unrelated += "token" + std::to_string(i * 13) + ' ';
        QVERIFY(before.size() > 20000);
        QElapsedTimer timer;
        timer.start();
        const VersionDiff edited = diffVersions(systemAndUser(before), systemAndUser(after));
        // One 20 KB line rewritten completely: the worst case for a word diff.
        const VersionDiff rewritten = diffVersions(systemAndUser(before), systemAndUser(unrelated));
        // Generous for sanitizer builds; the benchmark measures the real figure (a few ms).
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        int changed = 0;
        for (const LineChange &line : edited.messages[0].lines)
            changed += line.kind == ChangeKind::Changed;
        QCOMPARE(changed, expectedChanged);
        QVERIFY(!rewritten.identical());
    }
};

QTEST_APPLESS_MAIN(TestVersionDiff)
#include "test_version_diff.moc"
