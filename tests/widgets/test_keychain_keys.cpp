// Keys in the OS keychain: a key typed into the providers dialog goes to the keychain (a real
// Secret Service, which with_secret_service.sh starts) and to no file, the window reads it when a
// pane sends, and the CLI reads the same entry; the environment path works with or without one.

#include "cli_test_helpers.h"
#include "fake_provider_server.h"
#include "key_source_field.h"
#include "main_window.h"
#include "provider_settings.h"
#include "providers_dialog.h"
#include "response_area.h"
#include "response_pane.h"
#include "error_banner.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "providers/provider_config.h"
#include "secrets/trust_store.h"
#include "store/price_overrides.h"
#include "store/project.h"
#include "store/provider_catalog.h"

#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRandomGenerator>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <algorithm>
#include <memory>

using namespace ps;
using widgets::ResponsePane;

class TestKeychainKeys : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // The wrapper's canary, which it then looks for in all the test printed.
        m_canary = qgetenv("PS_TEST_CANARY");
        if (m_canary.isEmpty())
            m_canary = "ps-canary-" + QByteArray::number(QRandomGenerator::global()->generate64());
        m_server = std::make_unique<fakeprovider::FakeProviderServer>(
            fakeprovider::FakeProviderOptions {m_canary.toStdString(), {}, {}});
        QVERIFY(m_server->start());
        qunsetenv("VAULT_API_KEY");
    }

    void cleanupTestCase() { m_server.reset(); }

    void init()
    {
        qunsetenv("VAULT_API_KEY");
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        qputenv("XDG_CONFIG_HOME", m_dir->filePath(QStringLiteral("config")).toUtf8());
        test::keepSettingsIn(m_dir->filePath(QStringLiteral("settings")));
        m_path = m_dir->filePath(QStringLiteral("p.promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        test::saveTriageVersion(project);
        store::PriceOverrides(project).set({"fake-small", 1.0, 2.0, std::nullopt, {}});
    }

    void cleanup() { m_dir.reset(); }

    // Runs first, while no keychain answers (the session bus pointed nowhere): the dialog says
    // so and keeps a new provider's key in a variable.
    void withoutAKeychainTheDialogOffersTheVariable()
    {
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/promptsmith-test-bus");
        {
            app::MainWindow window;
            QVERIFY(test::openAndWait(window, m_path));
            window.providerSettings()->open();
            widgets::ProvidersDialog *dialog = window.providerSettings()->dialog();
            QVERIFY(dialog);
            dialog->addFromPreset(QStringLiteral("DeepSeek"));
            widgets::KeySourceField *field = dialog->keySource();
            const auto *items = qobject_cast<QStandardItemModel *>(field->storeBox()->model());
            QVERIFY(items);
            QTRY_VERIFY(!items->item(0)->isEnabled());
            QCOMPARE(field->storeBox()->currentIndex(), 1); // the variable
            QVERIFY(!field->keyEdit()->isVisible());
            const QString note = field->note()->text();
            QVERIFY2(note.contains(QStringLiteral("keychain"))
                    && note.contains(QStringLiteral("DEEPSEEK_API_KEY")),
                qPrintable(note));
        }
        if (bus.isEmpty())
            qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        else
            qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
    }

    // The keychain answers through callbacks that outlive a closed window: closing it while
    // the dialog's question is out must leave nothing to answer into (it crashed once).
    void aWindowClosedWhileTheKeychainIsAskedLeavesNothingBehind()
    {
        for (int i = 0; i < 3; ++i) {
            auto window = std::make_unique<app::MainWindow>();
            QVERIFY(test::openAndWait(*window, m_path));
            window->providerSettings()->open();
            window.reset(); // the question to the keychain is still out
        }
        QTest::qWait(500); // its answers arrive, to nobody
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
    }

    // A provider whose key is kept in the keychain still takes the variable first, and without
    // either a pane says where the key was looked for, sending nothing.
    void theVariableComesFirstAndAMissingKeySaysWhere()
    {
        addVaultProvider();
        qputenv("VAULT_API_KEY", m_canary);
        {
            app::MainWindow window;
            QVERIFY(test::openAndWait(window, m_path));
            QCOMPARE(runVaulted(window), QString());
        }
        qunsetenv("VAULT_API_KEY");
        if (qgetenv("PS_SECRET_SERVICE") == "1")
            return; // (a keychain runs here: the entry may be there from another test)
        const int before = m_server->requestCount();
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        const QString error = runVaulted(window);
        QVERIFY2(error.contains(QStringLiteral("no key for VAULT_API_KEY in the keychain"))
                && error.contains(QStringLiteral("VAULT_API_KEY is not set")),
            qPrintable(error));
        QCOMPARE(m_server->requestCount(), before);
    }

    // The keychain path, against a real Secret Service.
    void aKeyTypedIntoTheDialogGoesToTheKeychainOnly()
    {
        if (qgetenv("PS_SECRET_SERVICE") != "1")
            QSKIP("no Secret Service could be started here (with_secret_service.sh needs "
                  "dbus-run-session and gnome-keyring-daemon): the keychain path is untested");
        {
            app::MainWindow window;
            QVERIFY(test::openAndWait(window, m_path));
            window.providerSettings()->open();
            widgets::ProvidersDialog *dialog = window.providerSettings()->dialog();
            QVERIFY(dialog);
            dialog->addFromPreset(QString()); // Other OpenAI-compatible server
            dialog->idEdit()->setText(QStringLiteral("vault"));
            dialog->baseUrlEdit()->setText(QString::fromStdString(m_server->baseUrl()));
            widgets::KeySourceField *field = dialog->keySource();
            field->storeBox()->setCurrentIndex(0); // the keychain
            field->nameEdit()->setText(QStringLiteral("VAULT_API_KEY"));
            QVERIFY(field->keyEdit()->isVisible());
            QCOMPARE(field->keyEdit()->echoMode(), QLineEdit::Password);
            QTest::keyClicks(field->keyEdit(), QString::fromLatin1(m_canary));
            dialog->saveButton()->click();
            QTRY_VERIFY2(dialog->message()->text().startsWith(QStringLiteral("Added provider vault")),
                qPrintable(dialog->message()->text()));
            QVERIFY(field->keyEdit()->text().isEmpty()); // the field let go of it
            QTRY_COMPARE(dialog->providerList()->count(), 1);
            QVERIFY2(dialog->providerList()->item(0)->text().contains(QStringLiteral("key in keychain")),
                qPrintable(dialog->providerList()->item(0)->text()));

            // The server takes nothing but that key: the models it lists prove it arrived.
            dialog->testButton()->click();
            QTRY_COMPARE(dialog->modelList()->count(), 2);
            const auto found = dialog->modelList()->findItems(
                QStringLiteral("fake-small"), Qt::MatchExactly);
            QCOMPARE(found.size(), 1);
            dialog->modelList()->setCurrentItem(found.first());
            dialog->targetIdEdit()->setText(QStringLiteral("vaulted"));
            dialog->addTargetButton()->click();
            QTRY_VERIFY(!window.responseArea()->targets().isEmpty()
                && window.responseArea()->targets().last().id == QStringLiteral("vaulted"));
            dialog->close();
        }
        // A new window holds no key yet: it reads the keychain as the pane sends.
        {
            app::MainWindow window;
            QVERIFY(test::openAndWait(window, m_path));
            QCOMPARE(runVaulted(window), QString());
        }
        // The CLI reads the same entry (the window approved the host in this config folder).
        const QStringList env {
            QStringLiteral("XDG_CONFIG_HOME=") + m_dir->filePath(QStringLiteral("config"))};
        const test::CliResult run = test::runCli({QStringLiteral("--project"), m_path,
                                                     QStringLiteral("run"),
                                                     QStringLiteral("ticket-triage"),
                                                     QStringLiteral("--target"),
                                                     QStringLiteral("vaulted")},
            {}, env);
        QVERIFY2(run.exitCode == 0, test::describe(run).constData());
        QVERIFY(run.out.contains("Echo from fake-small"));
        const test::CliResult list = test::runCli(
            {QStringLiteral("--project"), m_path, QStringLiteral("provider"),
                QStringLiteral("list"), QStringLiteral("--json")},
            {}, env);
        QVERIFY2(list.out.contains("\"key_set\": true"), list.out.constData());
        for (const test::CliResult *result : {&run, &list})
            QVERIFY(!result->out.contains(m_canary) && !result->err.contains(m_canary));

        // No byte of the project, its log, the settings or this machine's approvals holds it.
        QDirIterator files(m_dir->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int read = 0;
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(m_canary), qPrintable(file.fileName()));
            ++read;
        }
        QVERIFY(read >= 3); // the project, the settings, the approvals at least
    }

private:
    // "vault": OpenAI-compatible at the fake provider, its key kept in the keychain as
    // VAULT_API_KEY, approved on this machine; the target "vaulted" runs fake-small on it.
    void addVaultProvider()
    {
        store::Project project = store::Project::open(m_path.toStdString());
        providers::ProviderConfig config;
        config.id = "vault";
        config.kind = providers::ProviderKind::OpenAiCompatible;
        config.baseUrl = m_server->baseUrl();
        config.apiKeyEnv = "VAULT_API_KEY";
        config.keyInKeychain = true;
        store::ProviderCatalog(project).addProvider(config);
        test::addTarget(project, "vaulted", "vault", "fake-small");
        test::approveHere(config);
    }

    // Runs "vaulted" in the first pane: "" when it answered, else the pane's error.
    QString runVaulted(app::MainWindow &window)
    {
        ResponsePane *pane = window.responseArea()->pane(0);
        if (!QTest::qWaitFor([&] {
                const auto targets = window.responseArea()->targets();
                return std::any_of(targets.begin(), targets.end(),
                    [](const auto &target) { return target.id == QStringLiteral("vaulted"); });
            }))
            return QStringLiteral("the target never reached the pickers");
        pane->setTargetId(QStringLiteral("vaulted"));
        pane->runButton()->click();
        if (!QTest::qWaitFor([pane] {
                return pane->state() == ResponsePane::State::Done
                    || pane->state() == ResponsePane::State::Failed;
            }))
            return QStringLiteral("the pane never ended");
        if (pane->state() == ResponsePane::State::Failed)
            return pane->errorBanner()->message();
        return pane->answerText().startsWith(QStringLiteral("Echo from fake-small"))
            ? QString()
            : QStringLiteral("unexpected answer: ") + pane->answerText();
    }

    QByteArray m_canary;
    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_MAIN(TestKeychainKeys)
#include "test_keychain_keys.moc"
