#include "answer_view.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QPointer>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextLayout>
#include <QTextList>

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace ps::widgets {

namespace {

// A streamed paragraph longer than this is split before its last line (freezeFinishedLines).
constexpr int kFreezeChars = 480;
// Live Markdown is re-rendered whole while one render costs less than this; past it, the rest
// streams as text and the answer is rendered when it ends.
constexpr double kLiveMarkdownMs = 2.0;
// Renders that fall due together (panes that stream or end in step) are this far apart, so the
// window gets a turn between two of them rather than waiting for all at once.
constexpr int kRenderSpacingMs = 12;
// Renders queued and not yet done, across all views (GUI thread only).
int queuedRenders = 0;

// Puts the streamed text of the views into their documents a few views per frame, the views that
// waited longest first: the window then paints (and hands to the display server) once per frame
// for those panes, not once per pane at any time, and no frame paints all six at once. Frames
// stretch when a round costs more, so the thread stays mostly idle.
class AppendFrames final : public QObject
{
public:
    static AppendFrames &instance()
    {
        // Owned by the application, so it goes (timer and all) before the application does.
        static QPointer<AppendFrames> frames;
        if (!frames)
            frames = new AppendFrames(QCoreApplication::instance());
        return *frames;
    }

    void request(AnswerView *view, std::function<void()> flush)
    {
        for (const auto &[waiting, pending] : m_waiting) {
            if (waiting == view)
                return;
        }
        m_waiting.push_back({view, std::move(flush)});
        if (!m_timer.isActive())
            m_timer.start(m_interval);
    }

    void cancel(AnswerView *view)
    {
        m_waiting.erase(std::remove_if(m_waiting.begin(), m_waiting.end(),
                            [view](const auto &entry) { return entry.first == view; }),
            m_waiting.end());
    }

private:
    explicit AppendFrames(QObject *parent)
        : QObject(parent)
    {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, &AppendFrames::frame);
    }

    void frame()
    {
        QElapsedTimer clock;
        clock.start();
        const auto count = std::min(m_waiting.size(), kViewsPerFrame);
        std::vector<std::pair<QPointer<AnswerView>, std::function<void()>>> due(
            std::make_move_iterator(m_waiting.begin()),
            std::make_move_iterator(m_waiting.begin() + static_cast<std::ptrdiff_t>(count)));
        m_waiting.erase(m_waiting.begin(), m_waiting.begin() + static_cast<std::ptrdiff_t>(count));
        for (const auto &[view, flush] : due) {
            if (view)
                flush();
        }
        const double cost = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        m_interval = std::clamp(static_cast<int>(cost * 6), kFrameMs, 250);
        if (!m_waiting.empty())
            m_timer.start(m_interval);
    }

    static constexpr int kFrameMs = 16;
    static constexpr std::size_t kViewsPerFrame = 3;
    std::vector<std::pair<QPointer<AnswerView>, std::function<void()>>> m_waiting;
    QTimer m_timer;
    int m_interval = kFrameMs;
};

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
    setObjectName(QStringLiteral("answerView"));
    setOpenExternalLinks(true);
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(8);
    m_renderTimer.setSingleShot(true);
    connect(&m_renderTimer, &QTimer::timeout, this, &AnswerView::render);
    render();
}

void AnswerView::setFormat(Format format)
{
    if (m_format == format)
        return;
    m_format = format;
    render();
}

AnswerView::~AnswerView()
{
    settleQueuedRender();
}

void AnswerView::settleQueuedRender()
{
    if (!m_renderQueued)
        return;
    m_renderQueued = false;
    --queuedRenders;
}

void AnswerView::clearAnswer()
{
    m_lastRenderMs = 0;
    m_renderTimer.stop();
    settleQueuedRender();
    AppendFrames::instance().cancel(this);
    m_pending.clear();
    m_streaming = false;
    m_answer.clear();
    m_prettyJson.clear();
    m_tokens.clear();
    render();
}

void AnswerView::setTokens(const QList<ShadedToken> &tokens)
{
    m_tokens = tokens;
    if (m_showConfidence)
        render();
}

void AnswerView::setShowConfidence(bool on)
{
    if (m_showConfidence == on)
        return;
    m_showConfidence = on;
    render();
}

