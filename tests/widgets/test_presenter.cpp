// View ▸ Present: a full-screen page bound to a version and a target. Typed input reaches the
// request, the answer streams in, and nothing in the page shows the prompt, a target or a key;
// in conversation mode a reply carries the exchange; Esc leaves.

#include "answer_view.h"
#include "fake_provider_server.h"
#include "main_window.h"
#include "present_action.h"
#include "present_setup_dialog.h"
#include "presenter.h"
#include "presenter_view.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/project.h"
#include "store/run_store.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include <memory>

using namespace ps;

class TestPresenter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<fakeprovider::FakeProviderServer>();
        QVERIFY(m_server->start());
    }

    void cleanupTestCase() { m_server.reset(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = test::demoProjectIn(m_dir->path());
        test::addFakeTargets(store::Project::open(m_path.toStdString()), m_server->baseUrl(),
            {{"slow", "fault:drip:40"}, {"quick", "gpt-4o-mini"}});
    }

    void cleanup() { m_dir.reset(); }

    void typedInputStreamsAnAnswerAndNoPromptIsShown()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        QCOMPARE(window.presentAction()->presentReference(
                     QStringLiteral("ticket-triage@1"), QStringLiteral("slow")),
            QString());
        widgets::PresenterView *view = window.presentAction()->presenter()->view();
        QVERIFY(view);
        QTRY_VERIFY(view->isVisible());
        QVERIFY(view->isFullScreen());
        // It takes the keyboard: Ctrl+Enter asks here, not in the window behind.
        QVERIFY(QTest::qWaitForWindowActive(view));

        QPlainTextEdit *ticket = view->input(QStringLiteral("ticket"));
        QVERIFY(ticket);
        ticket->selectAll();
        QTest::keyClicks(ticket, QStringLiteral("My invoice shows the wrong tax number"));
        const std::size_t runsBefore = runs().size();
        QTest::keyClick(ticket, Qt::Key_Return, Qt::ControlModifier);

        // It streams: text is there while the answer is still coming.
        QTRY_VERIFY(!view->answerView()->toPlainText().isEmpty() && !view->askButton()->isEnabled());
        QTRY_VERIFY(view->askButton()->isEnabled());
        const QString answer = view->answerView()->answer();
        QVERIFY2(answer.contains(QStringLiteral("My invoice shows the")), qPrintable(answer));
        QVERIFY2(QString::fromStdString(m_server->lastRequestBody()).contains(
                     QStringLiteral("My invoice shows the wrong tax number")),
            m_server->lastRequestBody().c_str());
        QTRY_COMPARE(runs().size(), runsBefore + 1); // stored as a run of v1, as the panes do
        QCOMPARE(runs().front().version, std::string("ticket-triage@1"));

        // Nothing on the page is the prompt, a target, a provider or an id.
        const QString shown = allText(view);
        for (const QString &secret : {QStringLiteral("You triage support tickets"),
                 QStringLiteral("{{"), QStringLiteral("I was charged twice for my March"),
                 QStringLiteral("slow"), QStringLiteral("fake"),
                 QString::fromStdString(runs().front().id)})
            QVERIFY2(!shown.contains(secret), qPrintable(secret + QStringLiteral(" in: ") + shown));
        QVERIFY2(shown.contains(QStringLiteral("ticket-triage")), qPrintable(shown)); // the title

        QTest::keyClick(view, Qt::Key_Escape);
        QTRY_VERIFY(!window.presentAction()->presenter()->view());
    }

    void conversationCarriesTheExchange()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        // Set up through View ▸ Present…, as a user does.
        window.presentAction()->action()->trigger();
        widgets::PresentSetupDialog *setup = nullptr;
        QTRY_VERIFY((setup = window.findChild<widgets::PresentSetupDialog *>()) != nullptr);
        // v1: the demo's v3 answers in 3 tokens, too few to show a conversation.
        auto *version = setup->findChildren<QComboBox *>().at(0);
        version->setCurrentIndex(version->findData(1));
        QCOMPARE(setup->version(), 1);
        auto *target = setup->findChildren<QComboBox *>().at(1);
        target->setCurrentIndex(target->findText(QStringLiteral("quick")));
        for (QAbstractButton *box : setup->findChildren<QAbstractButton *>())
            if (box->text().contains(QStringLiteral("Conversation")))
                box->click();
        QVERIFY(setup->conversation());
        for (QAbstractButton *button : setup->findChild<QDialogButtonBox *>()->buttons())
            if (button->text().contains(QStringLiteral("Present")))
                button->click();
        widgets::PresenterView *view = nullptr;
        QTRY_VERIFY((view = window.presentAction()->presenter()->view()) && view->isVisible());

        view->askButton()->click();
        QTRY_VERIFY(view->isAnswered());
        const QString first = view->answerView()->answer();
        QVERIFY(first.startsWith(QStringLiteral("Echo from gpt-4o-mini")));
        QTRY_VERIFY(view->followUpEdit()->isVisible());
        QTest::keyClicks(view->followUpEdit(), QStringLiteral("Why that label?"));
        view->askButton()->click();
        QTRY_VERIFY(view->askButton()->isEnabled() && view->answerView()->answer() != first);
        // The second request carried the first answer and the reply, in order.
        const auto body = nlohmann::json::parse(m_server->lastRequestBody());
        const auto &messages = body.at("messages");
        QCOMPARE(messages.at(messages.size() - 2).at("role").get<std::string>(), std::string("assistant"));
        QCOMPARE(QString::fromStdString(messages.at(messages.size() - 2).at("content").get<std::string>()), first);
        QCOMPARE(messages.back().at("content").get<std::string>(), std::string("Why that label?"));
        QVERIFY(view->answerView()->answer().contains(QStringLiteral("Why that label?")));
        QVERIFY(view->transcript()->isVisible());
        QVERIFY(view->transcript()->toPlainText().contains(QStringLiteral("Why that label?")));
        view->close();
    }

private:
    std::vector<model::RunRecord> runs() const
    {
        return store::RunStore(store::Project::open(m_path.toStdString())).listRuns();
    }

    // Every text the page shows or gives to a screen reader.
    static QString allText(QWidget *page)
    {
        QStringList texts {page->windowTitle()};
        for (QWidget *widget : page->findChildren<QWidget *>()) {
            if (!widget->isVisible())
                continue;
            texts << widget->toolTip() << widget->accessibleName();
            if (auto *label = qobject_cast<QLabel *>(widget))
                texts << label->text();
            if (auto *edit = qobject_cast<QPlainTextEdit *>(widget))
                texts << edit->toPlainText() << edit->placeholderText();
            if (auto *browser = qobject_cast<QTextBrowser *>(widget))
                texts << browser->toPlainText();
            if (auto *button = qobject_cast<QAbstractButton *>(widget))
                texts << button->text();
        }
        return texts.join(QLatin1Char('\n'));
    }

    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_MAIN(TestPresenter)
#include "test_presenter.moc"
