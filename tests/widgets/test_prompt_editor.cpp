#include "conversation_editor.h"
#include "find_replace_bar.h"
#include "message_card.h"
#include "prompt_document.h"
#include "prompt_editor.h"
#include "template_lexer.h"
#include "variables_panel.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ps;
using widgets::TemplateLexer;

namespace {

model::Message message(const std::string &role, const std::string &content)
{
    model::Message m;
    m.role = role;
    m.content = content;
    return m;
}

// The style of each character of a short ASCII text, one letter a style: t v s c b.
QString styleMap(const QByteArray &text)
{
    const QByteArray styles = TemplateLexer::styles(text);
    QString map;
    for (const char style : styles)
        map += QStringLiteral("tvscb").at(int(style));
    return map;
}

} // namespace

class TestPromptEditor : public QObject
{
    Q_OBJECT

private slots:
    void lexerColoursVariablesSectionsAndComments()
    {
        QCOMPARE(styleMap("Hi {{name}}!"), QStringLiteral("tttbbvvvvbbt"));
        QCOMPARE(styleMap("{{#s}}x{{/s}}"), QStringLiteral("bbssbbtbbssbb"));
        QCOMPARE(styleMap("{{! note }}a"), QStringLiteral("ccccccccccct"));
        QCOMPARE(styleMap("{{{raw}}}"), QStringLiteral("bbbvvvbbb"));
        // An unclosed tag is coloured to the end, so the user sees where it runs on.
        QCOMPARE(styleMap("a {{b"), QStringLiteral("ttbbv"));
    }

    void cardsReorderAndRemove()
    {
        widgets::PromptDocument document;
        widgets::ConversationEditor editor(&document);
        model::VersionContent content;
        content.messages = {message("system", "one"), message("user", "two")};
        document.load(content, widgets::PromptDocument::Origin::SavedVersion);
        QCOMPARE(editor.cards().size(), 2);
        QSignalSpy edited(&document, &widgets::PromptDocument::contentChanged);
        QCOMPARE(edited.count(), 0); // showing a prompt is not an edit
        QVERIFY(!document.isDraft());

        emit editor.cards().at(1)->moveUpRequested();
        QCOMPARE(edited.count(), 1);
        QVERIFY(document.isDraft());
        std::vector<model::Message> now = document.messages();
        QCOMPARE(now.at(0).content, std::string("two"));
        QCOMPARE(now.at(1).role, std::string("system"));
        QCOMPARE(editor.cards().at(0)->editor()->text(), QStringLiteral("two"));

        editor.addMessage(QStringLiteral("assistant"));
        QCOMPARE(document.messages().size(), std::size_t(3));
        QCOMPARE(document.messages().back().role, std::string("assistant"));
        QCOMPARE(editor.cards().size(), 3);

        emit editor.cards().at(0)->removeRequested();
        now = document.messages();
        QCOMPARE(now.size(), std::size_t(2));
        QCOMPARE(now.at(0).content, std::string("one"));
        QCOMPARE(editor.cards().size(), 2);

        // Changing the role is an edit too.
        editor.cards().at(0)->findChild<QComboBox *>()->setCurrentIndex(1);
        QCOMPARE(document.messages().at(0).role, std::string("user"));

        // Every step above comes back off the history, in order, to the loaded content.
        for (int i = 0; i < 4; ++i)
            document.history()->undo();
        QCOMPARE(document.messages(), content.messages);
        QCOMPARE(editor.cards().at(1)->editor()->text(), QStringLiteral("two"));
        QVERIFY(!document.isDraft());
    }

    void typingMergesIntoOneStepPerVisit()
    {
        widgets::PromptDocument document;
        model::VersionContent content;
        content.messages = {message("user", "a"), message("user", "b")};
        document.load(content, widgets::PromptDocument::Origin::SavedVersion);
        document.editText(0, "ab");
        document.editText(0, "abc");
        QCOMPARE(document.history()->count(), 1);
        document.editText(1, "bx"); // another message: another step
        QCOMPARE(document.history()->count(), 2);
        document.endTyping();
        document.editText(1, "bxy"); // came back to it: another step
        QCOMPARE(document.history()->count(), 3);
        document.history()->undo();
        QCOMPARE(document.messages().at(1).content, std::string("bx"));
        // Typing after an undo does not join the older step.
        document.editText(1, "bxz");
        document.history()->undo();
        QCOMPARE(document.messages().at(1).content, std::string("bx"));
        // Typed and erased again: no step is left, and the prompt is what was saved.
        document.history()->undo();
        document.history()->undo();
        QVERIFY(!document.isDraft());
        document.editText(0, "ab");
        document.editText(0, "a");
        QVERIFY(!document.isDraft());
        QVERIFY(!document.history()->canUndo());

        // A restored draft is a draft until it is saved, whatever is undone.
        document.load(content, widgets::PromptDocument::Origin::UnsavedDraft);
        QVERIFY(document.isDraft());
        document.editText(0, "ab");
        document.history()->undo();
        QVERIFY(document.isDraft());
        document.markSaved();
        QVERIFY(!document.isDraft());
    }

    void findAndReplaceAllIsOneUndoStep()
    {
        widgets::PromptEditor editor;
        editor.setText(QStringLiteral("cat and cat and Cat"));
        widgets::FindReplaceBar bar;
        bar.setEditor(&editor);
        bar.open(true);
        auto edits = bar.findChildren<QLineEdit *>();
        QCOMPARE(edits.size(), 2);
        edits.at(0)->setText(QStringLiteral("cat"));
        edits.at(1)->setText(QStringLiteral("dog"));
        QCOMPARE(bar.replaceAll(), 3);
        QCOMPARE(editor.text(), QStringLiteral("dog and dog and dog"));
        editor.undo();
        QCOMPARE(editor.text(), QStringLiteral("cat and cat and Cat"));
        QVERIFY(bar.findNext(true));
        QCOMPARE(editor.selectedText(), QStringLiteral("cat"));
    }

    void variablesKeepValuesAndLoadFiles()
    {
        QTemporaryDir dir;
        widgets::VariablesPanel panel;
        panel.setVariables({QStringLiteral("ticket"), QStringLiteral("tone")});
        QSignalSpy changed(&panel, &widgets::VariablesPanel::valuesChanged);
        panel.valueEditor(QStringLiteral("ticket"))->setPlainText(QStringLiteral("line 1\nline 2"));
        QVERIFY(changed.count() >= 1);
        QCOMPARE(panel.values().value("ticket", ""), std::string("line 1\nline 2"));

        // A variable that disappears while the user types keeps its value for when it returns.
        panel.setVariables({QStringLiteral("tone")});
        QVERIFY(!panel.values().contains("ticket"));
        panel.setVariables({QStringLiteral("ticket"), QStringLiteral("tone")});
        QCOMPARE(panel.valueEditor(QStringLiteral("ticket"))->toPlainText(),
            QStringLiteral("line 1\nline 2"));

        const QString file = dir.filePath(QStringLiteral("transcript.txt"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        const QByteArray transcript = QByteArray("Ana: hello\n").repeated(2000);
        out.write(transcript);
        out.close();
        QSignalSpy loaded(&panel, &widgets::VariablesPanel::fileLoaded);
        panel.loadFile(QStringLiteral("tone"), file);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(panel.values().value("tone", "").size(), std::size_t(transcript.size()));
    }
};

QTEST_MAIN(TestPromptEditor)
#include "test_prompt_editor.moc"
