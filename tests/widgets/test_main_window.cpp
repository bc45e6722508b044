#include "conversation_editor.h"
#include "history_list.h"
#include "main_status_bar.h"
#include "main_window.h"
#include "message_card.h"
#include "preview_panel.h"
#include "project_tree_model.h"
#include "prompt_editor.h"
#include "prompt_workbench.h"
#include "save_version_dialog.h"
#include "variables_panel.h"
#include "window_fixture.h"

#include "store/database.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/project_file.h"
#include "store/provider_catalog.h"
#include "store/run_store.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

using namespace ps;

namespace {

void saveVersion(store::Project &project, const std::string &text, const std::string &message)
{
    store::SaveRequest request;
    request.promptName = "ticket-triage";
    model::Message system;
    system.role = "system";
    system.content = text;
    request.content.messages = {system};
    request.message = message;
    request.author = "Ana";
    project.saveVersion(request);
}

QStringList treeRows(const QAbstractItemModel *model, const QModelIndex &parent)
{
    QStringList rows;
    for (int row = 0; row < model->rowCount(parent); ++row)
        rows << model->index(row, 0, parent).data().toString();
    return rows;
}

class PaintCounter : public QObject
{
public:
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        test::keepSettingsIn(m_dir->filePath(QStringLiteral("settings")));
    }

    void cleanup() { m_dir.reset(); }

    void showsPromptsVersionsAndLabels()
    {
        const QString path = projectWithVersions(3);
        {
            store::Project project = store::Project::open(path.toStdString());
            project.setLabel("ticket-triage", "production", 3);
            project.setLabel("ticket-triage", "staging", 2);
        }
        app::MainWindow window;
        openAndWait(window, path);

        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        QVERIFY(tree);
        const QAbstractItemModel *model = tree->model();
        const QModelIndex prompt = model->index(0, 0, model->index(0, 0));
        QCOMPARE(prompt.data().toString(), QStringLiteral("ticket-triage"));
        // Newest first, with its label.
        QCOMPARE(treeRows(model, prompt),
            (QStringList {QStringLiteral("v3"), QStringLiteral("v2"), QStringLiteral("v1")}));
        QCOMPARE(
            model->index(0, 0, prompt).data(widgets::ProjectTreeModel::LabelsRole).toStringList(),
            QStringList {QStringLiteral("production")});
        QVERIFY(window.windowTitle().contains(QStringLiteral("p.promptsmith")));

        // The newest version is in the editor at once, and in the history list.
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QCOMPARE(editorText(window), QStringLiteral("Label tickets, take 3"));
        QCOMPARE(bench->history()->topLevelItemCount(), 3);
        QCOMPARE(bench->history()->topLevelItem(0)->text(0), QStringLiteral("take 3"));
        QCOMPARE(bench->history()
                     ->topLevelItem(0)
                     ->data(0, widgets::HistoryList::LabelsRole)
                     .toStringList(),
            QStringList {QStringLiteral("production")});

        // Picking an older version in the tree opens it.
        tree->setCurrentIndex(model->index(2, 0, prompt));
        QTRY_COMPARE(editorText(window), QStringLiteral("Label tickets, take 1"));
    }

    void listsDatasetsAndRuns()
    {
        const QString path = projectWithVersions(1);
        {
            const store::Project project = store::Project::open(path.toStdString());
            eval::DatasetCase ticket;
            ticket.vars = {{"ticket", "charged twice"}};
            store::DatasetStore(project).importCases("tickets", "tickets.jsonl", {ticket, ticket});
        }
        app::MainWindow window;
        openAndWait(window, path);
        const QAbstractItemModel *model
            = window.findChild<QTreeView *>(QStringLiteral("projectTree"))->model();
        QCOMPARE(treeRows(model, {}),
            (QStringList {
                QStringLiteral("Prompts"), QStringLiteral("Datasets"), QStringLiteral("Runs")}));
        const QModelIndex datasets = model->index(1, 0);
        QCOMPARE(treeRows(model, datasets), QStringList {QStringLiteral("tickets")});
        QCOMPARE(model->index(0, 0, datasets).data(widgets::ProjectTreeModel::DetailRole),
            QVariant(QStringLiteral("2 cases")));
        // No run yet: the section says so rather than standing empty.
        const QModelIndex runs = model->index(2, 0);
        QCOMPARE(model->rowCount(runs), 1);
        QVERIFY(!(model->flags(model->index(0, 0, runs)) & Qt::ItemIsEnabled));
    }

