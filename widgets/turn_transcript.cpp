#include "turn_transcript.h"

#include <QScrollBar>

namespace ps::widgets {

namespace {

// Markdown-quoted, line by line, so a reply's own Markdown stays inside its quote.
QString quoted(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line.prepend(QStringLiteral("> "));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

TurnTranscript::TurnTranscript(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("turnTranscript"));
    setAccessibleName(tr("Earlier turns"));
    setOpenExternalLinks(true);
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(8);
    hide();
}

void TurnTranscript::addTurn(const QString &answer, const QString &metrics, const QString &reply)
{
    ++m_turns;
    m_markdown += answer.trimmed() + QStringLiteral("\n\n*") + tr("Turn %1").arg(m_turns)
        + QStringLiteral(" · ") + metrics.simplified() + QStringLiteral("*\n\n")
        + quoted(tr("**You:** %1").arg(reply)) + QStringLiteral("\n\n---\n\n");
    setMarkdown(m_markdown);
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    show();
}

void TurnTranscript::clearTurns()
{
    m_turns = 0;
    m_markdown.clear();
    clear();
    hide();
}

} // namespace ps::widgets
