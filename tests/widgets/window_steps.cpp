#include "window_steps.h"

#include "conversation_editor.h"
#include "main_window.h"
#include "message_card.h"
#include "prompt_editor.h"
#include "prompt_workbench.h"

#include <QSignalSpy>
#include <QTest>

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

} // namespace ps::test
