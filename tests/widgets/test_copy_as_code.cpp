// Copy as Code from a pane: the curl the dialog shows, run against the fake provider, brings back
// the pane's own answer; no snippet holds the key; the retry policy is written out when asked.
// (test_request_code checks every kind and language, py_compile and node --check included.)

#include "code_dialog.h"
#include "fake_provider_server.h"
#include "main_window.h"
#include "response_area.h"
#include "response_pane.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "providers/provider_adapter.h"
#include "secrets/trust_store.h"
#include "store/project.h"
#include "store/provider_catalog.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <memory>

using namespace ps;
using widgets::ResponsePane;

namespace {
constexpr const char *kKey = "copy-code-canary-13579";
}

class TestCopyAsCode : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<fakeprovider::FakeProviderServer>(
            fakeprovider::FakeProviderOptions {kKey, {}, {}});
        QVERIFY(m_server->start());
        QVERIFY(m_dir.isValid());
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
        qputenv("CODE_KEY", kKey);
        test::keepSettingsIn(m_dir.filePath(QStringLiteral("settings")));
        m_path = m_dir.filePath(QStringLiteral("p.promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        test::saveTriageVersion(project);
        providers::ProviderConfig keyed;
        keyed.id = "keyed";
        keyed.kind = providers::ProviderKind::OpenAiCompatible;
        keyed.baseUrl = m_server->baseUrl();
        keyed.apiKeyEnv = "CODE_KEY";
        providers::ProviderConfig echo;
        echo.id = "echo";
        echo.kind = providers::ProviderKind::Echo;
        store::ProviderCatalog catalog(project);
        catalog.addProvider(keyed);
        catalog.addProvider(echo);
        test::addTarget(project, "keyed-small", "keyed", "fake-small");
        test::addTarget(project, "echo", "echo", "echo");
        test::approveHere(keyed);
    }

    void cleanupTestCase() { m_server.reset(); }

    void copiedCurlBringsBackThePanesAnswer()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        ResponsePane *pane = window.responseArea()->pane(0);
        QVERIFY(!pane->copyAsCodeAction()->isEnabled()); // nothing sent yet
        QTRY_COMPARE(window.responseArea()->targets().size(), 2);
        pane->setTargetId(QStringLiteral("keyed-small"));
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        const QString answer = pane->answerText();
        QVERIFY2(answer.startsWith(QStringLiteral("Echo from fake-small")), qPrintable(answer));

        QVERIFY(pane->copyAsCodeAction()->isEnabled());
        pane->copyAsCodeAction()->trigger();
        auto *dialog = window.findChild<widgets::CodeDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->tabs()->count(), 3);
        QCOMPARE(dialog->tabs()->tabText(0), QStringLiteral("curl"));
        for (int i = 0; i < dialog->tabs()->count(); ++i) {
            dialog->tabs()->setCurrentIndex(i);
            const QString code = dialog->currentCode();
            QVERIFY2(!code.contains(QLatin1String(kKey)), qPrintable(code));
            QVERIFY2(code.contains(QStringLiteral("CODE_KEY")), qPrintable(code));
        }

        // The curl, run as a developer would, gets the same answer from the same server.
        dialog->tabs()->setCurrentIndex(0);
        const QString curl = dialog->currentCode();
        QVERIFY(!curl.contains(QStringLiteral("--retry")));
        QProcess shell;
        shell.start(QStringLiteral("bash"), {QStringLiteral("-c"), curl});
        QVERIFY(shell.waitForFinished(30000));
        QCOMPARE(shell.exitCode(), 0);
        const auto parser = providers::makeAdapter(providers::ProviderKind::OpenAiCompatible)
                                ->newStreamParser();
        std::string text;
        for (const auto &event : parser->feed(shell.readAllStandardOutput().toStdString()))
            if (const auto *delta = std::get_if<providers::TextDelta>(&event))
                text += delta->text;
        QCOMPARE(QString::fromStdString(text), answer);

        // Asked for, the target's retries go into the code; Copy puts what is shown on the
        // clipboard.
        dialog->policyBox()->setChecked(true);
        QVERIFY2(dialog->currentCode().contains(QStringLiteral("--retry 2")),
            qPrintable(dialog->currentCode()));
        dialog->copyButton()->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), dialog->currentCode());
    }

    // Echo sends nothing: the pane says so rather than showing code for a request never made.
    void echoHasNothingToCopy()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        ResponsePane *pane = window.responseArea()->pane(0);
        QTRY_COMPARE(window.responseArea()->targets().size(), 2);
        pane->setTargetId(QStringLiteral("echo"));
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        pane->copyAsCodeAction()->trigger();
        QTRY_VERIFY2(window.statusText().contains(QStringLiteral("sends no request")),
            qPrintable(window.statusText()));
        QVERIFY(!window.findChild<widgets::CodeDialog *>());
    }

private:
    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_MAIN(TestCopyAsCode)
#include "test_copy_as_code.moc"
