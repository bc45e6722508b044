// A project made elsewhere whose provider points OPENAI_API_KEY at a host this machine never
// approved: the window asks before the first send, naming the host, the variable and the
// project, and no byte reaches that host (the server counts what arrives) until approved.
// "Don't Send" holds for the session; "Approve and Send" is kept on this machine.

#include "fake_provider_server.h"
#include "answer_view.h"
#include "eval_results_view.h"
#include "evaluation_view.h"
#include "main_window.h"
#include "present_action.h"
#include "presenter.h"
#include "presenter_view.h"
#include "provider_settings.h"
#include "providers_dialog.h"
#include "response_area.h"
#include "response_pane.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "providers/provider_config.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/provider_catalog.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QPushButton>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <memory>

using namespace ps;
using widgets::ResponsePane;

namespace {
constexpr const char *kKey = "shared-project-canary-24680";
}

class TestTrustPrompt : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<fakeprovider::FakeProviderServer>(
            fakeprovider::FakeProviderOptions {kKey, {}, {}});
        QVERIFY(m_server->start());
        qputenv("OPENAI_API_KEY", kKey);
    }

    void cleanupTestCase() { m_server.reset(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_config = m_dir->filePath(QStringLiteral("config"));
        qputenv("XDG_CONFIG_HOME", m_config.toUtf8()); // this machine approved nothing yet
        test::keepSettingsIn(m_dir->filePath(QStringLiteral("settings")));
        m_path = m_dir->filePath(QStringLiteral("shared.promptsmith"));
        // As a teammate's file arrives: written by the store, never approved here.
        store::Project project = store::Project::create(m_path.toStdString());
        test::saveTriageVersion(project);
        providers::ProviderConfig openai;
        openai.id = "openai";
        openai.kind = providers::ProviderKind::OpenAi;
        openai.baseUrl = m_server->baseUrl();
        openai.apiKeyEnv = "OPENAI_API_KEY";
        store::ProviderCatalog catalog(project);
        catalog.addProvider(openai);
        store::TargetRecord target;
        target.id = "mini";
        target.providerId = "openai";
        target.model = "gpt-4o-mini";
        catalog.addTarget(target);
    }

    void cleanup() { m_dir.reset(); }

    void dontSendSendsNothingAndIsRemembered()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        ResponsePane *pane = window.responseArea()->pane(0);
        QCOMPARE(pane->targetId(), QStringLiteral("mini"));
        const int before = m_server->requestCount();

        pane->runButton()->click();
        QMessageBox *box = prompt(window);
        QVERIFY(box);
        const QString host = QString::fromStdString("127.0.0.1:" + std::to_string(m_server->port()));
        QVERIFY2(box->text().contains(host), qPrintable(box->text()));
        QVERIFY2(box->text().contains(QStringLiteral("OPENAI_API_KEY")), qPrintable(box->text()));
        QVERIFY2(box->text().contains(QStringLiteral("shared.promptsmith")), qPrintable(box->text()));
        QVERIFY(!box->text().contains(QLatin1String(kKey))
            && !box->informativeText().contains(QLatin1String(kKey)));
        QCOMPARE(m_server->requestCount(), before); // nothing while the question is open
        // Return answers "Don't Send": a key never leaves on a reflex.
        QTest::keyClick(box, Qt::Key_Return);

        QTRY_COMPARE(pane->state(), ResponsePane::State::Failed);
        QCOMPARE(m_server->requestCount(), before);
        // Asked once: the next run fails at once, unsent, without asking again.
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Failed);
        QTest::qWait(50);
        QVERIFY(!window.findChild<QMessageBox *>(QStringLiteral("trustPrompt")));
        QCOMPARE(m_server->requestCount(), before);
        QVERIFY(!QFile::exists(m_config + QStringLiteral("/promptsmith/trusted-providers.json")));
    }

    void approveSendsAndIsKeptOnThisMachine()
    {
        {
            app::MainWindow window;
            QVERIFY(test::openAndWait(window, m_path));
            ResponsePane *pane = window.responseArea()->pane(0);
            const int before = m_server->requestCount();
            pane->runButton()->click();
            QMessageBox *box = prompt(window);
            QVERIFY(box);
            QCOMPARE(m_server->requestCount(), before);
            for (QAbstractButton *button : box->buttons())
                if (button->text().contains(QStringLiteral("Approve")))
                    button->click();
            QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
            QCOMPARE(m_server->requestCount(), before + 1);
            QVERIFY(pane->answerText().startsWith(QStringLiteral("Echo from gpt-4o-mini")));
        }
        // A new window on this machine sends without asking: the approval was kept.
        QVERIFY(QFile::exists(m_config + QStringLiteral("/promptsmith/trusted-providers.json")));
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        ResponsePane *pane = window.responseArea()->pane(0);
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QVERIFY(!window.findChild<QMessageBox *>(QStringLiteral("trustPrompt")));
    }

    // An evaluation from the Evaluate tab asks the same question first: no cell reaches the
    // host until approved, then every cell is sent.
    void evaluationAsksBeforeSending()
    {
        {
            store::Project project = store::Project::open(m_path.toStdString());
            eval::DatasetCase item;
            item.assertions = nlohmann::json::array({{{"type", "contains"}, {"value", "Echo"}}});
            store::DatasetStore(project).importCases("two", "two.jsonl", {item, item});
        }
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        view->choose({QStringLiteral("ticket-triage@1")}, QStringLiteral("two"), {QStringLiteral("mini")});
        view->cacheBox()->setChecked(false);
        const int before = m_server->requestCount();
        view->runButton()->click();
        QMessageBox *box = prompt(window);
        QVERIFY(box);
        QCOMPARE(m_server->requestCount(), before); // nothing while the question is open
        for (QAbstractButton *button : box->buttons())
            if (button->text().contains(QStringLiteral("Approve")))
                button->click();
        QTRY_COMPARE_WITH_TIMEOUT(view->resultsView()->results().status, QStringLiteral("complete"), 20000);
        QCOMPARE(m_server->requestCount(), before + 2);
        QCOMPARE(view->resultsView()->results().summary.front().passed, 2);
    }

    // The providers dialog shows which providers this machine has not approved, and approves.
    void approveFromTheProvidersDialog()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.providerSettings()->open();
        widgets::ProvidersDialog *dialog = window.providerSettings()->dialog();
        QTRY_COMPARE(dialog->providerList()->count(), 1);
        const QString host = QString::fromStdString("127.0.0.1:" + std::to_string(m_server->port()));
        QTRY_VERIFY(dialog->providerList()->item(0)->text().contains(QStringLiteral("not approved here")));
        QVERIFY(dialog->providerList()->item(0)->text().contains(host));
        dialog->providerList()->setCurrentRow(0);
        QVERIFY(dialog->approveButton()->isVisible());
        const int before = m_server->requestCount();
        dialog->approveButton()->click();
        QTRY_VERIFY(!dialog->providerList()->item(0)->text().contains(QStringLiteral("not approved")));
        QVERIFY(!dialog->approveButton()->isVisible());
        QCOMPARE(m_server->requestCount(), before); // approving sends nothing
        dialog->close();

        ResponsePane *pane = window.responseArea()->pane(0);
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QVERIFY(!window.findChild<QMessageBox *>(QStringLiteral("trustPrompt")));
    }

    // The presenter asks as the panes do, and Don't Send leaves the page without an answer.
    void thePresenterAsksToo()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        QCOMPARE(window.presentAction()->presentReference(
                     QStringLiteral("ticket-triage"), QStringLiteral("mini")),
            QString());
        widgets::PresenterView *view = window.presentAction()->presenter()->view();
        QVERIFY(view);
        QVERIFY(QTest::qWaitForWindowActive(view));
        const int before = m_server->requestCount();
        view->askButton()->click();
        // Asked over the page in front, where the presenter sees it.
        QMessageBox *box = nullptr;
        QVERIFY(QTest::qWaitFor([&] {
            box = view->findChild<QMessageBox *>(QStringLiteral("trustPrompt"));
            return box && box->isVisible();
        }, 10000));
        QCOMPARE(m_server->requestCount(), before);
        for (QAbstractButton *button : box->buttons())
            if (button->text().contains(QStringLiteral("Don't")))
                button->click();
        QTRY_VERIFY(view->answerView()->answer().contains(QStringLiteral("Could not answer")));
        QCOMPARE(m_server->requestCount(), before);
        QVERIFY(!view->isAnswered());
        view->close();
    }

private:
    static QMessageBox *prompt(app::MainWindow &window)
    {
        QMessageBox *box = nullptr;
        const bool shown = QTest::qWaitFor([&] {
            box = window.findChild<QMessageBox *>(QStringLiteral("trustPrompt"));
            return box && box->isVisible();
        }, 10000);
        return shown ? box : nullptr;
    }

    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_config;
};

QTEST_MAIN(TestTrustPrompt)
#include "test_trust_prompt.moc"
