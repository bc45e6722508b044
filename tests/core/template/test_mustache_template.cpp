// MustacheTemplate beyond the spec: error positions, escaping choice, values and variables().
#include "template/mustache_template.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <string>

using nlohmann::json;
using ps::tmpl::Escape;
using ps::tmpl::MustacheTemplate;
using ps::tmpl::renderMustache;
using ps::tmpl::TemplateError;
using ps::tmpl::VariableUse;

namespace {

QByteArray bytes(const std::string &s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

std::string str(const QByteArray &b)
{
    return std::string(b.constData(), static_cast<std::size_t>(b.size()));
}

} // namespace

class TestMustacheTemplate : public QObject
{
    Q_OBJECT

private slots:
    void errors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("reason");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");

        QTest::newRow("unclosed section")
            << QByteArray("Hello\n{{#examples}}\nTicket: {{input.ticket}}\n")
            << QByteArray("section 'examples' opened here is never closed") << 2 << 1;
        QTest::newRow("unclosed section after CRLF lines")
            << QByteArray("a\r\nb\r\n  {{#examples}}x")
            << QByteArray("section 'examples' opened here is never closed") << 3 << 3;
        QTest::newRow("innermost unclosed section")
            << QByteArray("{{#a}}\n{{#b}}\n")
            << QByteArray("section 'b' opened here is never closed") << 2 << 1;
        QTest::newRow("mismatched close")
            << QByteArray("intro\n{{#a}}\n  {{#b}}x{{/a}}")
            << QByteArray("closing tag 'a' does not match open section 'b' (line 3, column 3)") << 3
            << 10;
        QTest::newRow("mismatched close after CRLF")
            << QByteArray("{{#a}}\r\n\r\n{{/b}}\r\n")
            << QByteArray("closing tag 'b' does not match open section 'a' (line 1, column 1)") << 3
            << 1;
        QTest::newRow("close with no open section")
            << QByteArray("text\nmore {{/x}}") << QByteArray("closing tag 'x' has no open section")
            << 2 << 6;
        QTest::newRow("unclosed tag at end")
            << QByteArray("line one\nHi {{name")
            << QByteArray("tag is never closed: no '}}' follows") << 2 << 4;
        QTest::newRow("unclosed tag before another tag")
            << QByteArray("Line one\r\nHi {{name\r\nBye {{x}}")
            << QByteArray("tag is never closed: no '}}' on its line") << 2 << 4;
        QTest::newRow("unclosed triple mustache")
            << QByteArray("{{{raw}}") << QByteArray("tag is never closed: no '}}}' follows") << 1
            << 1;
        QTest::newRow("empty tag name")
            << QByteArray("a\nb {{ }}") << QByteArray("empty tag name") << 2 << 3;
        QTest::newRow("empty section name")
            << QByteArray("{{#}}x{{/}}") << QByteArray("empty tag name") << 1 << 1;
        QTest::newRow("set delimiter with one delimiter")
            << QByteArray("x\n {{=<% =}}")
            << QByteArray("malformed set-delimiter tag: expected {{=<open> <close>=}}") << 2 << 2;
        QTest::newRow("set delimiter without closing =")
            << QByteArray("{{=<% %>}}")
            << QByteArray("malformed set-delimiter tag: expected {{=<open> <close>=}}") << 1 << 1;
        QTest::newRow("set delimiter with three parts")
            << QByteArray("{{=<% | %>=}}")
            << QByteArray("malformed set-delimiter tag: expected {{=<open> <close>=}}") << 1 << 1;
        QTest::newRow("error under new delimiters")
            << QByteArray("{{=<% %>=}}\n<%#a%>")
            << QByteArray("section 'a' opened here is never closed") << 2 << 1;
        QTest::newRow("columns count characters, not bytes")
            << QByteArray("h\xC3\xA9llo {{/x}}")
            << QByteArray("closing tag 'x' has no open section") << 1 << 7;
    }

