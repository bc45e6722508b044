// A conversation continued after the prompt: the turns replayed in order after the prompt's
// messages, an answer asked again replaced rather than repeated, and the turns kept as a prompt's
// messages that render back to their exact text.

#include "run/conversation.h"
#include "template/mustache_template.h"

#include <QtTest>

using namespace ps;

namespace {

providers::ChatMessage message(const char *role, const char *text)
{
    providers::ChatMessage turn;
    turn.role = role;
    turn.content = text;
    return turn;
}

providers::ChatResult answer(const char *text)
{
    providers::ChatResult result;
    result.text = text;
    return result;
}

QStringList rolesAndTexts(const std::vector<providers::ChatMessage> &messages)
{
    QStringList out;
    for (const auto &turn : messages)
        out << QString::fromStdString(turn.role + ": " + turn.content);
    return out;
}

} // namespace

class TestConversation : public QObject
{
    Q_OBJECT

private slots:
    void turnsFollowThePromptInOrder()
    {
        const std::vector<providers::ChatMessage> prompt {
            message("system", "Sort tickets."), message("user", "Ticket: charged twice")};
        run::Conversation conversation;
        QCOMPARE(rolesAndTexts(conversation.messagesAfter(prompt)), rolesAndTexts(prompt));
        QVERIFY(!conversation.reply("too early")); // nothing to reply to yet
        QCOMPARE(conversation.replies(), 0);

        conversation.answered(answer("billing"));
        QVERIFY(conversation.reply("Why billing?"));
        conversation.answered(answer("Because of the charge."));
        QVERIFY(conversation.reply("And the priority?"));
        QCOMPARE(conversation.replies(), 2);
        QCOMPARE(rolesAndTexts(conversation.messagesAfter(prompt)),
            (QStringList {QStringLiteral("system: Sort tickets."),
                QStringLiteral("user: Ticket: charged twice"), QStringLiteral("assistant: billing"),
                QStringLiteral("user: Why billing?"),
                QStringLiteral("assistant: Because of the charge."),
                QStringLiteral("user: And the priority?")}));

        // Asked again, the last answer is replaced, not repeated.
        conversation.answered(answer("High."));
        conversation.answered(answer("Medium."));
        const std::vector<model::Message> kept = conversation.asVersionMessages();
        QCOMPARE(kept.size(), std::size_t(5));
        QCOMPARE(kept.back().role, std::string("assistant"));
        QCOMPARE(kept.back().content, std::string("Medium."));
        QCOMPARE(rolesAndTexts(conversation.messagesAfter(prompt)).size(), 6);

        conversation.clear();
        QCOMPARE(rolesAndTexts(conversation.messagesAfter(prompt)), rolesAndTexts(prompt));
        QVERIFY(!conversation.hasAnswer());
        QVERIFY(conversation.asVersionMessages().empty());
    }

    // An answer that writes "{{name}}" stays that text when kept in a prompt.
    void keptTextRendersToItself_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QStringLiteral("No braces here.");
        QTest::newRow("braces") << QStringLiteral("Use {{name}} and {{#list}}x{{/list}}.");
        QTest::newRow("braces and <%") << QStringLiteral("{{a}} <% b %>");
        QTest::newRow("every delimiter") << QStringLiteral("{{a}} <% %> [[[ ]]] <<<< >>>>");
    }

    void keptTextRendersToItself()
    {
        QFETCH(QString, text);
        const std::string literal = run::literalTemplateText(text.toStdString());
        const nlohmann::json values = {{"name", "X"}, {"a", "Y"}, {"list", {1, 2}}};
        QCOMPARE(QString::fromStdString(
                     tmpl::MustacheTemplate::parse(literal).render(values)),
            text);
    }
};

QTEST_MAIN(TestConversation)
#include "test_conversation.moc"
