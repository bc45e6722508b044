// The Examples tab as a user has it: examples added, edited, dragged, disabled and deleted
// change the Preview in both modes, are saved in the version exactly (as the CLI shows it),
// come back after reopening, and Ctrl+Z brings a deleted one back; imports of 200 from CSV and
// JSONL work, and a malformed file changes nothing and says where.

#include "cli_test_helpers.h"
#include "conversation_editor.h"
#include "examples_files.h"
#include "examples_model.h"
#include "examples_panel.h"
#include "main_window.h"
#include "message_card.h"
#include "preview_panel.h"
#include "prompt_editor.h"
#include "prompt_workbench.h"
#include "save_version_dialog.h"
#include "window_fixture.h"

#include "store/project.h"

#include <QFile>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace ps;

class TestExamplesTab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        test::keepSettingsIn(m_dir->filePath(QStringLiteral("settings")));
        m_path = m_dir->filePath(QStringLiteral("examples.promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        store::SaveRequest request;
        request.promptName = "triage";
        model::Message system;
        system.role = "system";
        system.content = "Label tickets.\n{{#examples}}T: {{input.ticket}} => {{output}}\n{{/examples}}";
        model::Message user;
        user.role = "user";
        user.content = "{{ticket}}";
        request.content.messages = {system, user};
        request.message = "first";
        project.saveVersion(request);
    }

    void cleanup() { m_dir.reset(); }

    void editedExamplesReachThePreviewTheVersionAndTheNextStart()
    {
        {
            app::MainWindow window;
            showAndOpen(window);
            widgets::ExamplesPanel *panel = examplesTab(window);
            widgets::ExamplesModel *model = panel->model();
            QCOMPARE(model->inputColumns(), QStringList {QStringLiteral("ticket")});

            // Three examples through + Add, the first edited in the real cell editor.
            auto *add = findButton(panel, QStringLiteral("+ &Add"));
            QVERIFY(add);
            add->click();
            QPlainTextEdit *editor = nullptr; // the cell editor + Add opens on the new row
            QTRY_VERIFY((editor = qobject_cast<QPlainTextEdit *>(QApplication::focusWidget())) != nullptr);
            QTest::keyClicks(editor, QStringLiteral("charged twice"));
            QTest::keyClick(editor, Qt::Key_Return); // a line break, not the end of the edit
            QTest::keyClicks(editor, QStringLiteral("in May"));
            QTest::keyClick(editor, Qt::Key_Tab);
            QCOMPARE(document(window).examples.size(), std::size_t(1));
            QCOMPARE(document(window).examples[0].input.value("ticket", std::string()),
                std::string("charged twice\nin May"));
            model->setData(model->index(0, model->outputColumn()), QStringLiteral("billing"), Qt::EditRole);
            add->click();
            model->setData(model->index(1, 1), QStringLiteral("app crashes"), Qt::EditRole);
            model->setData(model->index(1, model->outputColumn()), QStringLiteral("bug"), Qt::EditRole);
            add->click();
            model->setData(model->index(2, 1), QStringLiteral("add dark mode"), Qt::EditRole);
            model->setData(model->index(2, model->outputColumn()), QStringLiteral("other"), Qt::EditRole);
            model->setData(model->index(2, model->tagsColumn()), QStringLiteral("feature, ui"), Qt::EditRole);
            QTRY_VERIFY(preview(window).contains(QStringLiteral("T: add dark mode => other")));
            QCOMPARE(panel->summaryText().left(9), QStringLiteral("3 of 3 on"));

            // Dragged: the third example dropped before the first.
            QSortFilterProxyModel *view = qobject_cast<QSortFilterProxyModel *>(panel->table()->model());
            QVERIFY(view);
            std::unique_ptr<QMimeData> dragged(view->mimeData({view->index(2, 1)}));
            view->dropMimeData(dragged.get(), Qt::MoveAction, 0, 0, QModelIndex());
            QCOMPARE(document(window).examples[0].output, std::string("other"));
            QTRY_VERIFY(preview(window).indexOf(QStringLiteral("add dark mode"))
                < preview(window).indexOf(QStringLiteral("charged twice")));

            // Disabled: kept, not sent.
            model->setData(model->index(1, widgets::ExamplesModel::EnabledColumn), Qt::Unchecked,
                Qt::CheckStateRole);
            QTRY_VERIFY(!preview(window).contains(QStringLiteral("charged twice")));
            QCOMPARE(document(window).examples.size(), std::size_t(3));

            // Turns mode: the enabled examples become user/assistant messages.
            model->setMode(model::ExamplesMode::Turns);
            QTRY_VERIFY(preview(window).contains(QStringLiteral("Assistant\nbug")));
            QVERIFY(!preview(window).contains(QStringLiteral("charged twice")));
            model->setMode(model::ExamplesMode::Section);

            // Deleted with the Delete key; Ctrl+Z brings it back, Ctrl+Shift+Z deletes it again.
            panel->selectRows({2});
            panel->table()->setFocus();
            QTest::keyClick(panel->table(), Qt::Key_Delete);
            QCOMPARE(document(window).examples.size(), std::size_t(2));
            QTest::keyClick(panel->table(), Qt::Key_Z, Qt::ControlModifier);
            QCOMPARE(document(window).examples.size(), std::size_t(3));
            QCOMPARE(document(window).examples[2].output, std::string("bug"));
            QTest::keyClick(panel->table(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
            QCOMPARE(document(window).examples.size(), std::size_t(2));

            saveAs(window, QStringLiteral("three examples, one left out, one gone"));
        }

        // The CLI shows exactly those examples in the saved version.
        const test::CliResult shown = test::cli({"--project", m_path, "--json", "version", "show", "triage@2"});
        QVERIFY2(shown.exitCode == 0, test::describe(shown));
        const nlohmann::json examples = test::jsonOut(shown)["content"]["examples"];
        const nlohmann::json expected = nlohmann::json::parse(R"([
            {"input": {"ticket": "add dark mode"}, "output": "other", "note": "", "enabled": true,
             "tags": ["feature", "ui"]},
            {"input": {"ticket": "charged twice\nin May"}, "output": "billing", "note": "",
             "enabled": false, "tags": []}])");
        QCOMPARE(test::dumped(examples), test::dumped(expected));

        // Reopened, the table has them.
        app::MainWindow again;
        showAndOpen(again);
        QCOMPARE(examplesTab(again)->model()->rowCount(), 2);
        QCOMPARE(examplesTab(again)->model()->index(1, 1).data(Qt::EditRole).toString(),
            QStringLiteral("charged twice\nin May"));
    }

    void importsOfTwoHundredAndABadFile()
    {
        QString csv = QStringLiteral("ticket,expected,tags\n");
        QString jsonl;
        for (int i = 0; i < 200; ++i) {
            csv += QStringLiteral("\"ticket %1, \"\"quoted\"\"\",billing,money\n").arg(i);
            jsonl += QStringLiteral("{\"vars\": {\"ticket\": \"j%1\"}, \"expected\": \"bug\"}\n").arg(i);
        }
        const QString csvPath = write(QStringLiteral("two-hundred.csv"), csv.toUtf8());
        const QString jsonlPath = write(QStringLiteral("two-hundred.jsonl"), jsonl.toUtf8());
        const QString badPath = write(QStringLiteral("bad.jsonl"),
            "{\"vars\": {\"ticket\": \"fine\"}, \"expected\": \"bug\"}\n{\"vars\": \"not an object\"}\n");

        app::MainWindow window;
        showAndOpen(window);
        auto *files = window.findChild<app::ExamplesFiles *>();
        QVERIFY(files);
        QSignalSpy imported(files, &app::ExamplesFiles::imported);
        files->importFile(csvPath);
        QTRY_COMPARE(imported.count(), 1);
        QCOMPARE(document(window).examples.size(), std::size_t(200));
        QCOMPARE(document(window).examples[7].input.value("ticket", std::string()),
            std::string("ticket 7, \"quoted\""));
        QCOMPARE(document(window).examples[7].tags, std::vector<std::string> {"money"});
        files->importFile(jsonlPath);
        QTRY_COMPARE(imported.count(), 2);
        QCOMPARE(document(window).examples.size(), std::size_t(400));
        QCOMPARE(examplesTab(window)->model()->rowCount(), 400);

        QSignalSpy said(files, &app::ExamplesFiles::statusMessage);
        files->importFile(badPath);
        QTRY_VERIFY(!said.isEmpty() && said.last().at(0).toString().startsWith(QStringLiteral("Nothing imported")));
        const QString message = said.last().at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("bad.jsonl:2")), qPrintable(message));
        QCOMPARE(document(window).examples.size(), std::size_t(400)); // the table is unchanged
        QCOMPARE(window.statusText(), message);

        // One import is one undo step.
        QTest::keyClick(examplesTab(window)->table(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(document(window).examples.size(), std::size_t(200));

        // Exported, the same file reads back as the same examples.
        const QString out = m_dir->filePath(QStringLiteral("out.csv"));
        QSignalSpy exported(files, &app::ExamplesFiles::exported);
        files->exportFile(out, QStringLiteral("csv"));
        QTRY_COMPARE(exported.count(), 1);
        files->importFile(out);
        QTRY_COMPARE(imported.count(), 3);
        const auto &all = document(window).examples;
        QCOMPARE(all.size(), std::size_t(400));
        QVERIFY(std::equal(all.begin(), all.begin() + 200, all.begin() + 200));
    }

private:
    void showAndOpen(app::MainWindow &window)
    {
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        window.openProject(m_path);
        QTRY_COMPARE(loaded.count(), 1);
        bench(window)->tabs()->setCurrentWidget(examplesTab(window));
    }

    void saveAs(app::MainWindow &window, const QString &message)
    {
        QSignalSpy saved(&window, &app::MainWindow::versionSaved);
        window.saveVersion();
        widgets::SaveVersionDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<widgets::SaveVersionDialog *>()) != nullptr);
        QTest::keyClicks(dialog->messageEdit(), message);
        QTest::keyClick(dialog->messageEdit(), Qt::Key_Return);
        QTRY_COMPARE(saved.count(), 1);
    }

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(bytes);
        return path;
    }

    static widgets::PromptWorkbench *bench(app::MainWindow &window)
    {
        return window.findChild<widgets::PromptWorkbench *>();
    }
    static widgets::ExamplesPanel *examplesTab(app::MainWindow &window)
    {
        return bench(window)->examples();
    }
    static const model::VersionContent &document(app::MainWindow &window)
    {
        return bench(window)->content();
    }
    static QString preview(app::MainWindow &window)
    {
        return bench(window)->preview()->plainText();
    }
    static QPushButton *findButton(QWidget *parent, const QString &text)
    {
        for (QPushButton *button : parent->findChildren<QPushButton *>())
            if (button->text() == text)
                return button;
        return nullptr;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_MAIN(TestExamplesTab)
#include "test_examples_tab.moc"
