#pragma once

// Shows one answer as it streams: Markdown or raw text, JSON pretty-printed once complete.

#include <QTextBrowser>
#include <QTimer>

namespace ps::widgets {

// One token of an answer with how sure the model was of it.
struct ShadedToken
{
    QString text;
    double probability = 1; // exp(log-probability)
    QString alternatives; // "“May” 3% · “June” 1%", best first; "" when none were sent
};

class AnswerView final : public QTextBrowser
{
    Q_OBJECT
public:
    enum class Format { Markdown, Raw };

    explicit AnswerView(QWidget *parent = nullptr);
    ~AnswerView() override;

    void setFormat(Format format);
    Format format() const { return m_format; }

    void clearAnswer();
    // Appends streamed text cheaply; Markdown is re-rendered at a pace painting can keep.
    void appendStreamed(const QString &text);
    // Replaces the text with the whole answer; it is rendered finally (JSON pretty-printed) as
    // soon as the event loop runs.
    void finishAnswer(const QString &text);

    // The finished answer's tokens with their probabilities; shown shaded, each token by how
    // sure the model was of it (its alternatives on hover), while showConfidence is on.
    void setTokens(const QList<ShadedToken> &tokens);
    void setShowConfidence(bool on);
    bool showsConfidence() const { return m_showConfidence; }
    bool isShaded() const { return m_showConfidence && !m_tokens.isEmpty() && !m_streaming; }

    const QString &answer() const { return m_answer; } // as received, for Copy
    bool isJson() const { return !m_prettyJson.isEmpty(); }

private:
    void render();
    void renderShaded();
    void scheduleRender();
    void appendPlain(const QString &text);
    void appendPending();
    void freezeFinishedLines();
    void queueRender(int delayMs);
    void settleQueuedRender(); // a queued render is done (or will not be needed)

    QString m_answer;
    QString m_prettyJson; // set when the finished answer is a JSON object or array
    QList<ShadedToken> m_tokens;
    bool m_showConfidence = false;
    Format m_format = Format::Markdown;
    QString m_pending; // streamed text not yet in the document
    QTimer m_renderTimer; // Markdown while streaming: re-rendered at most this often
    double m_lastRenderMs = 0;
    bool m_renderQueued = false;
    bool m_streaming = false; // text arrives; the answer has not ended
    // The text width the paragraph was split at (freezeFinishedLines); -1 while it is whole.
    qreal m_frozenWidth = -1;
};

} // namespace ps::widgets
