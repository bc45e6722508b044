#include "prompt_editor.h"

#include <QFontDatabase>

namespace ps::widgets {

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
}

int PromptEditor::contentHeight() const
{
    int lines = 0;
    for (int line = 0; line < this->lines(); ++line)
        lines += static_cast<int>(SendScintilla(SCI_WRAPCOUNT, line));
    const int lineHeight = static_cast<int>(SendScintilla(SCI_TEXTHEIGHT, 0));
    return qMax(1, lines) * lineHeight + 2 * frameWidth() + 8;
}

} // namespace ps::widgets
