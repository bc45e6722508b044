// New, rename, duplicate and delete a prompt from the window (Prompt menu, the tree's context
// menu, the empty project's button), as a user does it, with the project file checked after.

#include "conversation_editor.h"
#include "main_window.h"
#include "message_card.h"
#include "project_tree_model.h"
#include "prompt_editor.h"
#include "prompt_name_dialog.h"
#include "prompt_workbench.h"
#include "variables_panel.h"
#include "save_version_dialog.h"
#include "window_fixture.h"

#include "demo/demo_project.h"
#include "store/project.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace ps;

namespace {

// The names of the prompts the tree lists, in its order.
QStringList treePrompts(QTreeView *tree)
{
    const QAbstractItemModel *model = tree->model();
    const QModelIndex prompts = model->index(0, 0);
    QStringList names;
    for (int row = 0; row < model->rowCount(prompts); ++row)
        names << model->index(row, 0, prompts)
                     .data(widgets::ProjectTreeModel::PromptNameRole)
                     .toString();
    return names;
}

QStringList storedPrompts(const QString &path)
{
    QStringList names;
    const store::Project project = store::Project::open(path.toStdString());
    for (const model::PromptRecord &prompt : project.listPrompts())
        names << QString::fromStdString(prompt.name);
    return names;
}

QAction *menuAction(QWidget *menu, const QString &text)
{
    for (QAction *action : menu->actions())
        if (action->text() == text)
            return action;
    return nullptr;
}

} // namespace

