// A version as a Markdown page: text with backtick fences, "--", braces, quotes and non-ASCII
// comes back exactly; a page written by hand in the same shape is read for its messages; a
// page without a name or messages is refused naming what is missing.

#include "io/markdown_page.h"

#include "test_support.h"

#include <QTest>

using namespace ps;
using nlohmann::json;

namespace {

model::VersionRecord versionOf(const json &content)
{
    model::VersionRecord version;
    version.promptName = "awkward";
    version.number = 2;
    version.author = "Zoë";
    version.created = "2026-12-01T09:30:00Z";
    version.message = "fences -- and {% tags %}";
    version.labels = {"staging"};
    version.content = model::VersionContent::fromJson(content);
    version.hash = version.content.contentHash();
    return version;
}

} // namespace

class TestMarkdownPage : public QObject
{
    Q_OBJECT

private slots:
    void awkwardTextComesBackExactly()
    {
        const std::string awkward = "Use ```json fences``` and ````four````.\n-- not a comment end -->\n"
                                    "{# keep #} {% raw %} \"quoted\" — ¿qué? 退款\n\n";
        const json content {{"messages", json::array({
            {{"role", "system"}, {"content", awkward}},
            {{"role", "user"}, {"content", "{{ticket}}"}},
            {{"role", "assistant"}, {"content", ""}, {"tool_calls", json::array({{{"id", "c1"}, {"name", "look"}, {"arguments", {{"q", "x"}}}}})}},
            {{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "{\"ok\": true}"}},
        })}, {"variables", json::array({{{"name", "ticket"}, {"default", "a | b\nc"}, {"description", ""}}})},
            {"params", {{"temperature", 0.2}}}};
        model::PromptRecord prompt;
        prompt.name = "awkward";
        prompt.description = "Purpose with `code` and | pipes";
        const model::VersionRecord version = versionOf(content);
        const std::string page = io::markdownPage(prompt, version, {version});
        QVERIFY(page.find("`````text\n") != std::string::npos); // longer than the longest run inside
        QVERIFY(page.find("-->\n", page.find("<!-- promptsmith-page")) == page.size() - 4); // one comment end
        QVERIFY(io::isMarkdownPage(page));

        const io::MarkdownImport back = io::readMarkdownPage(page, "someone", "2026-12-07T00:00:00Z");
        QVERIFY2(back.lost.empty(), back.lost.empty() ? "" : back.lost[0].c_str());
        QCOMPARE(back.prompt.promptName, std::string("awkward"));
        QCOMPARE(back.prompt.versions.size(), std::size_t(1));
        const store::ForeignVersion &read = back.prompt.versions[0];
        QCOMPARE(read.content.contentHash(), version.hash);
        QCOMPARE(read.author, std::string("Zoë"));
        QCOMPARE(read.created, version.created);
        QCOMPARE(read.message, version.message);
        QCOMPARE(read.number, 2);
        QCOMPARE(back.prompt.labels.at("staging"), 2);
    }

    void aPageWrittenByHandIsRead()
    {
        const std::string page = "# support-reply\n\nSome words.\n\n## Messages\n\n### System\n\n```\nBe kind.\n```\n\n"
                                 "### User\n\n```text\n{{question}}\n```\n";
        const io::MarkdownImport back = io::readMarkdownPage(page, "me", "2026-12-07T00:00:00Z");
        QCOMPARE(back.prompt.promptName, std::string("support-reply"));
        const auto &messages = back.prompt.versions[0].content.messages;
        QCOMPARE(messages.size(), std::size_t(2));
        QCOMPARE(messages[0].role, std::string("system"));
        QCOMPARE(messages[1].content, std::string("{{question}}"));
        QCOMPARE(back.lost.size(), std::size_t(1)); // only title and messages were read
    }

    void aPageMissingItsPartsIsRefused_data()
    {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no title") << "## Messages\n\n### User\n\n```\nhi\n```\n" << "line 1";
        QTest::newRow("no messages") << "# x\n\nnothing\n" << "no \"## Messages\" section";
        QTest::newRow("unclosed") << "# x\n\n## Messages\n\n### User\n\n```\nhi\n" << "never closed";
        QTest::newRow("bad role") << "# x\n\n## Messages\n\n### Narrator\n\n```\nhi\n```\n" << "is not a role";
    }

    void aPageMissingItsPartsIsRefused()
    {
        QFETCH(QString, page);
        QFETCH(QString, reason);
        try {
            io::readMarkdownPage(page.toStdString(), "me", "2026-12-07T00:00:00Z");
            QFAIL("the page was read");
        } catch (const std::invalid_argument &error) {
            QVERIFY2(std::string(error.what()).find(reason.toStdString()) != std::string::npos, error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestMarkdownPage)
#include "test_markdown_page.moc"
