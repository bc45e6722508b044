#include "answer_view.h"

#include <QElapsedTimer>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextLayout>
#include <QTextList>

#include <algorithm>

namespace ps::widgets {

namespace {

// A streamed paragraph longer than this is split before its last line (freezeFinishedLines).
constexpr int kFreezeChars = 480;
// Live Markdown is re-rendered whole while one render costs less than this; past it, the rest
// streams as text and the answer is rendered when it ends.
constexpr double kLiveMarkdownMs = 2.0;

// Keeps the view at the end while it was there, so a long answer can be read as it grows
// without being pulled down when the reader scrolled up.
class FollowTail
{
public:
    explicit FollowTail(QTextBrowser *view)
        : m_bar(view->verticalScrollBar())
        , m_atEnd(m_bar->value() >= m_bar->maximum() - 4)
        , m_value(m_bar->value())
    { }
    ~FollowTail() { m_bar->setValue(m_atEnd ? m_bar->maximum() : m_value); }
    FollowTail(const FollowTail &) = delete;
    FollowTail &operator=(const FollowTail &) = delete;

private:
    QScrollBar *m_bar;
    bool m_atEnd;
    int m_value;
};

QString prettyJson(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()
        || (trimmed.front() != QLatin1Char('{') && trimmed.front() != QLatin1Char('[')))
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || document.isNull())
        return {};
    QString pretty = QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    while (pretty.endsWith(QLatin1Char('\n')))
        pretty.chop(1);
    return pretty;
}

} // namespace

AnswerView::AnswerView(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenExternalLinks(true);
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(8);
    m_renderTimer.setSingleShot(true);
    connect(&m_renderTimer, &QTimer::timeout, this, &AnswerView::render);
    m_appendTimer.setSingleShot(true);
    connect(&m_appendTimer, &QTimer::timeout, this, &AnswerView::appendPending);
    render();
}

void AnswerView::setFormat(Format format)
{
    if (m_format == format)
        return;
    m_format = format;
    render();
}

void AnswerView::clearAnswer()
{
    m_lastRenderMs = 0;
    m_renderTimer.stop();
    m_appendTimer.stop();
    m_pending.clear();
    m_answer.clear();
    m_prettyJson.clear();
    render();
}

void AnswerView::appendStreamed(const QString &text)
{
    if (text.isEmpty())
        return;
    m_answer += text;
    m_pending += text;
    if (!m_appendTimer.isActive())
        m_appendTimer.start(m_appendInterval);
}

void AnswerView::appendPending()
{
    if (m_pending.isEmpty())
        return;
    QElapsedTimer clock;
    clock.start();
    appendPlain(m_pending);
    m_pending.clear();
    // Appends cost little once long paragraphs are split (freezeFinishedLines); should one
    // still be slow (a very wide pane, a huge line), later ones are spaced out accordingly.
    const double cost = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    m_appendInterval = std::clamp(static_cast<int>(cost * 8), 16, 250);
    if (m_format == Format::Markdown)
        scheduleRender();
}

void AnswerView::finishAnswer(const QString &text)
{
    m_renderTimer.stop();
    m_appendTimer.stop();
    m_pending.clear();
    m_answer = text;
    m_prettyJson = prettyJson(text);
    // Rendered from the event loop: panes that end together then render in separate events,
    // so the window never waits for all of them at once.
    m_renderTimer.start(0);
}

void AnswerView::appendPlain(const QString &text)
{
    const FollowTail follow(this);
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    freezeFinishedLines();
}

void AnswerView::freezeFinishedLines()
{
    // Laying out a paragraph costs time in proportion to its length, and a streamed paragraph
    // is laid out again on every append. So a long one is split before its last line: line
    // breaking is greedy, so the lines above are final and lay out the same as a block of their
    // own, and only the short tail is laid out from then on. The answer is rendered whole (one
    // paragraph again) when it ends.
    const QTextBlock tail = document()->lastBlock();
    if (tail.length() < kFreezeChars || tail.textList())
        return;
    const QTextLayout *layout = tail.layout();
    if (!layout || layout->lineCount() < 2)
        return;
    const int lastLine = layout->lineAt(layout->lineCount() - 1).textStart();
    if (lastLine <= 0)
        return;
    QTextBlockFormat above = tail.blockFormat();
    QTextBlockFormat below = above;
    above.setBottomMargin(0); // no gap opens between the two halves
    below.setTopMargin(0);
    below.setTextIndent(0); // a first-line indent belongs to the paragraph's first line only
    QTextCursor cursor(tail);
    cursor.setBlockFormat(above);
    cursor.setPosition(tail.position() + lastLine);
    cursor.insertBlock(below, cursor.charFormat());
}

void AnswerView::scheduleRender()
{
    // Once one render of this answer costs more than kLiveMarkdownMs, six panes re-rendering
    // would make the window stutter: the rest streams as text and is rendered when it ends.
    if (m_renderTimer.isActive() || m_lastRenderMs > kLiveMarkdownMs)
        return;
    // A re-render costs time in proportion to the answer; space them so that rendering never
    // takes more than a few percent of the GUI thread, however long the answer grows.
    const int interval = std::clamp(static_cast<int>(m_lastRenderMs * 25), 120, 1500);
    m_renderTimer.start(interval);
}

void AnswerView::render()
{
    m_appendTimer.stop(); // the whole answer is rendered below
    m_pending.clear();
    const FollowTail follow(this);
    QElapsedTimer clock;
    clock.start();
    const bool monospace = m_format == Format::Raw || isJson();
    document()->setDefaultFont(
        monospace ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : font());
    if (isJson())
        setPlainText(m_prettyJson);
    else if (m_format == Format::Raw)
        setPlainText(m_answer);
    else
        setMarkdown(m_answer);
    m_lastRenderMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

} // namespace ps::widgets