    // An evaluation's row says how it did: the share of judged cells that passed.
    void evaluationRowsSayHowTheyDid()
    {
        const QString path = projectWithVersions(1);
        {
            const store::Project project = store::Project::open(path.toStdString());
            store::RunStore runs(project);
            const auto run = runs.startRun("eval", project.resolve("ticket-triage@1"), {"echo"}, 3);
            for (int i = 0; i < 3; ++i) {
                store::ResponseRecord cell;
                cell.targetId = "echo";
                cell.model = "echo";
                cell.caseIndex = i;
                cell.repeatIndex = 0;
                cell.pass = i != 1;
                runs.addResponse(run.id, cell);
            }
            runs.finishRun(run.id, model::RunStatus::Complete);
        }
        app::MainWindow window;
        openAndWait(window, path);
        const QAbstractItemModel *model
            = window.findChild<QTreeView *>(QStringLiteral("projectTree"))->model();
        const QModelIndex row = model->index(0, 0, model->index(2, 0));
        QVERIFY(row.data().toString().startsWith(QStringLiteral("eval ticket-triage@1")));
        QCOMPARE(row.data(widgets::ProjectTreeModel::DetailRole).toString(),
            QStringLiteral("echo · complete · 3/3 · 67% passed"));
        QVERIFY(row.data(Qt::ToolTipRole).toString().contains(QStringLiteral("2 of 3 cells passed")));
    }

    // The window is on screen before the editor is filled: a project read before the first
    // paint waits for it, so start-up shows a window at once and the project right after.
    void paintsBeforeFillingTheEditor()
    {
        const QString path = projectWithVersions(2);
        app::MainWindow window;
        PaintCounter paints;
        window.installEventFilter(&paints);
        int paintsWhenLoaded = -1;
        connect(&window, &app::MainWindow::projectLoaded, this,
            [&] { paintsWhenLoaded = paints.count; });
        window.show();
        window.openProject(path);
        // The project is read (off the GUI thread) before the event loop could paint.
        QThreadPool::globalInstance()->waitForDone();
        QCOMPARE(paints.count, 0);
        QTRY_VERIFY(paintsWhenLoaded >= 0);
        QVERIFY(paintsWhenLoaded > 0);
        QCOMPARE(editorText(window), QStringLiteral("Label tickets, take 2"));
    }