    void errors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, reason);
        QFETCH(int, line);
        QFETCH(int, column);
        try {
            MustacheTemplate::parse(str(text));
            QFAIL("no TemplateError thrown");
        } catch (const TemplateError &error) {
            QCOMPARE(bytes(error.reason()), reason);
            QCOMPARE(error.line(), line);
            QCOMPARE(error.column(), column);
        }
    }

    void errorMessageNamesThePosition()
    {
        try {
            MustacheTemplate::parse("ok\n{{#a}}");
            QFAIL("no TemplateError thrown");
        } catch (const TemplateError &error) {
            QCOMPARE(QByteArray(error.what()),
                QByteArray("line 2, column 1: section 'a' opened here is never closed"));
        }
    }

    void noEscapingByDefault()
    {
        const json data = {{"x", "<b>\"Tom\" & 'Jerry'</b>"}};
        QCOMPARE(bytes(renderMustache("{{x}}", data)), QByteArray("<b>\"Tom\" & 'Jerry'</b>"));
        QCOMPARE(bytes(renderMustache("{{x}}", data, Escape::None)),
            QByteArray("<b>\"Tom\" & 'Jerry'</b>"));
        QCOMPARE(bytes(renderMustache("{{x}}|{{{x}}}", data, Escape::Html)),
            QByteArray(
                "&lt;b&gt;&quot;Tom&quot; &amp; 'Jerry'&lt;/b&gt;|<b>\"Tom\" & 'Jerry'</b>"));
    }

    void values_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("integer") << QByteArray("{{n}}") << QByteArray(R"({"n": 85})")
                                 << QByteArray("85");
        QTest::newRow("negative") << QByteArray("{{n}}") << QByteArray(R"({"n": -3})")
                                  << QByteArray("-3");
        QTest::newRow("decimal") << QByteArray("{{n}}") << QByteArray(R"({"n": 1.21})")
                                 << QByteArray("1.21");
        QTest::newRow("boolean") << QByteArray("{{b}}") << QByteArray(R"({"b": true})")
                                 << QByteArray("true");
        QTest::newRow("null") << QByteArray("[{{v}}]") << QByteArray(R"({"v": null})")
                              << QByteArray("[]");
        QTest::newRow("missing") << QByteArray("[{{v}}]") << QByteArray("{}") << QByteArray("[]");
        QTest::newRow("list as JSON")
            << QByteArray("{{v}}") << QByteArray(R"({"v": ["a", 1]})") << QByteArray(R"(["a",1])");
        QTest::newRow("multi-line string kept")
            << QByteArray("> {{v}}") << QByteArray(R"({"v": "a\nb"})") << QByteArray("> a\nb");
        QTest::newRow("empty string section is falsy")
            << QByteArray("{{#v}}yes{{/v}}{{^v}}no{{/v}}") << QByteArray(R"({"v": ""})")
            << QByteArray("no");
        QTest::newRow("zero section is falsy") << QByteArray("{{#v}}yes{{/v}}{{^v}}no{{/v}}")
                                               << QByteArray(R"({"v": 0})") << QByteArray("no");
        QTest::newRow("string section pushes the string")
            << QByteArray("{{#v}}<{{.}}>{{/v}}") << QByteArray(R"({"v": "hi"})")
            << QByteArray("<hi>");
        QTest::newRow("empty object section is truthy")
            << QByteArray("{{#v}}yes{{/v}}") << QByteArray(R"({"v": {}})") << QByteArray("yes");
        QTest::newRow("standalone lines in a prompt")
            << QByteArray("Intro\n{{#items}}\n- {{.}}\n{{/items}}\n{{! note }}\nEnd")
            << QByteArray(R"({"items": ["a", "b"]})") << QByteArray("Intro\n- a\n- b\nEnd");
        QTest::newRow("standalone lines with CRLF")
            << QByteArray("Intro\r\n  {{#items}}\r\n- {{.}}\r\n  {{/items}}\r\nEnd")
            << QByteArray(R"({"items": ["a"]})") << QByteArray("Intro\r\n- a\r\nEnd");
        QTest::newRow("text without tags")
            << QByteArray("just } text {") << QByteArray("{}") << QByteArray("just } text {");
    }

    void values()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, data);
        QFETCH(QByteArray, expected);
        QCOMPARE(bytes(renderMustache(str(text), json::parse(str(data)))), expected);
    }

    void variablesListsEveryNameRead()
    {
        const MustacheTemplate tmpl
            = MustacheTemplate::parse("{{greeting}}\n"
                                      "{{#examples}}Ticket: {{input.ticket}}{{/examples}}\n"
                                      "{{^items}}none{{/items}}{{greeting}} {{{raw}}}\n"
                                      "{{#a}}{{#b}}{{&.}}{{/b}}{{/a}}{{! comment }}{{>partial}}");
        const std::vector<VariableUse> uses = tmpl.variables();
        QCOMPARE(static_cast<int>(uses.size()), 8);

        const auto check = [&](int i, const char *name, VariableUse::Kind kind,
                               std::vector<std::string> sections, int line, int column) {
            QCOMPARE(bytes(uses[i].name), QByteArray(name));
            QCOMPARE(uses[i].kind, kind);
            QCOMPARE(uses[i].enclosingSections, sections);
            QCOMPARE(uses[i].line, line);
            QCOMPARE(uses[i].column, column);
        };
        using Kind = VariableUse::Kind;
        check(0, "greeting", Kind::Interpolation, {}, 1, 1);
        check(1, "examples", Kind::Section, {}, 2, 1);
        check(2, "input.ticket", Kind::Interpolation, {"examples"}, 2, 22);
        check(3, "items", Kind::InvertedSection, {}, 3, 1);
        check(4, "raw", Kind::Interpolation, {}, 3, 38);
        check(5, "a", Kind::Section, {}, 4, 1);
        check(6, "b", Kind::Section, {"a"}, 4, 7);
        check(7, ".", Kind::Interpolation, {"a", "b"}, 4, 13);
    }

    void variablesKeepTheImplicitIterator()
    {
        const std::vector<VariableUse> uses
            = MustacheTemplate::parse("{{#list}}{{.}}{{/list}}").variables();
        QCOMPARE(static_cast<int>(uses.size()), 2);
        QCOMPARE(bytes(uses[1].name), QByteArray("."));
        QCOMPARE(uses[1].enclosingSections, std::vector<std::string> {"list"});
    }

    void variablesSameNameInAnotherSectionIsListedAgain()
    {
        const std::vector<VariableUse> uses
            = MustacheTemplate::parse("{{x}}{{x}}{{#s}}{{x}}{{/s}}").variables();
        QCOMPARE(static_cast<int>(uses.size()), 3);
        QCOMPARE(bytes(uses[2].name), QByteArray("x"));
        QCOMPARE(uses[2].enclosingSections, std::vector<std::string> {"s"});
        QCOMPARE(uses[2].column, 17);
    }

    void partialsRender()
    {
        const ps::tmpl::Partials partials = {{"item", "- {{name}}\n"}};
        QCOMPARE(bytes(renderMustache(
                     "List:\n  {{>item}}\nEnd", {{"name", "x"}}, Escape::None, partials)),
            QByteArray("List:\n  - x\nEnd"));
    }

    void partialThatIncludesItselfForeverFails()
    {
        const ps::tmpl::Partials partials = {{"loop", "x{{>loop}}"}};
        const MustacheTemplate tmpl = MustacheTemplate::parse("{{>loop}}");
        QVERIFY_THROWS_EXCEPTION(
            TemplateError, tmpl.render(json::object(), Escape::None, partials));
    }

    // Hardening: 40,000 nested sections crashed the renderer (stack) and took 13.7 s to parse.
    void deeplyNestedSectionsAreRefusedWhereTheyGoTooDeep()
    {
        std::string deep;
        for (int i = 0; i < 40000; ++i)
            deep += "{{#a}}";
        try {
            MustacheTemplate::parse(deep);
            QFAIL("no TemplateError thrown");
        } catch (const TemplateError &error) {
            QVERIFY2(error.reason().find("deeper than 100") != std::string::npos,
                error.reason().c_str());
            QCOMPARE(error.line(), 1);
            QCOMPARE(error.column(), 100 * 6 + 1); // the 101st opening tag
        }
        std::string fine;
        for (int i = 0; i < 100; ++i)
            fine += "{{#a}}";
        fine += "x";
        for (int i = 0; i < 100; ++i)
            fine += "{{/a}}";
        QCOMPARE(bytes(renderMustache(fine, json {{"a", true}})), QByteArray("x"));
    }

    // Hardening: 40 nested {{#examples}} over 2 examples is 2^40 renders; it stops instead.
    void templateBombStopsWithTheSectionNamed()
    {
        std::string bomb;
        for (int i = 0; i < 40; ++i)
            bomb += "{{#examples}}x";
        for (int i = 0; i < 40; ++i)
            bomb += "{{/examples}}";
        const json data = {{"examples", json::array({1, 2})}};
        try {
            renderMustache(bomb, data);
            QFAIL("no TemplateError thrown");
        } catch (const TemplateError &error) {
            QVERIFY2(error.reason().find("section 'examples' repeats") != std::string::npos,
                error.reason().c_str());
            // Refused on entering the 20th section (2^20 repeats > 1,000,000), before any deep
            // repetition is rendered: the guard's cost does not depend on the machine or build.
            QVERIFY2(error.reason().find("more than 1000000 times") != std::string::npos,
                error.reason().c_str());
            QCOMPARE(error.line(), 1);
            QCOMPARE(error.column(), 19 * 14 + 1);
        }
        // The same bomb through a partial that includes itself is stopped the same way.
        const ps::tmpl::Partials selfish = {{"p", "{{#examples}}{{>p}}{{/examples}}"}};
        QVERIFY_THROWS_EXCEPTION(TemplateError, renderMustache("{{>p}}", data, Escape::None, selfish));
        // A huge value repeated a few times is stopped by the size of what it writes.
        const json big = {
            {"items", json::array({1, 2, 3, 4, 5, 6, 7, 8})}, {"text", std::string(3u << 20, 'y')}};
        QVERIFY_THROWS_EXCEPTION(
            TemplateError, renderMustache("{{#items}}{{text}}{{/items}}", big));
        // Real prompts stay far below: 2,000 examples of a few fields each.
        json many = json::array();
        for (int i = 0; i < 2000; ++i)
            many.push_back({{"input", "ticket " + std::to_string(i)}, {"output", "billing"}});
        const std::string shot = renderMustache(
            "{{#examples}}Q: {{input}}\nA: {{output}}\n{{/examples}}", json {{"examples", many}});
        QVERIFY(shot.find("ticket 1999") != std::string::npos);
    }

    void standaloneTagsAfterALongLineOfTags()
    {
        std::string text;
        for (int i = 0; i < 2000; ++i)
            text += "{{v}}";
        text += "\n  {{#s}}\nin\n  {{/s}}\nend";
        const std::string out = renderMustache(text, json {{"v", "."}, {"s", true}});
        QCOMPARE(bytes(out), bytes(std::string(2000, '.') + "\nin\nend"));
    }

    void brokenPartialNamesThePartial()
    {
        const ps::tmpl::Partials partials = {{"p", "ok\n{{#open}}"}};
        try {
            renderMustache("{{>p}}", json::object(), Escape::None, partials);
            QFAIL("no TemplateError thrown");
        } catch (const TemplateError &error) {
            QCOMPARE(bytes(error.reason()),
                QByteArray("in partial 'p': section 'open' opened here is never closed"));
            QCOMPARE(error.line(), 2);
            QCOMPARE(error.column(), 1);
        }
    }

    void parsedTemplateRendersManyTimes()
    {
        const MustacheTemplate tmpl = MustacheTemplate::parse("Hi {{name}}!");
        QCOMPARE(bytes(tmpl.render({{"name", "Ann"}})), QByteArray("Hi Ann!"));
        QCOMPARE(bytes(tmpl.render({{"name", "Bob"}})), QByteArray("Hi Bob!"));
    }
};

QTEST_APPLESS_MAIN(TestMustacheTemplate)
#include "test_mustache_template.moc"
