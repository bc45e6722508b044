#pragma once

// One column of a comparison: a target picker, Run and Stop, the streamed answer, its metrics,
// and an error banner with Retry. It shows state and emits intent; the runner makes the calls.

#include "answer_view.h"
#include "error_banner.h"
#include "metrics_bar.h"
#include "tool_calls_box.h"

#include <QElapsedTimer>
#include <QFrame>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <optional>

class QComboBox;
class QLabel;
class QToolButton;
class QVBoxLayout;
class QAction;

namespace ps::widgets {

class AnswerView;
class FollowUpBar;
class TurnTranscript;

// One entry of the target picker, listed under its provider.
struct TargetChoice
{
    QString id;
    QString model;
    QString provider;
    QString price; // "$0.15 / $0.60 per 1M tokens", "free", or "" when no price is known
    QString keyNote; // the provider's key: "key set", "OPENAI_API_KEY not set", "" (none sent)
};

// One entry of a pane's version picker when the panes compare versions.
struct VersionChoice
{
    QString key; // "draft" (the editor's unsaved edits) or a version number
    QString label; // "v3 · production", "Draft (from v3)"
};

// What the panes compare: a target per pane (one prompt), or a version per pane (one target).
enum class CompareMode { Models, Versions };

// One pane asked to run, with the target it shows.
struct PaneRun
{
    int paneId = 0;
    QString targetId;
    QString versionKey; // comparing versions: the VersionChoice key the pane holds; else ""
};

// How a call ended, as the pane shows it.
struct PaneAnswer
{
    QString text; // the whole answer
    QString model; // the model that answered
    AnswerMetrics metrics;
    std::optional<AnswerError> error; // a "cancelled" error shows as Stopped, not as a banner
    QStringList notes; // what the user should know: a variable that rendered empty, ...
    QList<ShadedToken> tokens; // with their probabilities, when the provider sent them
    QString noConfidence; // why it sent none ("Anthropic does not offer ...")
    QList<PaneToolCall> toolCalls; // the tools the model called instead of (or after) answering
};

class ResponsePane final : public QFrame
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Done, Failed, Stopped };
    Q_ENUM(State)

    explicit ResponsePane(int id, QWidget *parent = nullptr);

    int id() const { return m_id; } // stable for the pane's life, unlike its position
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    // Not running and bound to a target (and, comparing versions, to a version): Run sends it.
    bool canRun() const;

    // Keeps the chosen target when it is still offered.
    void setTargets(const QList<TargetChoice> &targets);
    QString targetId() const;
    // Shows `id` when it is one of the targets; "" shows none.
    // "" when the answer shown answers the prompt in the editor; else why it does not
    // ("Stale: the answer to ticket-triage v2"), shown above the answer.
    void setStale(const QString &why);
    QString staleText() const;
    void setTargetId(const QString &id);
    void setRemovable(bool removable);

    // Comparing versions the pane's header picks a version instead of a target (the area binds
    // every pane to one target then).
    void setComparesVersions(bool on);
    bool comparesVersions() const { return m_comparesVersions; }
    // Keeps the chosen version when it is still offered; else none.
    void setVersionChoices(const QList<VersionChoice> &choices);
    QString versionKey() const; // "" when not comparing versions, or none is chosen
    QString versionLabel() const;
    void setVersionKey(const QString &key);

    // Driven by the runner, on the GUI thread.
    void begin(const QString &model);
    void appendText(const QString &text);
    // The text shown so far is withdrawn (its target failed; a fallback answers): the answer
    // starts over, the clock runs on.
    void discardText();
    void finish(const PaneAnswer &answer);
    // A reply continues the conversation: the answer shown, its metrics and `reply` move up into
    // the earlier turns, and the next answer takes its place.
    void pushTurn(const QString &reply);
    // Back to the prompt alone: no earlier turns, no answer.
    void clearConversation();
    int replies() const;
    // The call could not start (template error, unknown target, ...).
    void failBeforeStart(const AnswerError &error);

    std::optional<double> lastCost() const { return m_lastCost; }
    QString answerText() const;

    AnswerView *answerView() const { return m_answer; }
    MetricsBar *metricsBar() const { return m_metrics; }
    ErrorBanner *errorBanner() const { return m_banner; }
    QToolButton *runButton() const { return m_run; }
    QToolButton *stopButton() const { return m_stop; }
    QAction *markdownAction() const { return m_markdown; }
    QAction *copyAsCodeAction() const { return m_copyAsCode; }
    // Show token confidence: the pane's runs ask for log-probabilities, the answer is shaded.
    QAction *confidenceAction() const { return m_confidence; }
    QAction *addToDatasetAction() const { return m_addToDataset; }
    QAction *markGoodAction() const { return m_markGood; }
    QAction *markBadAction() const { return m_markBad; }
    // How the answer shown was judged ("Marked bad: wrong label"); "" hides it. A new answer
    // clears it.
    void setMark(const QString &text);
    QString markText() const;
    bool showsConfidence() const;
    FollowUpBar *followUpBar() const { return m_followUp; }
    TurnTranscript *transcript() const { return m_transcript; }
    ToolCallsBox *toolCallsBox() const { return m_toolCalls; }
    QLabel *noPriceNote() const { return m_noPrice; }

