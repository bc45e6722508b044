#include "answer_view.h"

#include <QElapsedTimer>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QScrollBar>
#include <QTextCursor>

#include <algorithm>

namespace ps::widgets {

namespace {

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
    // Laying out the last paragraph costs time in proportion to its length: space the
    // appends so that six panes streaming long paragraphs still leave the thread mostly idle.
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
}

void AnswerView::scheduleRender()
{
    // Once one render of this answer costs more than half a frame, live Markdown would make the
    // window stutter: the rest streams as plain text and the whole is rendered when it ends.
    if (m_renderTimer.isActive() || m_lastRenderMs > 8)
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
