// Follow-up turns in a pane: each reply sends the prompt, the answers and the replies so far in
// order (the fake provider's request log); earlier turns stay readable above the answer with
// their own metrics; Keep puts the turns at the end of the draft as one undo step; Clear goes
// back to the prompt alone.

#include "fake_provider_server.h"
#include "follow_up_bar.h"
#include "main_window.h"
#include "prompt_document.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "turn_transcript.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/project.h"

#include <QLineEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <memory>

using namespace ps;
using widgets::ResponsePane;

namespace {

// "role: text" of each message of the last request the fake provider got.
QStringList lastMessages(const fakeprovider::FakeProviderServer &server)
{
    QStringList out;
    const auto body = nlohmann::json::parse(server.lastRequestBody(), nullptr, false);
    if (body.is_discarded())
        return out;
    for (const auto &message : body.value("messages", nlohmann::json::array()))
        out << QString::fromStdString(
            message.value("role", std::string()) + ": " + message.value("content", std::string()));
    return out;
}

} // namespace

class TestFollowUpTurns : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<fakeprovider::FakeProviderServer>();
        QVERIFY(m_server->start());
        QVERIFY(m_dir.isValid());
        test::keepSettingsIn(m_dir.filePath(QStringLiteral("settings")));
        m_path = m_dir.filePath(QStringLiteral("p.promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        test::saveTriageVersion(project);
        test::addFakeTargets(project, m_server->baseUrl(), {{"mini", "gpt-4o-mini"}});
    }

    void cleanupTestCase() { m_server.reset(); }

    void twoRepliesCarryTheWholeConversation()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        ResponsePane *pane = window.responseArea()->pane(0);
        widgets::FollowUpBar *bar = pane->followUpBar();
        QVERIFY(!bar->isVisible()); // nothing to reply to yet
        QTRY_VERIFY(!window.responseArea()->targets().isEmpty());
        pane->setTargetId(QStringLiteral("mini"));
        QTRY_VERIFY(pane->runButton()->isEnabled());
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        const QString first = pane->answerText();
        QTRY_VERIFY(bar->isVisible());

        const auto replyWith = [&](const QString &text) {
            bar->replyEdit()->setFocus();
            QTest::keyClicks(bar->replyEdit(), text);
            QTest::keyClick(bar->replyEdit(), Qt::Key_Return);
        };
        replyWith(QStringLiteral("Why billing?"));
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        const QString second = pane->answerText();
        QCOMPARE(pane->replies(), 1);
        QVERIFY(pane->transcript()->isVisible());
        QVERIFY(bar->replyEdit()->text().isEmpty());
        replyWith(QStringLiteral("And the priority?"));
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QCOMPARE(pane->replies(), 2);

        QCOMPARE(lastMessages(*m_server),
            (QStringList {QStringLiteral("system: Label the ticket: billing, bug or other."),
                QStringLiteral("user: Ticket: I was charged twice for May"),
                QStringLiteral("assistant: ") + first, QStringLiteral("user: Why billing?"),
                QStringLiteral("assistant: ") + second,
                QStringLiteral("user: And the priority?")}));
        // The earlier turns read above the answer, each with its own metrics.
        const QString transcript = pane->transcript()->toPlainText();
        QVERIFY2(transcript.contains(QStringLiteral("Turn 1")) && transcript.contains(QStringLiteral("Turn 2"))
                && transcript.contains(QStringLiteral("Why billing?")),
            qPrintable(transcript));
        QVERIFY2(transcript.count(QStringLiteral(" tok · $")) == 2, qPrintable(transcript));

        // Keep: five messages (three answers, two replies) at the end of the draft, one undo.
        widgets::PromptDocument *document
            = window.findChild<widgets::PromptWorkbench *>()->document();
        QCOMPARE(document->messages().size(), std::size_t(2));
        bar->keepButton()->click();
        QCOMPARE(document->messages().size(), std::size_t(7));
        QCOMPARE(document->messages()[2].role, std::string("assistant"));
        QCOMPARE(QString::fromStdString(document->messages()[3].content), QStringLiteral("Why billing?"));
        QCOMPARE(document->messages()[6].role, std::string("assistant"));
        document->history()->undo();
        QCOMPARE(document->messages().size(), std::size_t(2));

        // Clear: the prompt alone again.
        bar->clearButton()->click();
        QCOMPARE(pane->state(), ResponsePane::State::Idle);
        QCOMPARE(pane->replies(), 0);
        QVERIFY(!pane->transcript()->isVisible());
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QCOMPARE(lastMessages(*m_server).size(), 2);
    }

private:
    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_MAIN(TestFollowUpTurns)
#include "test_follow_up_turns.moc"
