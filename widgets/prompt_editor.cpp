#include "prompt_editor.h"

#include <QFontDatabase>
#include <QFontMetrics>
#include <QKeyEvent>
#include <QScrollBar>

#include <cmath>

namespace ps::widgets {

namespace {

QList<QKeySequence> withKeys(QKeySequence::StandardKey standard, const QKeySequence &everywhere)
{
    QList<QKeySequence> keys = QKeySequence::keyBindings(standard);
    if (!keys.contains(everywhere))
        keys << everywhere;
    return keys;
}

// Declines a field's claim on the history keys (ShortcutOverride), so the window's shortcut fires.
class HistoryKeysToWindow final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::ShortcutOverride
            && isHistoryKey(static_cast<QKeyEvent *>(event))) {
            event->ignore();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

bool isHistoryKey(const QKeyEvent *key)
{
    // Asked on every keystroke: the platform's bindings are looked up once.
    static const QList<QKeySequence> history = undoShortcuts() + redoShortcuts();
    return history.contains(QKeySequence(key->keyCombination()));
}

void leaveUndoToTheWindow(QWidget *field)
{
    field->installEventFilter(new HistoryKeysToWindow(field));
    // A spin box edits through a line edit of its own, which sees the keys first.
    for (QWidget *inner : field->findChildren<QWidget *>())
        inner->installEventFilter(new HistoryKeysToWindow(inner));
}

QList<QKeySequence> undoShortcuts()
{
    return withKeys(QKeySequence::Undo, QKeySequence(Qt::CTRL | Qt::Key_Z));
}

QList<QKeySequence> redoShortcuts()
{
    return withKeys(QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
}

PromptEditor::PromptEditor(const PromptEditorConfig &config, QWidget *parent)
    : QsciScintilla(parent)
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    setUtf8(true);
    setReadOnly(config.readOnly);
    setWrapMode(config.wrap ? WrapWord : WrapNone);
    setWrapVisualFlags(WrapFlagNone);
    setMarginsFont(mono);
    if (config.lineNumbers) {
        setMarginType(0, NumberMargin);
        setMarginWidth(0, QStringLiteral("0000"));
        setMarginLineNumbers(0, true);
    } else {
        setMarginWidth(0, 0);
    }
    setMarginWidth(1, 0);
    setBraceMatching(NoBraceMatch);
    setCaretLineVisible(!config.readOnly);
    setFrameShape(QFrame::NoFrame);
    const QPalette pal = palette();
    setPaper(pal.color(QPalette::Base));
    setColor(pal.color(QPalette::Text));
    setMarginsBackgroundColor(pal.color(QPalette::AlternateBase));
    setMarginsForegroundColor(pal.color(QPalette::PlaceholderText));
    setCaretLineBackgroundColor(pal.color(QPalette::AlternateBase));

    m_ownUndo = config.ownUndo;
    if (!m_ownUndo)
        SendScintilla(SCI_SETUNDOCOLLECTION, false);

    m_fitToContent = config.fitToContent;
    if (m_fitToContent) {
        setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        connect(this, &QsciScintilla::textChanged, this, &PromptEditor::fitHeight);
    }
}

bool PromptEditor::event(QEvent *event)
{
    // Scintilla claims the keys of its own commands, Undo and Redo among them; here they belong
    // to the document's history, through the window's actions.
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        // Esc belongs to the window (stop the runs), which Scintilla would keep to clear a
        // selection; Undo and Redo too where a document keeps the history.
        if (key->key() == Qt::Key_Escape || (!m_ownUndo && isHistoryKey(key))) {
            event->ignore();
            return false;
        }
    }
    return QsciScintilla::event(event);
}

void PromptEditor::resizeEvent(QResizeEvent *event)
{
    QsciScintilla::resizeEvent(event);
    if (m_fitToContent)
        fitHeight();
}

void PromptEditor::fitHeight()
{
    const int height = contentHeight();
    if (height != this->height())
        setFixedHeight(height);
}

int PromptEditor::contentHeight() const
{
    // Counted from the monospace metrics rather than Scintilla's lazy wrapping,
    // which is not settled yet while the widget is being laid out.
    const QFontMetrics metrics(font());
    const int charWidth = qMax(1, metrics.horizontalAdvance(QLatin1Char('M')));
    const int textWidth = viewport()->width() - static_cast<int>(SendScintilla(SCI_GETMARGINLEFT))
        - static_cast<int>(SendScintilla(SCI_GETMARGINRIGHT));
    const int columns = qMax(10, textWidth / charWidth - 1);
    int rows = 0;
    for (int line = 0; line < lines(); ++line) {
        const int length = static_cast<int>(text(line).remove(QLatin1Char('\n')).size());
        const int estimated
            = wrapMode() == WrapNone ? 1 : qMax(1, int(std::ceil(double(length) / columns)));
        // Scintilla's own count once it has wrapped (it wraps at word breaks, so may need more).
        const int wrapped = static_cast<int>(SendScintilla(SCI_WRAPCOUNT, line));
        rows += qMax(estimated, wrapped);
    }
    const int lineHeight = static_cast<int>(SendScintilla(SCI_TEXTHEIGHT, 0));
    const int scrollBar = horizontalScrollBar()->isVisible() ? horizontalScrollBar()->height() : 0;
    return qMax(1, rows) * lineHeight + 2 * frameWidth() + scrollBar + lineHeight / 2 + 6;
}

} // namespace ps::widgets
