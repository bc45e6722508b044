// A version's messages for a tool that only substitutes variables: examples and sections are
// expanded, variables written in the tool's syntax, and what the tool would read differently
// (sections on a variable, literal tags, tool messages) is named instead of passed silently.

#include "io/foreign_messages.h"

#include "test_support.h"

#include <QTest>

using namespace ps;
using nlohmann::json;

namespace {

model::VersionContent contentOf(const json &document)
{
    return model::VersionContent::fromJson(document);
}

std::string spaced(const std::string &name)
{
    return "{{ " + name + " }}";
}

} // namespace

class TestForeignMessages : public QObject
{
    Q_OBJECT

private slots:
    void variablesTakeTheToolsSyntax()
    {
        const auto content = contentOf({{"messages", json::array({
            {{"role", "system"}, {"content", "Label {{ticket}} for {{team}}. Again: {{ticket}}"}},
        })}});
        const io::ForeignMessages foreign = io::foreignMessages(content, spaced, {"{{"});
        QCOMPARE(foreign.messages.size(), std::size_t(1));
        QCOMPARE(foreign.messages[0].content, std::string("Label {{ ticket }} for {{ team }}. Again: {{ ticket }}"));
        QCOMPARE(foreign.variables, (std::vector<std::string> {"ticket", "team"}));
        QVERIFY(foreign.lost.empty());
    }

    void examplesAreExpanded()
    {
        const auto content = contentOf({{"messages", json::array({
            {{"role", "system"}, {"content", "Examples:\n{{#examples}}{{input.ticket}} => {{output}}\n{{/examples}}"}},
            {{"role", "user"}, {"content", "{{ticket}}"}},
        })}, {"examples", json::array({
            {{"input", {{"ticket", "charged twice"}}}, {"output", "billing"}},
            {{"input", {{"ticket", "crash"}}}, {"output", "bug"}, {"enabled", false}},
        })}});
        const auto foreign = io::foreignMessages(content, spaced, {"{{"});
        QCOMPARE(foreign.messages[0].content, std::string("Examples:\ncharged twice => billing\n"));
        QCOMPARE(foreign.messages[1].content, std::string("{{ ticket }}"));
        QVERIFY(foreign.lost.empty());
    }

    void sectionsOnAVariableAreNamed()
    {
        const auto content = contentOf({{"messages", json::array({
            {{"role", "user"}, {"content", "{{ticket}}{{#urgent}} (urgent){{/urgent}}"}},
        })}});
        const auto foreign = io::foreignMessages(content, spaced, {"{{"});
        QCOMPARE(foreign.messages[0].content, std::string("{{ ticket }} (urgent)"));
        QCOMPARE(foreign.lost.size(), std::size_t(1));
        QVERIFY(foreign.lost[0].starts_with("sections on a variable"));
    }

    void literalTagsAreNamed()
    {
        // An example's text holds "{{", which the tool would substitute; "{#" only matters to a
        // tool that reads it.
        const auto content = contentOf({{"messages", json::array({
            {{"role", "system"}, {"content", "{#keep#} {{#examples}}{{output}}{{/examples}}"}},
        })}, {"examples", json::array({{{"input", json::object()}, {"output", "{{x}}"}}})}});
        QCOMPARE(io::foreignMessages(content, spaced, {"{{"}).lost.size(), std::size_t(1));
        const auto nunjucks = io::foreignMessages(content, spaced, {"{{", "{%", "{#"});
        QCOMPARE(nunjucks.messages[0].content, std::string("{#keep#} {{x}}"));
        QCOMPARE(nunjucks.lost.size(), std::size_t(1));
        const auto plain = contentOf({{"messages", json::array({{{"role", "user"}, {"content", "{#keep#} {% raw %}"}}})}});
        QVERIFY(io::foreignMessages(plain, spaced, {"{{"}).lost.empty());
        QCOMPARE(io::foreignMessages(plain, spaced, {"{{", "{%", "{#"}).lost.size(), std::size_t(1));
    }

    void toolMessagesAreNamed()
    {
        const auto content = contentOf({{"messages", json::array({
            {{"role", "user"}, {"content", "Weather?"}},
            {{"role", "assistant"}, {"content", ""}, {"tool_calls", json::array({{{"id", "c1"}, {"name", "weather"}, {"arguments", json::object()}}})}},
            {{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "{\"sunny\": true}"}},
        })}});
        const auto foreign = io::foreignMessages(content, spaced, {"{{"});
        QCOMPARE(foreign.lost.size(), std::size_t(2));
        QCOMPARE(foreign.lost[0], std::string("message 2's mocked tool calls"));
        QCOMPARE(foreign.lost[1], std::string("message 3 (a tool result) is sent as plain text"));
    }
};

QTEST_GUILESS_MAIN(TestForeignMessages)
#include "test_foreign_messages.moc"