class TestPromptActions : public QObject
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

    // An empty project says what to do in the window's own terms and offers the button; the new
    // prompt opens as a conversation to fill in, and Ctrl+S makes its v1.
    void emptyProjectStartsAPromptFromItsButton()
    {
        const QString path = m_dir->filePath(QStringLiteral("empty.promptsmith"));
        store::Project::create(path.toStdString());
        app::MainWindow window;
        showAndOpen(window, path);

        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        const QString hint = bench->emptyStateText();
        QVERIFY2(hint.contains(QStringLiteral("No prompts")), qPrintable(hint));
        QVERIFY2(!hint.contains(QStringLiteral("promptsmith-cli")), qPrintable(hint));
        auto *button = bench->findChild<QPushButton *>(QStringLiteral("emptyStateButton"));
        QVERIFY(button && button->isVisible());
        QCOMPARE(button->text(), QStringLiteral("New Prompt…"));

        QTest::mouseClick(button, Qt::LeftButton);
        widgets::PromptNameDialog *dialog = visibleNameDialog(window);
        QVERIFY(dialog);
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("refund-reply"));
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        QTest::keyClick(dialog->nameEdit(), Qt::Key_Return);
        QTRY_COMPARE(loaded.count(), 1);

        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        QCOMPARE(treePrompts(tree), QStringList {QStringLiteral("refund-reply")});
        QCOMPARE(bench->promptName(), QStringLiteral("refund-reply"));
        QCOMPARE(bench->emptyStateText(), QString());
        // A conversation to fill in: a system and a user message with a variable.
        QCOMPARE(bench->conversation()->cards().size(), 2);
        QCOMPARE(bench->conversation()->cards().at(1)->editor()->text(), QStringLiteral("{{input}}"));
        QVERIFY2(promptState(window).contains(QStringLiteral("makes v1")),
            qPrintable(promptState(window)));

        QSignalSpy saved(&window, &app::MainWindow::versionSaved);
        window.saveVersion();
        widgets::SaveVersionDialog *save = nullptr;
        QTRY_VERIFY((save = window.findChild<widgets::SaveVersionDialog *>()) != nullptr);
        QTest::keyClicks(save->messageEdit(), QStringLiteral("first try"));
        QTest::keyClick(save->messageEdit(), Qt::Key_Return);
        QTRY_COMPARE(saved.count(), 1);
        QCOMPARE(saved.at(0).at(0).toInt(), 1);
        const store::Project project = store::Project::open(path.toStdString());
        QCOMPARE(project.version("refund-reply", 1).content.messages.size(), std::size_t(2));
    }

    // The name dialog says at once why a name cannot be used, and will not accept it.
    void takenAndInvalidNamesAreRefusedInTheDialog()
    {
        app::MainWindow window;
        openAndWait(window, demoProject());
        newPromptAction(window)->trigger();
        widgets::PromptNameDialog *dialog = visibleNameDialog(window);
        QVERIFY(dialog);
        auto *create = dialog->findChild<QPushButton *>();
        QLineEdit *edit = dialog->nameEdit();
        auto *problem = dialog->findChild<QLabel *>(QStringLiteral("promptNameProblem"));
        QVERIFY(problem);

        QTest::keyClicks(edit, QStringLiteral("ticket-triage"));
        QVERIFY2(problem->text().contains(QStringLiteral("already")), qPrintable(problem->text()));
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("a@b"));
        QVERIFY2(problem->text().contains(QStringLiteral("'@'")), qPrintable(problem->text()));
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(dialog->isVisible()); // Return does not accept a name that cannot be used
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("fine-name"));
        QCOMPARE(problem->text(), QString());
        QVERIFY(create != nullptr);
        dialog->reject();
        QCOMPARE(storedPrompts(QString::fromStdString(window.snapshot().path)).size(), 3);
    }

    // F2 renames the prompt being edited; its versions, labels and the draft typed a moment
    // before follow it.
    void renameKeepsVersionsLabelsAndTheDraft()
    {
        const QString path = demoProject();
        app::MainWindow window;
        showAndOpen(window, path);
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QCOMPARE(bench->promptName(), QStringLiteral("ticket-triage"));
        widgets::PromptEditor *editor = bench->conversation()->cards().at(0)->editor();
        editor->setFocus();
        editor->setCursorPosition(0, 0);
        QTest::keyClicks(editor, QStringLiteral("DRAFT "));

        QTest::keyClick(editor, Qt::Key_F2);
        widgets::PromptNameDialog *dialog = visibleNameDialog(window);
        QVERIFY(dialog);
        QCOMPARE(dialog->name(), QStringLiteral("ticket-triage"));
        dialog->nameEdit()->clear();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("support-triage"));
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        QTest::keyClick(dialog->nameEdit(), Qt::Key_Return);
        QTRY_COMPARE(loaded.count(), 1);

        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        QVERIFY(treePrompts(tree).contains(QStringLiteral("support-triage")));
        QVERIFY(!treePrompts(tree).contains(QStringLiteral("ticket-triage")));
        QCOMPARE(bench->promptName(), QStringLiteral("support-triage"));
        QVERIFY2(bench->conversation()->cards().at(0)->editor()->text().startsWith(
                     QStringLiteral("DRAFT ")),
            "the draft typed before the rename is lost");

        const store::Project project = store::Project::open(path.toStdString());
        QCOMPARE(project.resolve("support-triage@production").number, 3);
        QCOMPARE(project.listVersions("support-triage").size(), std::size_t(3));
        QVERIFY(!project.findPrompt("ticket-triage"));
    }

    // The tree's context menu duplicates the prompt of the row it is opened on.
    void duplicateFromTheTreesContextMenu()
    {
        const QString path = demoProject();
        app::MainWindow window;
        showAndOpen(window, path);
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        auto *model = qobject_cast<widgets::ProjectTreeModel *>(tree->model());
        const QModelIndex row = model->indexOf(QStringLiteral("product-description"), std::nullopt);
        QVERIFY(row.isValid());
        emit tree->customContextMenuRequested(tree->visualRect(row).center());
        QMenu *menu = nullptr;
        QTRY_VERIFY((menu = tree->findChild<QMenu *>()) != nullptr && menu->isVisible());
        QAction *duplicate = menuAction(menu, QStringLiteral("&Duplicate Prompt…"));
        QVERIFY(duplicate && duplicate->isEnabled());
        menu->hide();
        duplicate->trigger();

        widgets::PromptNameDialog *dialog = visibleNameDialog(window);
        QVERIFY(dialog);
        QCOMPARE(dialog->name(), QStringLiteral("product-description-copy"));
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        dialog->accept();
        QTRY_COMPARE(loaded.count(), 1);

        QVERIFY(treePrompts(tree).contains(QStringLiteral("product-description-copy")));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QCOMPARE(bench->promptName(), QStringLiteral("product-description-copy"));
        const store::Project project = store::Project::open(path.toStdString());
        const auto original = project.listVersions("product-description");
        const auto copy = project.listVersions("product-description-copy");
        QCOMPARE(copy.size(), std::size_t(1));
        QCOMPARE(copy.front().hash, original.back().hash);
    }

    // Deleting asks first and names the labels that point into the prompt; Cancel keeps it,
    // confirming takes it out of the list but keeps its versions in the file.
    void deleteAsksAndNamesTheLabels()
    {
        const QString path = demoProject();
        app::MainWindow window;
        showAndOpen(window, path);
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QCOMPARE(bench->promptName(), QStringLiteral("ticket-triage"));
        const QString versionsBefore = QString::number(
            store::Project::open(path.toStdString()).info().versions);

        QMessageBox *box = askToDelete(window);
        QVERIFY(box);
        QVERIFY2(box->informativeText().contains(QStringLiteral("production (v3)")),
            qPrintable(box->informativeText()));
        QVERIFY2(box->informativeText().contains(QStringLiteral("staging (v2)")),
            qPrintable(box->informativeText()));
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(window.findChild<QMessageBox *>() == nullptr);
        QVERIFY(storedPrompts(path).contains(QStringLiteral("ticket-triage")));

        box = askToDelete(window);
        QVERIFY(box);
        auto *confirm = box->findChild<QPushButton *>(QStringLiteral("confirmDeletePrompt"));
        QVERIFY(confirm);
        QCOMPARE(confirm->text(), QStringLiteral("Delete Prompt and Labels"));
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        confirm->click();
        QTRY_COMPARE(loaded.count(), 1);

        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        QVERIFY(!treePrompts(tree).contains(QStringLiteral("ticket-triage")));
        QVERIFY(!storedPrompts(path).contains(QStringLiteral("ticket-triage")));
        QVERIFY(!bench->promptName().isEmpty());
        QVERIFY(bench->promptName() != QStringLiteral("ticket-triage"));
        QCOMPARE(QString::number(store::Project::open(path.toStdString()).info().versions),
            versionsBefore); // versions are never deleted
    }

    // A variable's default is what will be sent: it reads as a value, marked as the default,
    // never as grey placeholder text; typed over, it is an ordinary value again.
    void aDefaultValueReadsAsTheValue()
    {
        app::MainWindow window;
        showAndOpen(window, demoProject());
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QPlainTextEdit *ticket = nullptr;
        QTRY_VERIFY((ticket = bench->variables()->valueEditor(QStringLiteral("ticket"))) != nullptr);
        QVERIFY(ticket->toPlainText().isEmpty());
        QVERIFY(ticket->placeholderText().startsWith(QStringLiteral("Hi, I upgraded")));
        QCOMPARE(ticket->palette().color(QPalette::PlaceholderText),
            ticket->palette().color(QPalette::Text));
        QVERIFY(ticket->toolTip().contains(QStringLiteral("default")));
        QTest::keyClicks(ticket, QStringLiteral("my own ticket"));
        QVERIFY(ticket->palette().color(QPalette::PlaceholderText)
            != ticket->palette().color(QPalette::Text));
        QVERIFY(ticket->toolTip().isEmpty());
    }

