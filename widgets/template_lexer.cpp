#include "template_lexer.h"

#include <Qsci/qsciscintilla.h>

#include <QApplication>
#include <QFontDatabase>
#include <QPalette>

namespace ps::widgets {

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

TemplateLexer::TemplateLexer(QObject *parent)
    : QsciLexerCustom(parent)
{
    const QPalette palette = QApplication::palette();
    const bool dark = isDark(palette);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setDefaultFont(mono);
    setDefaultPaper(palette.color(QPalette::Base));
    setDefaultColor(palette.color(QPalette::Text));
    for (int style = Default; style <= Brace; ++style) {
        setFont(mono, style);
        setPaper(palette.color(QPalette::Base), style);
    }
    setColor(palette.color(QPalette::Text), Default);
    setColor(dark ? QColor(0x7d, 0xb4, 0xff) : QColor(0x1d, 0x5f, 0xd6), Variable);
    setColor(dark ? QColor(0xd0, 0x9c, 0xff) : QColor(0x86, 0x3b, 0xc9), Section);
    setColor(palette.color(QPalette::PlaceholderText), Comment);
    setColor(dark ? QColor(0x8a, 0x93, 0xa6) : QColor(0x8a, 0x93, 0xa6), Brace);
    QFont bold = mono;
    bold.setBold(true);
    setFont(bold, Section);
    QFont italic = mono;
    italic.setItalic(true);
    setFont(italic, Comment);
}

QString TemplateLexer::description(int style) const
{
    switch (style) {
    case Default:
        return tr("Text");
    case Variable:
        return tr("Variable");
    case Section:
        return tr("Section");
    case Comment:
        return tr("Comment");
    case Brace:
        return tr("Tag delimiter");
    default:
        return {};
    }
}

QByteArray TemplateLexer::styles(const QByteArray &utf8)
{
    QByteArray out(utf8.size(), char(Default));
    qsizetype i = 0;
    while (i < utf8.size()) {
        const qsizetype open = utf8.indexOf("{{", i);
        if (open < 0)
            break;
        const bool triple = utf8.mid(open, 3) == "{{{";
        const QByteArray closer = triple ? "}}}" : "}}";
        const qsizetype close = utf8.indexOf(closer, open + closer.size());
        // An unclosed tag is coloured to the end: the error marker says why.
        const qsizetype end = close < 0 ? utf8.size() : close + closer.size();
        const qsizetype inner = open + closer.size();
        qsizetype sigil = inner;
        while (sigil < end && utf8.at(sigil) == ' ')
            ++sigil;
        const char first = sigil < end ? utf8.at(sigil) : '\0';
        char style = Variable;
        if (first == '!')
            style = Comment;
        else if (first == '#' || first == '^' || first == '/')
            style = Section;
        for (qsizetype k = open; k < end; ++k)
            out[k] = style;
        if (style != Comment) {
            for (qsizetype k = open; k < qMin(inner, end); ++k)
                out[k] = Brace;
            if (close >= 0)
                for (qsizetype k = close; k < end; ++k)
                    out[k] = Brace;
        }
        i = end;
    }
    return out;
}

void TemplateLexer::styleText(int start, int end)
{
    Q_UNUSED(start);
    Q_UNUSED(end);
    QsciScintilla *sci = editor();
    if (!sci)
        return;
    // Prompts are short: restyling the whole text keeps multi-line tags right at no real cost.
    const QByteArray utf8 = sci->text().toUtf8();
    const QByteArray styled = styles(utf8);
    startStyling(0);
    qsizetype run = 0;
    while (run < styled.size()) {
        qsizetype next = run;
        while (next < styled.size() && styled.at(next) == styled.at(run))
            ++next;
        setStyling(int(next - run), styled.at(run));
        run = next;
    }
}

} // namespace ps::widgets
