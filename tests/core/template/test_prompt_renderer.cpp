// renderPrompt and discoverVariables: examples in section and turns mode, values, errors.
#include "template/prompt_renderer.h"

#include "test_support.h"

#include <QDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using nlohmann::json;
using ps::model::Example;
using ps::model::ExamplesMode;
using ps::model::Message;
using ps::model::Variable;
using ps::model::VersionContent;
using ps::tmpl::discoverVariables;
using ps::tmpl::PromptTemplateError;
using ps::tmpl::RenderedPrompt;
using ps::tmpl::renderPrompt;

namespace {

QByteArray bytes(const std::string &s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

json readJson(const QString &path)
{
    const QByteArray data = ps::test::readFile(path);
    return json::parse(data.constData(), data.constData() + data.size());
}

// The rendered prompt in the shape of the golden files.
json toJson(const RenderedPrompt &prompt)
{
    json messages = json::array();
    for (const auto &message : prompt.messages) {
        json item = {{"role", message.role}, {"content", message.content}};
        if (!message.toolCallId.empty())
            item["tool_call_id"] = message.toolCallId;
        if (!message.toolCalls.empty())
            item["tool_calls"] = message.toolCalls;
        messages.push_back(item);
    }
    return {{"messages", messages}, {"missing_variables", prompt.missingVariables}};
}

Message msg(std::string role, std::string content)
{
    Message message;
    message.role = std::move(role);
    message.content = std::move(content);
    return message;
}

Example example(json input, std::string output, bool enabled = true)
{
    Example e;
    e.input = std::move(input);
    e.output = std::move(output);
    e.enabled = enabled;
    return e;
}

std::vector<std::string> names(std::initializer_list<const char *> list)
{
    return std::vector<std::string>(list.begin(), list.end());
}

} // namespace

class TestPromptRenderer : public QObject
{
    Q_OBJECT

private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("dir");
        const QDir root(ps::test::dataPath(QStringLiteral("render")));
        const QStringList cases = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY2(cases.size() >= 3, "the golden cases under tests/data/render are missing");
        for (const QString &name : cases)
            QTest::newRow(name.toUtf8().constData()) << root.filePath(name);
    }

    void golden()
    {
        QFETCH(QString, dir);
        const VersionContent content
            = VersionContent::fromJson(readJson(dir + QStringLiteral("/content.json")));
        const json values = readJson(dir + QStringLiteral("/values.json"));
        const json expected = readJson(dir + QStringLiteral("/expected.json"));
        QCOMPARE(bytes(toJson(renderPrompt(content, values)).dump(2)), bytes(expected.dump(2)));
    }

    void sectionModeSeesNoteAndTagsOfEnabledExamplesOnly()
    {
        VersionContent content;
        content.messages
            = {msg("system", "{{#examples}}[{{note}}:{{#tags}}{{.}};{{/tags}}]{{/examples}}")};
        Example a = example({{"t", "x"}}, "A");
        a.note = "first";
        a.tags = {"x", "y"};
        Example b = example({{"t", "y"}}, "B", false);
        b.note = "off";
        Example c = example({{"t", "z"}}, "C");
        c.note = "third";
        content.examples = {a, b, c};
        const RenderedPrompt prompt = renderPrompt(content, json::object());
        QCOMPARE(bytes(prompt.messages.at(0).content), QByteArray("[first:x;y;][third:]"));
    }

    void sectionModeWithNoEnabledExampleLeavesNoBlankLine()
    {
        VersionContent content;
        content.messages
            = {msg("system", "Intro\r\n{{#examples}}\r\n- {{output}}\r\n{{/examples}}\r\nEnd")};
        content.examples = {example(json::object(), "x", false)};
        QCOMPARE(bytes(renderPrompt(content, json::object()).messages.at(0).content),
            QByteArray("Intro\r\nEnd"));
        content.examples.at(0).enabled = true;
        QCOMPARE(bytes(renderPrompt(content, json::object()).messages.at(0).content),
            QByteArray("Intro\r\n- x\r\nEnd"));
    }

    void turnsModeInsertsBeforeTheLastUserMessage()
    {
        VersionContent content;
        content.examplesMode = ExamplesMode::Turns;
        content.messages
            = {msg("user", "Earlier: {{q}}"), msg("assistant", "ok"), msg("user", "Q: {{q}}")};
        content.examples = {example({{"q", "2+2"}}, "4")};
        const RenderedPrompt prompt = renderPrompt(content, {{"q", "3+3"}});
        QCOMPARE(static_cast<int>(prompt.messages.size()), 5);
        const std::vector<std::pair<const char *, const char *>> expected
            = {{"user", "Earlier: 3+3"}, {"assistant", "ok"}, {"user", "Q: 2+2"},
                {"assistant", "4"}, {"user", "Q: 3+3"}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(bytes(prompt.messages[i].role), QByteArray(expected[i].first));
            QCOMPARE(bytes(prompt.messages[i].content), QByteArray(expected[i].second));
        }
    }