private:
    QString demoProject()
    {
        const QString path = m_dir->filePath(QStringLiteral("demo.promptsmith"));
        store::Project project = store::Project::create(path.toStdString());
        demo::populateDemoProject(project);
        return path;
    }

    // On screen, as a user has it (focus and key presses need a shown window).
    static void showAndOpen(app::MainWindow &window, const QString &path)
    {
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        openAndWait(window, path);
    }

    static void openAndWait(app::MainWindow &window, const QString &path)
    {
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        window.openProject(path);
        QTRY_COMPARE(loaded.count(), 1);
    }

    static QAction *promptMenuAction(app::MainWindow &window, const QString &text)
    {
        for (QMenu *menu : window.findChildren<QMenu *>())
            if (menu->title() == QStringLiteral("&Prompt"))
                return menuAction(menu, text);
        return nullptr;
    }

    static QAction *newPromptAction(app::MainWindow &window)
    {
        return promptMenuAction(window, QStringLiteral("&New Prompt…"));
    }

    static widgets::PromptNameDialog *visibleNameDialog(app::MainWindow &window)
    {
        widgets::PromptNameDialog *dialog = nullptr;
        const bool shown = QTest::qWaitFor([&] {
            dialog = window.findChild<widgets::PromptNameDialog *>();
            return dialog && dialog->isVisible();
        });
        return shown ? dialog : nullptr;
    }

    static QMessageBox *askToDelete(app::MainWindow &window)
    {
        QAction *remove = promptMenuAction(window, QStringLiteral("De&lete Prompt…"));
        if (!remove || !remove->isEnabled())
            return nullptr;
        remove->trigger();
        QMessageBox *box = nullptr;
        const bool shown = QTest::qWaitFor([&] {
            box = window.findChild<QMessageBox *>(QStringLiteral("deletePromptBox"));
            return box && box->isVisible();
        });
        return shown ? box : nullptr;
    }

    static QString promptState(app::MainWindow &window)
    {
        auto *state = window.findChild<QLabel *>(QStringLiteral("promptState"));
        return state ? state->text() : QString();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_MAIN(TestPromptActions)
#include "test_prompt_actions.moc"
