#pragma once

#include <Qsci/qsciscintilla.h>

class QKeyEvent;

// A QScintilla editor configured for prompt templates: monospace, wrapped, line numbers.
namespace ps::widgets {

struct PromptEditorConfig
{
    bool readOnly = false;
    bool lineNumbers = true;
    bool wrap = true;
    bool fitToContent = false; // grow to show every line (message cards), never scroll inside
    // Off where a document above the editor keeps the history (message cards): Undo and Redo
    // then reach the window's actions instead of Scintilla's own buffer.
    bool ownUndo = true;
};

// The keys of Undo and Redo: the platform's, and Ctrl+Z / Ctrl+Shift+Z on every platform.
QList<QKeySequence> undoShortcuts();
QList<QKeySequence> redoShortcuts();
// True for a key of Undo or Redo.
bool isHistoryKey(const QKeyEvent *key);
// Lets Undo and Redo typed in `field` (a spin box, a line edit) reach the window's actions, so
// they walk the prompt document's history instead of the field's own.
void leaveUndoToTheWindow(QWidget *field);

class PromptEditor final : public QsciScintilla
{
    Q_OBJECT
public:
    explicit PromptEditor(const PromptEditorConfig &config = {}, QWidget *parent = nullptr);

    // The height that shows every (wrapped) line without scrolling.
    int contentHeight() const;

protected:
    bool event(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitHeight();
    bool m_fitToContent = false;
    bool m_ownUndo = true;
};

} // namespace ps::widgets