void AnswerView::appendStreamed(const QString &text)
{
    if (text.isEmpty())
        return;
    m_streaming = true;
    m_answer += text;
    m_pending += text;
    AppendFrames::instance().request(this, [this] { appendPending(); });
}

void AnswerView::appendPending()
{
    if (m_pending.isEmpty())
        return;
    appendPlain(m_pending);
    m_pending.clear();
    if (m_format == Format::Markdown)
        scheduleRender();
}

void AnswerView::finishAnswer(const QString &text)
{
    AppendFrames::instance().cancel(this);
    m_pending.clear();
    m_streaming = false;
    m_answer = text;
    m_prettyJson = prettyJson(text);
    // Rendered from the event loop, after the renders of other panes that just ended.
    if (m_renderQueued && m_renderTimer.isActive())
        m_renderTimer.start(std::clamp(m_renderTimer.remainingTime(), 0, kRenderSpacingMs));
    else
        queueRender(0);
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
    // The split is only right at the width it was made at: when the width changes (a scroll
    // bar appears, the window is resized) the halves would wrap apart, so the answer is laid
    // out whole again and split anew from there.
    const qreal width = document()->textWidth();
    if (m_frozenWidth >= 0 && width != m_frozenWidth) {
        render();
        return;
    }
    const QTextBlock tail = document()->lastBlock();
    if (tail.length() < kFreezeChars || tail.textList())
        return;
    // A document just rendered may be laid out lazily, later: its tail is laid out now.
    document()->documentLayout()->blockBoundingRect(tail);
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
    m_frozenWidth = width;
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
    queueRender(interval);
}

void AnswerView::queueRender(int delayMs)
{
    // Panes stream in step, so their renders would fall due together: each is queued behind
    // those already waiting, and the window gets a turn between two of them.
    if (!m_renderQueued) {
        m_renderQueued = true;
        ++queuedRenders;
    }
    m_renderTimer.start(delayMs + kRenderSpacingMs * (queuedRenders - 1));
}

void AnswerView::render()
{
    settleQueuedRender();
    AppendFrames::instance().cancel(this); // the whole answer is rendered below
    m_pending.clear();
    const FollowTail follow(this);
    QElapsedTimer clock;
    clock.start();
    m_frozenWidth = -1; // the whole answer, one paragraph again
    if (isShaded()) {
        renderShaded();
        m_lastRenderMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        return;
    }
    const bool monospace = m_format == Format::Raw || isJson();
    document()->setDefaultFont(
        monospace ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : font());
    if (isJson())
        setPlainText(m_prettyJson);
    else if (m_format == Format::Raw)
        setPlainText(m_answer);
    else {
        setMarkdown(m_answer);
        if (m_streaming) {
            // Markdown drops the whitespace the answer ends with; the text still to come must
            // not be glued to the last word.
            qsizetype start = m_answer.size();
            while (start > 0 && m_answer.at(start - 1).isSpace())
                --start;
            if (start < m_answer.size()) {
                QTextCursor cursor(document());
                cursor.movePosition(QTextCursor::End);
                cursor.insertText(m_answer.mid(start));
            }
        }
    }
    m_lastRenderMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

void AnswerView::renderShaded()
{
    // The tokens as sent, monospace so their edges show; less sure, more strongly marked.
    document()->clear();
    document()->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    QTextCursor cursor(document());
    for (qsizetype i = 0; i < m_tokens.size(); ++i) {
        const ShadedToken &token = m_tokens[i];
        const double doubt = std::clamp(1.0 - token.probability, 0.0, 1.0);
        QTextCharFormat format;
        format.setBackground(QColor(255, 140, 0, 24 + static_cast<int>(doubt * 200)));
        format.setToolTip(tr("“%1” %2% sure").arg(token.text.trimmed())
                              .arg(token.probability * 100, 0, 'f', 1)
            + (token.alternatives.isEmpty() ? QString()
                                            : tr("\nAlternatives: %1").arg(token.alternatives)));
        // Each token a fragment of its own, even where two are equally sure.
        format.setProperty(QTextFormat::UserProperty, int(i));
        cursor.insertText(token.text, format);
    }
}

} // namespace ps::widgets
