#include "window_steps.h"

#include "conversation_editor.h"
#include "main_window.h"
#include "message_card.h"
#include "prompt_editor.h"
#include "project_tree_model.h"
#include "prompt_workbench.h"

#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

namespace ps::test {

bool openAndWait(app::MainWindow &window, const QString &path)
{
    QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
    window.openProject(path);
    if (!QTest::qWaitFor([&loaded] { return loaded.count() > 0; }, 10000)) {
        qWarning("%s was not loaded: %s", qPrintable(path), qPrintable(window.statusText()));
        return false;
    }
    window.show();
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window)) {
        qWarning("the window did not become active");
        return false;
    }
    return true;
}

void typeAtEnd(widgets::PromptWorkbench *bench, const QString &text)
{
    widgets::PromptEditor *editor = bench->conversation()->cards().last()->editor();
    editor->setFocus();
    const int line = editor->lines() - 1;
    editor->setCursorPosition(line, int(editor->text(line).size()));
    QTest::keyClicks(editor, text);
}

bool selectRunInTree(app::MainWindow &window, const std::string &runId)
{
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
    auto *model = qobject_cast<widgets::ProjectTreeModel *>(tree->model());
    QModelIndex row;
    const bool listed = QTest::qWaitFor(
        [&] {
            row = model->match(model->index(0, 0), widgets::ProjectTreeModel::RunIdRole,
                QString::fromStdString(runId), 1, Qt::MatchRecursive | Qt::MatchExactly)
                      .value(0);
            return row.isValid();
        },
        10000);
    if (listed)
        tree->setCurrentIndex(row);
    return listed;
}

} // namespace ps::test