    void refusesANonProjectWithoutBlocking()
    {
        const QString path = m_dir->filePath(QStringLiteral("notes.promptsmith"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just some notes\n");
        file.close();

        app::MainWindow window;
        QSignalSpy failed(&window, &app::MainWindow::projectFailed);
        window.openProject(path);
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains(path));
        QVERIFY(window.statusText().contains(path));
        QCOMPARE(QFile(path).size(), qint64(16));
    }

    void typedVariableIsListedAndRenderedInThePreview()
    {
        const QString path = projectWithVersions(1);
        app::MainWindow window;
        window.show();
        openAndWait(window, path);
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QVERIFY(!bench->variables()->variableNames().contains(QStringLiteral("ticket")));

        typeAtEnd(window, QStringLiteral("\nTicket: {{ticket}}"));
        QTRY_VERIFY(bench->variables()->variableNames().contains(QStringLiteral("ticket")));

        QPlainTextEdit *value = bench->variables()->valueEditor(QStringLiteral("ticket"));
        QVERIFY(value);
        QTest::keyClicks(value, QStringLiteral("I was charged twice"));
        QTRY_VERIFY(
            bench->preview()->plainText().contains(QStringLiteral("Ticket: I was charged twice")));
        QVERIFY(!bench->preview()->plainText().contains(QStringLiteral("{{")));
        QVERIFY2(bench->preview()->estimateText().contains(QStringLiteral("tokens")), qPrintable(bench->preview()->estimateText()));

        // What the comparison runner sends is the same prompt and value.
        const app::PromptSnapshot sent = window.promptSource()();
        QCOMPARE(sent.promptName, std::string("ticket-triage"));
        QCOMPARE(sent.baseVersion, 1);
        QVERIFY(sent.content.messages.at(0).content.find("{{ticket}}") != std::string::npos);
        QCOMPARE(sent.variables.value("ticket", ""), std::string("I was charged twice"));
    }

    void variableValuesAreRememberedPerPrompt()
    {
        const QString path = projectWithVersions(1);
        {
            app::MainWindow window;
            window.show();
            openAndWait(window, path);
            typeAtEnd(window, QStringLiteral(" {{tone}}"));
            auto *bench = window.findChild<widgets::PromptWorkbench *>();
            QTRY_VERIFY(bench->variables()->valueEditor(QStringLiteral("tone")) != nullptr);
            QTest::keyClicks(bench->variables()->valueEditor(QStringLiteral("tone")),
                QStringLiteral("friendly"));
        }
        app::MainWindow reopened;
        openAndWait(reopened, path);
        auto *bench = reopened.findChild<widgets::PromptWorkbench *>();
        // The draft brings {{tone}} back, and with it the value typed last time.
        QTRY_VERIFY(bench->variables()->valueEditor(QStringLiteral("tone")) != nullptr);
        QCOMPARE(bench->variables()->valueEditor(QStringLiteral("tone"))->toPlainText(),
            QStringLiteral("friendly"));
        QTRY_VERIFY(bench->preview()->plainText().contains(QStringLiteral("friendly")));
    }

    void unclosedSectionIsMarkedInPlace()
    {
        const QString path = projectWithVersions(1);
        app::MainWindow window;
        window.show();
        openAndWait(window, path);
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        typeAtEnd(window, QStringLiteral("\n{{#examples}} no end"));
        widgets::MessageCard *card = bench->conversation()->cards().at(0);
        QTRY_VERIFY(!card->errorText().isEmpty());
        QVERIFY(card->errorText().contains(QStringLiteral("examples")));
        QCOMPARE(card->editor()->annotation(1).isEmpty(), false);
        QVERIFY(bench->preview()->estimateText().contains(QStringLiteral("Cannot render")));

        typeAtEnd(window, QStringLiteral("{{/examples}}"));
        QTRY_VERIFY(card->errorText().isEmpty());
        QVERIFY(card->editor()->annotation(1).isEmpty());
    }

    void ctrlSSavesAVersionIntoTreeAndHistory()
    {
        const QString path = projectWithVersions(1);
        // The author follows the CLI's rule (no name set in Settings here).
        qputenv("PROMPTSMITH_AUTHOR", "Ben");
        app::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        openAndWait(window, path);
        typeAtEnd(window, QStringLiteral(" Answer with one word."));

        QSignalSpy saved(&window, &app::MainWindow::versionSaved);
        QTest::keyClick(
            window.findChild<widgets::PromptWorkbench *>()->conversation()->cards().at(0)->editor(),
            Qt::Key_S, Qt::ControlModifier);
        widgets::SaveVersionDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<widgets::SaveVersionDialog *>()) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->messageEdit(), QStringLiteral("one-word labels"));
        QTest::keyClick(dialog->messageEdit(), Qt::Key_Return);
        QTRY_COMPARE(saved.count(), 1);
        QCOMPARE(saved.at(0).at(0).toInt(), 2);

        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        const QModelIndex prompt = tree->model()->index(0, 0, tree->model()->index(0, 0));
        QCOMPARE(treeRows(tree->model(), prompt),
            (QStringList {QStringLiteral("v2"), QStringLiteral("v1")}));
        auto *history = window.findChild<widgets::PromptWorkbench *>()->history();
        QCOMPARE(history->topLevelItemCount(), 2);
        QCOMPARE(history->versionAt(0), 2);
        QCOMPARE(history->topLevelItem(0)->text(0), QStringLiteral("one-word labels"));