public slots:
    void requestRun();
    void requestStop();
    void copyAnswer();

signals:
    void runRequested(int paneId);
    void stopRequested(int paneId);
    void removeRequested(int paneId);
    void stateChanged(int paneId, ps::widgets::ResponsePane::State state);
    void targetChanged(int paneId, const QString &targetId);
    // The user picked `targetId` in the pane's list (not a change made by code).
    void targetChosen(const QString &targetId);
    void versionChanged(int paneId, const QString &key);
    // The pane's menu: make its answer a few-shot example.
    void addAsExampleRequested(int paneId);
    void addToDatasetRequested(int paneId);
    // The answer shown is good, or bad (the app asks what is wrong with it).
    void markGoodRequested(int paneId);
    void markBadRequested(int paneId);
    // The pane's menu: the request it sent, as code.
    void copyAsCodeRequested(int paneId);
    // Under the answer: continue the conversation with `text`; keep it in the draft; clear it.
    void replyRequested(int paneId, const QString &text);
    void keepConversationRequested(int paneId);
    // The mocked results typed for the answer's tool calls: {call id, result}, in order.
    void toolResultsRequested(int paneId, const QList<QPair<QString, QString>> &results);
    void clearConversationRequested(int paneId);
    // "No price for MODEL — set one": the answer's cost is unknown for want of a price.
    void priceRequested(const QString &model);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void setState(State state);
    void updateControls();
    // The answer's notes, and why it has no token confidence when that was asked for.
    void showNotes(const QStringList &notes);
    void tick();

    int m_id;
    State m_state = State::Idle;
    QString m_model;
    std::optional<double> m_lastCost;
    QComboBox *m_target = nullptr;
    QComboBox *m_version = nullptr;
    bool m_comparesVersions = false;
    QToolButton *m_run = nullptr;
    QToolButton *m_stop = nullptr;
    QToolButton *m_menuButton = nullptr;
    QToolButton *m_copy = nullptr;
    QAction *m_markdown = nullptr;
    QAction *m_remove = nullptr;
    ErrorBanner *m_banner = nullptr;
    AnswerView *m_answer = nullptr;
    MetricsBar *m_metrics = nullptr;
    QLabel *m_notes = nullptr;
    TurnTranscript *m_transcript = nullptr;
    FollowUpBar *m_followUp = nullptr;
    ToolCallsBox *m_toolCalls = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QLabel *m_stale = nullptr;
    QLabel *m_noPrice = nullptr;
    QAction *m_addAsExample = nullptr;
    QAction *m_addToDataset = nullptr;
    QAction *m_markGood = nullptr;
    QAction *m_markBad = nullptr;
    QToolButton *m_markGoodButton = nullptr;
    QToolButton *m_markBadButton = nullptr;
    QLabel *m_mark = nullptr;
    QAction *m_copyAsCode = nullptr;
    QAction *m_confidence = nullptr;
    QString m_noConfidence; // why the answer shown has no token probabilities
    QStringList m_shownNotes;
    QElapsedTimer m_clock;
    QTimer m_ticker; // refreshes the elapsed time while running
    bool m_gotText = false;
};

} // namespace ps::widgets
