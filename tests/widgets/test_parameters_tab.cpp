// The Parameters tab as a user has it: settings typed there reach the request, every change is
// one step of Undo, a schema's mistake is marked where it is and stops the save, and what is
// saved is what the tab showed.

#include "fake_provider_server.h"
#include "json_text_editor.h"
#include "main_window.h"
#include "parameters_panel.h"
#include "preview_panel.h"
#include "prompt_editor.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "save_version_dialog.h"
#include "window_fixture.h"

#include "store/project.h"
#include "store/provider_catalog.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QTextBlock>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace ps;
using widgets::ResponsePane;

class TestParametersTab : public QObject
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
        test::keepSettingsIn(m_dir->filePath(QStringLiteral("settings")));
        m_path = m_dir->filePath(QStringLiteral("params.promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        test::saveTriageVersion(project);
        test::addFakeTargets(project, m_server->baseUrl(),
            {{"mini", "gpt-4o-mini"}, {"reasoner", "o3-mini"}});
        store::TargetRecord careful;
        careful.id = "careful";
        careful.providerId = "fake";
        careful.model = "gpt-4o-mini";
        careful.params = {{"temperature", 0.2}};
        store::ProviderCatalog(project).addTarget(careful);
    }

    void cleanup() { m_dir.reset(); }

    // Temperature and max tokens typed in the tab are in the request the provider receives,
    // and the Preview says they will be sent.
    void typedSettingsReachTheRequest()
    {
        app::MainWindow window;
        showAndOpen(window);
        widgets::ParametersPanel *panel = parameters(window);
        bench(window)->showParameters();
        typeInto(panel->temperatureBox(), QStringLiteral("0.3"));
        typeInto(panel->maxTokensBox(), QStringLiteral("64"));
        QCOMPARE(bench(window)->content().params.temperature, std::optional<double>(0.3));
        QCOMPARE(bench(window)->content().params.maxTokens, std::optional<long long>(64));
        QTRY_COMPARE(bench(window)->preview()->paramsSummary(),
            QStringLiteral("Sent with temperature 0.3 · max tokens 64"));

        ResponsePane *pane = window.responseArea()->pane(0);
        pane->setTargetId(QStringLiteral("mini"));
        const int before = m_server->requestCount();
        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QCOMPARE(m_server->requestCount(), before + 1);
        const nlohmann::json body = nlohmann::json::parse(m_server->lastRequestBody());
        QCOMPARE(body.value("temperature", -1.0), 0.3);
        QCOMPARE(body.value("max_tokens", -1), 64);
    }

    // Each setting is one undo step; typing a number is one step, not one per key.
    void settingsAreUndoneByKeyboard()
    {
        app::MainWindow window;
        showAndOpen(window);
        widgets::ParametersPanel *panel = parameters(window);
        bench(window)->showParameters();
        typeInto(panel->maxTokensBox(), QStringLiteral("256"));
        typeInto(panel->temperatureBox(), QStringLiteral("0.7"));
        QCOMPARE(bench(window)->content().params.maxTokens, std::optional<long long>(256));

        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(bench(window)->content().params.temperature, std::nullopt);
        QCOMPARE(panel->temperatureBox()->text(), QStringLiteral("provider default"));
        QCOMPARE(bench(window)->content().params.maxTokens, std::optional<long long>(256));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(bench(window)->content().params.maxTokens, std::nullopt);
        QVERIFY(!bench(window)->document()->isDraft()); // back at v1
        QTest::keyClick(
            QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(bench(window)->content().params.maxTokens, std::optional<long long>(256));
        QCOMPARE(panel->maxTokensBox()->value(), 256);
    }

    // A schema with a mistake is marked on its line and said below; the version is not saved
    // and the status bar says why. Fixed, the schema and two tools are saved together.
    void aBrokenSchemaIsMarkedAndStopsTheSave()
    {
        app::MainWindow window;
        showAndOpen(window);
        widgets::ParametersPanel *panel = parameters(window);
        bench(window)->showParameters();
        panel->chooseFormat(QStringLiteral("json_schema"));
        QCOMPARE(QString::fromStdString(
                     bench(window)->content().params.responseFormat.value("type", std::string())),
            QStringLiteral("json_schema"));

        widgets::JsonTextEditor *schema = panel->schemaEditor();
        replaceText(schema->editor(),
            QStringLiteral("{\n  \"type\": \"object\",\n  \"properties\": {\n"
                           "    \"label\": {\"type\": \"strin\"}\n  }\n}"));
        QVERIFY2(schema->problem().startsWith(QStringLiteral("line 4, column 23: properties › "
                                                             "label › type: not a JSON Schema type")),
            qPrintable(schema->problem()));
        QCOMPARE(schema->editor()->extraSelections().size(), 1);
        QCOMPARE(schema->editor()->extraSelections().at(0).cursor.block().blockNumber(), 3);
        // The document keeps the last schema that was one.
        QCOMPARE(QString::fromStdString(bench(window)->content().params.responseFormat.at("schema").dump()),
            QStringLiteral("{\"additionalProperties\":false,\"properties\":{\"answer\":{\"type\":"
                           "\"string\"}},\"required\":[\"answer\"],\"type\":\"object\"}"));

        bench(window)->tabs()->setCurrentIndex(0);
        window.saveVersion();
        QCOMPARE(window.findChild<widgets::SaveVersionDialog *>(), nullptr);
        QVERIFY2(window.statusText().startsWith(QStringLiteral("Not saved: JSON schema, line 4")),
            qPrintable(window.statusText()));
        QCOMPARE(bench(window)->tabs()->currentWidget(), panel);

        replaceText(schema->editor(),
            QStringLiteral("{\"type\": \"object\", \"properties\": {\"label\": {\"type\": "
                           "\"string\"}}, \"required\": [\"label\"]}"));
        QCOMPARE(schema->problem(), QString());
        replaceText(panel->toolsEditor()->editor(),
            QStringLiteral("[{\"name\": \"lookup_order\", \"parameters\": {\"type\": \"object\"}},"
                           " {\"name\": \"refund\"}]"));
        QCOMPARE(panel->toolsEditor()->problem(), QString());

        QSignalSpy saved(&window, &app::MainWindow::versionSaved);
        window.saveVersion();
        widgets::SaveVersionDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<widgets::SaveVersionDialog *>()) != nullptr);
        QTest::keyClicks(dialog->messageEdit(), QStringLiteral("structured label"));
        QTest::keyClick(dialog->messageEdit(), Qt::Key_Return);
        QTRY_COMPARE(saved.count(), 1);
        const store::Project project = store::Project::open(m_path.toStdString());
        const model::Params stored = project.version("ticket-triage", 2).content.params;
        QCOMPARE(QString::fromStdString(stored.responseFormat.at("schema").at("required").dump()),
            QStringLiteral("[\"label\"]"));
        QCOMPARE(stored.tools.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(stored.tools.at(1).at("name").get<std::string>()),
            QStringLiteral("refund"));
    }

    // The tab says what the targets in the panes do to the parameters: a target's override,
    // a reasoning model that takes no temperature.
    void targetsInThePanesSayWhatTheyChange()
    {
        app::MainWindow window;
        showAndOpen(window);
        window.responseArea()->setPaneCount(2);
        window.responseArea()->pane(0)->setTargetId(QStringLiteral("careful"));
        window.responseArea()->pane(1)->setTargetId(QStringLiteral("reasoner"));
        widgets::ParametersPanel *panel = parameters(window);
        bench(window)->showParameters();
        typeInto(panel->temperatureBox(), QStringLiteral("0.7"));
        const QString notes = panel->targetNotesText();
        QVERIFY2(notes.contains(QStringLiteral("careful sets temperature to 0.2")), qPrintable(notes));
        QVERIFY2(notes.contains(QStringLiteral("reasoner: temperature 0.7 left out")), qPrintable(notes));
        window.responseArea()->pane(1)->setTargetId(QStringLiteral("mini"));
        QVERIFY2(!panel->targetNotesText().contains(QStringLiteral("reasoner")),
            qPrintable(panel->targetNotesText()));
    }

private:
    void showAndOpen(app::MainWindow &window)
    {
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        window.openProject(m_path);
        QTRY_COMPARE(loaded.count(), 1);
    }

    static widgets::PromptWorkbench *bench(app::MainWindow &window)
    {
        return window.findChild<widgets::PromptWorkbench *>();
    }

    static widgets::ParametersPanel *parameters(app::MainWindow &window)
    {
        return bench(window)->parameters();
    }

    // Selects what the box shows and types `text` over it, then leaves it, as a user does.
    static void typeInto(QAbstractSpinBox *box, const QString &text)
    {
        box->setFocus();
        box->selectAll();
        QTest::keyClicks(box, text);
        QTest::keyClick(box, Qt::Key_Tab);
    }

    static void replaceText(QPlainTextEdit *editor, const QString &text)
    {
        editor->setFocus();
        editor->selectAll();
        QTest::keyClick(editor, Qt::Key_Delete);
        // Typed in one go: each keystroke of a long text would be a check of its own.
        editor->insertPlainText(text);
    }

    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_MAIN(TestParametersTab)
#include "test_parameters_tab.moc"