        // It is in the file, with the typed text and no draft left behind.
        const store::Project project = store::Project::open(path.toStdString());
        const model::VersionRecord v2 = project.version("ticket-triage", 2);
        QCOMPARE(v2.message, std::string("one-word labels"));
        QCOMPARE(v2.author, std::string("Ben"));
        qunsetenv("PROMPTSMITH_AUTHOR");
        QCOMPARE(v2.content.messages.at(0).content,
            std::string("Label tickets, take 1 Answer with one word."));
        QVERIFY(!project.draft("ticket-triage").has_value());
    }

    // Every change to the conversation is one step of Edit > Undo / Redo, by keyboard, and
    // undoing back to the saved version is no longer a draft.
    void everyEditIsUndoneAndRedoneByKeyboard()
    {
        const QString path = projectWithVersions(1);
        {
            app::MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            openAndWait(window, path);
            auto *bench = window.findChild<widgets::PromptWorkbench *>();
            auto *state = bench->findChild<QLabel *>(QStringLiteral("promptState"));
            const QString saved = state->text();
            QVERIFY(saved.startsWith(QStringLiteral("v1")));
            const auto texts = [bench] {
                QStringList list;
                for (const widgets::MessageCard *card : bench->conversation()->cards())
                    list << card->findChild<QComboBox *>()->currentData().toString()
                            + QStringLiteral(": ") + card->editor()->text();
                return list;
            };
            const QStringList atV1 = texts();
            QCOMPARE(atV1, QStringList {QStringLiteral("system: Label tickets, take 1")});

            // Edit: typing is one step, and the autosaved draft is dropped once undone.
            QSignalSpy drafted(&window, &app::MainWindow::draftSaved);
            typeAtEnd(window, QStringLiteral(" now"));
            QVERIFY(state->text().contains(QStringLiteral("draft")));
            QTRY_VERIFY(drafted.count() >= 1);
            undo();
            QCOMPARE(texts(), atV1);
            QCOMPARE(state->text(), saved);
            redo();
            QCOMPARE(texts(), QStringList {QStringLiteral("system: Label tickets, take 1 now")});
            QVERIFY(state->text().contains(QStringLiteral("draft")));
            undo();
            QCOMPARE(state->text(), saved);

            // A second message to move, re-role and remove (Prompt > Add Message, Ctrl+M).
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_M, Qt::ControlModifier);
            QTRY_COMPARE(bench->conversation()->cards().size(), 2);
            QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("Second"));
            const QStringList two {atV1.at(0), QStringLiteral("user: Second")};
            QCOMPARE(texts(), two);

            // Move.
            QTest::mouseClick(cardButton(bench, 1, QStringLiteral("Move up")), Qt::LeftButton);
            const QStringList moved {two.at(1), two.at(0)};
            QCOMPARE(texts(), moved);
            undo();
            QCOMPARE(texts(), two);
            redo();
            QCOMPARE(texts(), moved);
            undo();

            // Re-role.
            bench->conversation()->cards().at(0)->findChild<QComboBox *>()->setCurrentIndex(2);
            const QStringList reroled {
                QStringLiteral("assistant: Label tickets, take 1"), two.at(1)};
            QCOMPARE(texts(), reroled);
            undo();
            QCOMPARE(texts(), two);
            redo();
            QCOMPARE(texts(), reroled);
            undo();

            // Remove: no question asked, since it can be undone.
            QTest::mouseClick(
                cardButton(bench, 0, QStringLiteral("Remove this message")), Qt::LeftButton);
            QCOMPARE(QApplication::activeModalWidget(), nullptr);
            QCOMPARE(texts(), QStringList {two.at(1)});
            undo();
            QCOMPARE(texts(), two);
            redo();
            QCOMPARE(texts(), QStringList {two.at(1)});
            undo();
            QCOMPARE(texts(), two);

            // Back past the typing and the added message: the saved version again.
            undo();
            undo();
            QCOMPARE(texts(), atV1);
            QCOMPARE(state->text(), saved);
            QVERIFY(!window.currentPrompt().isDraft);
        }
        // Nothing to restore next time: the window closed at the saved version.
        const store::Project project = store::Project::open(path.toStdString());
        QVERIFY(!project.draft("ticket-triage").has_value());
    }

    // Opening another project right after typing writes the draft first: nothing typed is lost.
    void openingAnotherProjectKeepsTheLastKeystrokes()
    {
        const QString path = projectWithVersions(1);
        const QString other = m_dir->filePath(QStringLiteral("other.promptsmith"));
        store::Project::create(other.toStdString());
        {
            app::MainWindow window;
            window.show();
            openAndWait(window, path);
            typeAtEnd(window, QStringLiteral(" Be brief."));
            openAndWait(window, other);
            // The other project has no prompt: nothing is left to undo in a hidden editor.
            QVERIFY(
                !window.findChild<widgets::PromptWorkbench *>()->document()->history()->canUndo());
        }
        const store::Project project = store::Project::open(path.toStdString());
        const std::optional<store::Draft> draft = project.draft("ticket-triage");
        QVERIFY(draft.has_value());
        QVERIFY(draft->text.find("take 1 Be brief.") != std::string::npos);
    }

    void draftSurvivesACrash()
    {
        const QString path = projectWithVersions(1);
        {
            auto window = std::make_unique<app::MainWindow>();
            window->show();
            openAndWait(*window, path);
            QSignalSpy drafted(window.get(), &app::MainWindow::draftSaved);
            typeAtEnd(*window, QStringLiteral(" Be brief."));
            QTRY_VERIFY(drafted.count() >= 1);
            // Gone without saving a version, as after a crash.
        }
        {
            const store::Project project = store::Project::open(path.toStdString());
            QCOMPARE(project.listVersions("ticket-triage").size(), std::size_t(1));
        }
        app::MainWindow reopened;
        openAndWait(reopened, path);
        QCOMPARE(editorText(reopened), QStringLiteral("Label tickets, take 1 Be brief."));
        QVERIFY(reopened.statusText().contains(QStringLiteral("Restored")));
        // The draft is still based on v1: picking v1 shows the saved text.
        QVERIFY(reopened.currentPrompt().baseVersion == 1);
    }

    // A teammate's project from an older build opens and reads as it is; only the first write
    // (here the draft autosave) upgrades it, and the window says so, naming the kept file.
    void olderProjectIsUpgradedOnTheFirstWriteOnly()
    {
        const QString path = m_dir->filePath(QStringLiteral("older.promptsmith"));
        {
            model::VersionContent content;
            model::Message system;
            system.role = "system";
            system.content = "Label tickets";
            content.messages = {system};
            auto db = store::createProjectFile(path.toStdString(), 1);
            db->exec("INSERT INTO prompts (id, name, description, tags, created) VALUES "
                     "(1, 'ticket-triage', '', '[]', '2026-01-02T03:04:05Z')");
            store::Statement insert(*db,
                "INSERT INTO versions (prompt_id, number, hash, parent_id, author, created, "
                "message, content) VALUES (1, 1, ?, NULL, 'ada', '2026-01-02T03:04:05Z', 'v1', ?)");
            insert.bind(1, content.contentHash()).bind(2, content.toJson().dump());
            insert.run();
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        const QString backup = path + QStringLiteral(".schema1.bak");

        app::MainWindow window;
        window.show();
        openAndWait(window, path);
        QCOMPARE(editorText(window), QStringLiteral("Label tickets"));
        QThreadPool::globalInstance()->waitForDone();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
        file.close();
        QVERIFY(!QFile::exists(backup));

        QSignalSpy drafted(&window, &app::MainWindow::draftSaved);
        typeAtEnd(window, QStringLiteral(" now"));
        QTRY_VERIFY(drafted.count() >= 1);
        QVERIFY2(window.statusText().contains(QStringLiteral("older Promptsmith (schema 1)")),
            qPrintable(window.statusText()));
        QVERIFY(window.statusText().contains(backup));
        QVERIFY(QFile::exists(backup));
        const store::Project upgraded = store::Project::open(path.toStdString());
        QCOMPARE(upgraded.info().schemaVersion, store::Project::currentSchemaVersion());
        QCOMPARE(upgraded.draft("ticket-triage").has_value(), true);
    }

    void hintShowsWhileOnlyEchoExists()
    {
        const QString path = projectWithVersions(1);
        {
            app::MainWindow window;
            openAndWait(window, path);
            QVERIFY(window.hintText().contains(QStringLiteral("Only the echo provider")));
        }
        {
            const store::Project project = store::Project::open(path.toStdString());
            providers::ProviderConfig openai;
            openai.id = "openai";
            openai.kind = providers::ProviderKind::OpenAi;
            store::ProviderCatalog(project).addProvider(openai);
        }
        app::MainWindow window;
        openAndWait(window, path);
        QVERIFY(window.hintText().isEmpty());
        window.findChild<app::MainStatusBar *>()->setSessionCost(0.0123);
        QStringList shown;
        for (const QLabel *label : window.statusBar()->findChildren<QLabel *>())
            shown << label->text();
        QVERIFY2(shown.contains(QStringLiteral("Session: $0.0123")), qPrintable(shown.join(QLatin1Char('|'))));
    }

private:
    QString projectWithVersions(int count)
    {
        const QString path = m_dir->filePath(QStringLiteral("p.promptsmith"));
        store::Project project = store::Project::create(path.toStdString());
        for (int i = 1; i <= count; ++i)
            saveVersion(
                project, "Label tickets, take " + std::to_string(i), "take " + std::to_string(i));
        return path;
    }

    // Ctrl+Z and Ctrl+Shift+Z, pressed where the focus is, as a user does.
    static void undo()
    {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
    }

    static void redo()
    {
        QTest::keyClick(
            QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    }

    static QToolButton *cardButton(widgets::PromptWorkbench *bench, int card, const QString &tip)
    {
        for (QToolButton *button :
            bench->conversation()->cards().at(card)->findChildren<QToolButton *>())
            if (button->toolTip() == tip)
                return button;
        return nullptr;
    }

    static void openAndWait(app::MainWindow &window, const QString &path)
    {
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        window.openProject(path);
        QTRY_COMPARE(loaded.count(), 1);
    }

    static QString editorText(app::MainWindow &window)
    {
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        const QList<widgets::MessageCard *> cards = bench->conversation()->cards();
        return cards.isEmpty() ? QString() : cards.at(0)->editor()->text();
    }

    // Types into the first message at its end, as a user does.
    static void typeAtEnd(app::MainWindow &window, const QString &text)
    {
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        widgets::PromptEditor *editor = bench->conversation()->cards().at(0)->editor();
        editor->setFocus();
        const int line = editor->lines() - 1;
        editor->setCursorPosition(line, int(editor->text(line).size()));
        for (const QChar ch : text) {
            if (ch == QLatin1Char('\n'))
                QTest::keyClick(editor, Qt::Key_Return);
            else
                QTest::keyClicks(editor, QString(ch));
        }
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