    void turnsModeExampleInputsTakeDefaultsNotValues()
    {
        VersionContent content;
        content.examplesMode = ExamplesMode::Turns;
        content.variables = {Variable {"lang", "en", ""}};
        content.messages = {msg("user", "{{q}} ({{lang}})")};
        content.examples = {example({{"q", "hi"}}, "hello")};
        const RenderedPrompt prompt = renderPrompt(content, {{"q", "bye"}, {"lang", "fr"}});
        QCOMPARE(static_cast<int>(prompt.messages.size()), 3);
        QCOMPARE(bytes(prompt.messages[0].content), QByteArray("hi (en)"));
        QCOMPARE(bytes(prompt.messages[2].content), QByteArray("bye (fr)"));
    }

    void turnsModeWithoutUserMessageIgnoresExamples()
    {
        VersionContent content;
        content.examplesMode = ExamplesMode::Turns;
        content.messages = {msg("system", "Be brief.")};
        content.examples = {example({{"q", "hi"}}, "hello")};
        const RenderedPrompt prompt = renderPrompt(content, json::object());
        QCOMPARE(static_cast<int>(prompt.messages.size()), 1);
        QCOMPARE(bytes(prompt.messages[0].content), QByteArray("Be brief."));
    }

    void valuesOverrideDefaults()
    {
        VersionContent content;
        content.variables = {Variable {"tone", "formal", ""}, Variable {"name", "you", ""}};
        content.messages = {msg("system", "Be {{tone}} with {{name}}; {{count}} items.")};
        const RenderedPrompt prompt
            = renderPrompt(content, {{"tone", "casual"}, {"name", nullptr}, {"count", 3}});
        QCOMPARE(bytes(prompt.messages[0].content), QByteArray("Be casual with you; 3 items."));
        QVERIFY(prompt.missingVariables.empty());
    }

    void missingVariablesStillRenderEmpty()
    {
        VersionContent content;
        content.variables = {Variable {"declared", "", ""}, Variable {"withDefault", "d", ""}};
        content.messages = {msg("system", "[{{declared}}][{{withDefault}}][{{given}}][{{absent}}]"),
            msg("user",
                "{{#examples}}{{input.x}}{{unknownInside}}{{/examples}}{{absent}}"
                "{{#person}}{{person.name}}{{/person}}")};
        const RenderedPrompt prompt = renderPrompt(content, {{"given", ""}});
        QCOMPARE(bytes(prompt.messages[0].content), QByteArray("[][d][][]"));
        QCOMPARE(prompt.missingVariables, names({"declared", "absent", "person"}));
    }

    void toolMessagesKeepTheirIds()
    {
        VersionContent content;
        Message call = msg("assistant", "");
        call.toolCalls
            = json::array({{{"id", "c7"}, {"name", "f"}, {"arguments", json::object()}}});
        Message result = msg("tool", "{{answer}}");
        result.toolCallId = "c7";
        content.messages = {msg("user", "go"), call, result};
        const RenderedPrompt prompt = renderPrompt(content, {{"answer", "42"}});
        QCOMPARE(bytes(prompt.messages[1].role), QByteArray("assistant"));
        QCOMPARE(bytes(prompt.messages[1].toolCalls.dump()), bytes(call.toolCalls.dump()));
        QVERIFY(prompt.messages[1].toolCallId.empty());
        QCOMPARE(bytes(prompt.messages[2].role), QByteArray("tool"));
        QCOMPARE(bytes(prompt.messages[2].toolCallId), QByteArray("c7"));
        QCOMPARE(bytes(prompt.messages[2].content), QByteArray("42"));
        QVERIFY(prompt.messages[2].toolCalls.empty());
    }

    void templateErrorNamesTheMessage()
    {
        VersionContent content;
        content.messages = {msg("system", "fine"), msg("user", "ok"),
            msg("user", "Line\n  {{#examples}}\n{{/example}}")};
        for (int pass = 0; pass < 2; ++pass) {
            try {
                if (pass == 0)
                    renderPrompt(content, json::object());
                else
                    discoverVariables(content);
                QFAIL("no PromptTemplateError thrown");
            } catch (const PromptTemplateError &error) {
                QCOMPARE(error.messageIndex(), std::size_t(2));
                QCOMPARE(error.line(), 3);
                QCOMPARE(error.column(), 1);
                QCOMPARE(bytes(error.reason()),
                    QByteArray("closing tag 'example' does not match open section "
                               "'examples' (line 2, column 3)"));
            }
        }
    }

    void discoverVariablesInOrderOfFirstUse()
    {
        VersionContent content;
        content.messages
            = {msg("system",
                   "{{#context}}Context: {{context}}{{/context}}\n"
                   "{{#examples}}{{input.ticket}} {{foo}} {{#x}}{{y}}{{/x}}{{/examples}}"),
                msg("user",
                    "{{ticket}} {{.}} {{person.name}} {{^done}}{{/done}}{{context}}{{examples}}"),
                msg("assistant", "{{{raw}}} {{&amp}} {{! comment }}{{ticket}}")};
        QCOMPARE(discoverVariables(content),
            names({"context", "ticket", "person", "done", "raw", "amp"}));
    }

    void discoverVariablesOfNoTemplateIsEmpty()
    {
        VersionContent content;
        content.messages = {msg("system", "No variables here.")};
        QVERIFY(discoverVariables(content).empty());
    }
};

QTEST_APPLESS_MAIN(TestPromptRenderer)
#include "test_prompt_renderer.moc"
