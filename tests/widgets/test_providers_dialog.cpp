// Settings ▸ Providers and Targets, with no CLI involved: a provider of each kind pointed at the
// fake provider is added, Test Connection lists its models, one becomes a target, and a pane
// runs it and shows the answer and its cost.

#include "fake_provider_server.h"
#include "connect_banner.h"
#include "main_window.h"
#include "metrics_bar.h"
#include "provider_settings.h"
#include "key_source_field.h"
#include "providers_dialog.h"
#include "targets_page.h"
#include "response_area.h"
#include "response_pane.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/price_overrides.h"
#include "store/provider_catalog.h"
#include "store/project.h"
#include "util/number_text.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <memory>

using namespace ps;
using widgets::ResponsePane;

namespace {
constexpr const char *kKey = "dialog-key-canary-97531";
}

class TestProvidersDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<fakeprovider::FakeProviderServer>(
            fakeprovider::FakeProviderOptions {kKey, {}, {}});
        QVERIFY(m_server->start());
        qputenv("FAKE_KEY", kKey);
    }

    void cleanupTestCase() { m_server.reset(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // This machine's approvals start empty, in the test's own folder.
        qputenv("XDG_CONFIG_HOME", m_dir->filePath(QStringLiteral("config")).toUtf8());
        test::keepSettingsIn(m_dir->filePath(QStringLiteral("settings")));
        m_path = m_dir->filePath(QStringLiteral("p.promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        test::saveTriageVersion(project);
        store::PriceOverrides prices(project);
        for (const char *model : {"fake-small", "fake-small:latest"})
            prices.set({model, 1.0, 2.0, std::nullopt, {}});
    }

    void cleanup() { m_dir.reset(); }

    void addTestTargetAndRun_data()
    {
        QTest::addColumn<QString>("kind"); // the kind box's text
        QTest::addColumn<bool>("versionPath"); // the base URL includes /v1 (OpenAI's convention)
        QTest::addColumn<QString>("model");
        QTest::newRow("openai-compatible") << "OpenAI-compatible" << true << "fake-small";
        QTest::newRow("anthropic") << "Anthropic" << false << "fake-small";
        QTest::newRow("gemini") << "Google Gemini" << false << "fake-small";
        QTest::newRow("ollama") << "Ollama" << false << "fake-small:latest";
    }

    void addTestTargetAndRun()
    {
        QFETCH(QString, kind);
        QFETCH(bool, versionPath);
        QFETCH(QString, model);
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.providerSettings()->action()->trigger();
        widgets::ProvidersDialog *dialog = window.providerSettings()->dialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());

        dialog->addFromPreset(QString()); // Add… ▸ Other OpenAI-compatible server…
        dialog->kindBox()->setCurrentIndex(dialog->kindBox()->findText(kind));
        retype(dialog->idEdit(), QStringLiteral("fake"));
        retype(dialog->baseUrlEdit(),
            QString::fromStdString(versionPath ? m_server->baseUrl() : m_server->hostUrl()));
        // The key in a variable (the keychain has its own test, test_keychain_keys).
        dialog->keySource()->storeBox()->setCurrentIndex(1);
        retype(dialog->keyVariableEdit(), QStringLiteral("FAKE_KEY"));
        dialog->saveButton()->click();
        QTRY_COMPARE(dialog->providerList()->count(), 1);
        QTRY_VERIFY2(dialog->message()->text().startsWith(QStringLiteral("Added provider fake")),
            qPrintable(dialog->message()->text()));
        // The list says where it sends and that the key is set; it was approved as it was added.
        const QString row = dialog->providerList()->item(0)->text();
        QVERIFY2(row.contains(QStringLiteral("key set")) && !row.contains(QStringLiteral("not approved")),
            qPrintable(row));

        const int before = m_server->requestCount();
        dialog->testButton()->click();
        QTRY_COMPARE(dialog->modelList()->count(), 2);
        QCOMPARE(m_server->requestCount(), before + 1);
        QVERIFY2(dialog->testResult()->text().contains(QStringLiteral("2 models in")),
            qPrintable(dialog->testResult()->text()));
        const auto found = dialog->modelList()->findItems(model, Qt::MatchExactly);
        QCOMPARE(found.size(), 1);
        dialog->modelList()->setCurrentItem(found.first());
        retype(dialog->targetIdEdit(), QStringLiteral("picked"));
        dialog->addTargetButton()->click();

        // The pane pickers offer it without reopening; a pane runs it.
        ResponsePane *pane = window.responseArea()->pane(0);
        QTRY_VERIFY(!window.responseArea()->targets().isEmpty()
            && window.responseArea()->targets().last().id == QStringLiteral("picked"));
        dialog->close();
        // The picker says the key is set and what the model costs, before anything is sent.
        auto *picker = pane->findChild<QComboBox *>();
        const int picked = picker->findData(QStringLiteral("picked"));
        QVERIFY(picked > 0);
        QCOMPARE(picker->itemText(picked - 1), QStringLiteral("fake · key set"));
        QVERIFY2(picker->itemData(picked, Qt::ToolTipRole)
                     .toString()
                     .contains(QString::fromStdString(util::dollars(2.0)) + QStringLiteral(" per 1M")),
            qPrintable(picker->itemData(picked, Qt::ToolTipRole).toString()));
        pane->setTargetId(QStringLiteral("picked"));
        QCOMPARE(pane->targetId(), QStringLiteral("picked"));
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QVERIFY2(pane->answerText().startsWith(QStringLiteral("Echo from ") + model),
            qPrintable(pane->answerText()));
        QVERIFY(pane->lastCost() && *pane->lastCost() > 0);
        QVERIFY2(pane->metricsBar()->text().contains(
                     QString::fromStdString(util::dollars(*pane->lastCost()))),
            qPrintable(pane->metricsBar()->text()));

        // The key is in no byte of the project file or its log.
        for (const QString &file : {m_path, m_path + QStringLiteral("-wal")}) {
            QFile bytes(file);
            if (bytes.open(QIODevice::ReadOnly))
                QVERIFY2(!bytes.readAll().contains(kKey), qPrintable(file));
        }
    }

    // A provider in use stays, and the dialog says why; a wrong URL is refused as it is saved.
    void refusalsAreSaidInTheDialog()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.providerSettings()->open();
        widgets::ProvidersDialog *dialog = window.providerSettings()->dialog();
        dialog->addFromPreset(QStringLiteral("vLLM"));
        QCOMPARE(dialog->idEdit()->text(), QStringLiteral("vllm"));
        QCOMPARE(dialog->baseUrlEdit()->text(), QStringLiteral("http://localhost:8000/v1"));
        retype(dialog->baseUrlEdit(), QStringLiteral("ftp://localhost:8000/v1"));
        dialog->saveButton()->click();
        QTRY_VERIFY(!dialog->message()->text().isEmpty());
        QVERIFY2(dialog->message()->text().contains(QStringLiteral("http")),
            qPrintable(dialog->message()->text()));
        QCOMPARE(dialog->providerList()->count(), 0);
    }

    // Only echo answers: the panes offer "Connect a model"; a choice opens the dialog on that
    // preset, a server found running here is offered by name, and a dismissal is remembered.
    void connectAModelAtFirstStart()
    {
        fakeprovider::FakeProviderServer ollama; // a local Ollama, no key
        QVERIFY(ollama.start());
        qputenv("OLLAMA_HOST", ("127.0.0.1:" + std::to_string(ollama.port())).c_str());
        {
            app::MainWindow window;
            QVERIFY(test::openAndWait(window, m_path));
            widgets::ConnectBanner *banner = window.responseArea()->connectBanner();
            QTRY_VERIFY(banner->isVisible());
            QTRY_COMPARE(banner->localServers(), QStringList {QStringLiteral("Ollama")});
            auto *use = banner->findChild<QPushButton *>(QStringLiteral("useLocal"));
            QVERIFY(use);
            use->click();
            widgets::ProvidersDialog *dialog = window.providerSettings()->dialog();
            QTRY_VERIFY(dialog && dialog->isVisible());
            QCOMPARE(dialog->idEdit()->text(), QStringLiteral("ollama"));
            QCOMPARE(dialog->kindBox()->currentText(), QStringLiteral("Ollama"));
            dialog->saveButton()->click();
            QTRY_COMPARE(dialog->providerList()->count(), 1);
            dialog->testButton()->click();
            QTRY_COMPARE(dialog->modelList()->count(), 2); // found through OLLAMA_HOST
            dialog->close();
            // A real provider now: the offer goes.
            QTRY_VERIFY(!banner->isVisible());
        }
        qunsetenv("OLLAMA_HOST");
        {
            store::Project project = store::Project::create(
                m_dir->filePath(QStringLiteral("echo-only.promptsmith")).toStdString());
            test::saveTriageVersion(project);
        }
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_dir->filePath(QStringLiteral("echo-only.promptsmith"))));
        widgets::ConnectBanner *banner = window.responseArea()->connectBanner();
        QTRY_VERIFY(banner->isVisible());
        auto *dismiss = banner->findChild<QToolButton *>();
        QVERIFY(dismiss);
        dismiss->click();
        QVERIFY(!banner->isVisible());
        app::MainWindow again;
        QVERIFY(test::openAndWait(again, m_dir->filePath(QStringLiteral("echo-only.promptsmith"))));
        QTest::qWait(100);
        QVERIFY(!again.responseArea()->connectBanner()->isVisible());
    }

    // A model without a price says so in its pane; one click sets it, and answers cost from then on.
    void aModelWithoutAPriceIsPricedFromItsPane()
    {
        fakeprovider::FakeProviderServer open; // no key: a server on this machine
        QVERIFY(open.start());
        test::addFakeTargets(store::Project::open(m_path.toStdString()), open.baseUrl(),
            {{"large", "fake-large"}});
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        ResponsePane *pane = window.responseArea()->pane(0);
        pane->setTargetId(QStringLiteral("large"));
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QVERIFY(!pane->lastCost());
        QVERIFY(pane->noPriceNote()->isVisible());
        QVERIFY(pane->noPriceNote()->text().contains(QStringLiteral("No price for fake-large")));

        emit pane->noPriceNote()->linkActivated(QStringLiteral("#price"));
        widgets::ProvidersDialog *dialog = window.providerSettings()->dialog();
        QTRY_VERIFY(dialog && dialog->isVisible());
        QTableWidget *prices = dialog->priceTable();
        QVERIFY(prices->isVisible());
        const int row = prices->currentRow();
        QVERIFY(row >= 0);
        QCOMPARE(prices->item(row, 0)->text(), QStringLiteral("fake-large"));
        QVERIFY(prices->item(row, 4)->text().contains(QStringLiteral("no price")));
        prices->item(row, 1)->setText(QStringLiteral("3"));
        prices->item(row, 2)->setText(QStringLiteral("4"));
        // The project read again meanwhile (a run stored, the CLI): what is typed stays.
        window.providerSettings()->open();
        QCOMPARE(prices->item(row, 1)->text(), QStringLiteral("3"));
        dialog->savePricesButton()->click();
        QTRY_VERIFY2(dialog->message()->text().startsWith(QStringLiteral("Saved 1 price")),
            qPrintable(dialog->message()->text()));
        // Read again: the price is the project's own now.
        QTRY_VERIFY(prices->rowCount() > row && prices->item(row, 4)
            && prices->item(row, 4)->text().contains(QStringLiteral("project override")));
        dialog->close();

        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QTRY_VERIFY(pane->lastCost().has_value());
        QVERIFY(*pane->lastCost() > 0);
        QVERIFY(!pane->noPriceNote()->isVisible());
    }

    // A target's parameters, fallback and low-confidence threshold are edited in the window.
    void targetsAreEdited()
    {
        fakeprovider::FakeProviderServer open;
        QVERIFY(open.start());
        test::addFakeTargets(store::Project::open(m_path.toStdString()), open.baseUrl(),
            {{"a", "fake-small"}, {"b", "fake-large"}});
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.providerSettings()->open();
        widgets::ProvidersDialog *dialog = window.providerSettings()->dialog();
        widgets::TargetsPage *page = dialog->targetsPage();
        QTRY_COMPARE(page->list()->count(), 2);
        page->selectTarget(QStringLiteral("a"));
        QCOMPARE(page->modelEdit()->text(), QStringLiteral("fake-small"));
        retype(page->paramsEdit(), QStringLiteral("{\"temperature\": 0.3}"));
        page->fallbackBox()->setCurrentIndex(page->fallbackBox()->findData(QStringLiteral("b")));
        page->thresholdBox()->setValue(-0.5);
        page->saveButton()->click();
        QTRY_VERIFY2(dialog->message()->text() == QStringLiteral("Saved target a"),
            qPrintable(dialog->message()->text()));
        {
            const store::TargetRecord stored = store::ProviderCatalog(
                store::Project::open(m_path.toStdString())).target("a");
            QCOMPARE(stored.params.value("temperature", 0.0), 0.3);
            QCOMPARE(stored.fallbackTargetId.value_or(""), std::string("b"));
            QCOMPARE(stored.fallbackMinLogprob.value_or(0), -0.5);
        }
        // Refusals are said in the dialog: parameters that are not JSON, a fallback loop.
        retype(page->paramsEdit(), QStringLiteral("temperature=0.3"));
        page->saveButton()->click();
        QTRY_VERIFY(dialog->message()->text().contains(QStringLiteral("not JSON")));
        QTRY_COMPARE(page->list()->count(), 2);
        page->selectTarget(QStringLiteral("b"));
        page->fallbackBox()->setCurrentIndex(page->fallbackBox()->findData(QStringLiteral("a")));
        page->saveButton()->click();
        QTRY_VERIFY2(dialog->message()->text().contains(QStringLiteral("itself")),
            qPrintable(dialog->message()->text()));
    }

private:
    static void retype(QLineEdit *edit, const QString &text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Delete);
        QTest::keyClicks(edit, text);
    }

    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_MAIN(TestProvidersDialog)
#include "test_providers_dialog.moc"
