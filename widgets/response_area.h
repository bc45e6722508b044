#pragma once

// The right-hand side of the window: one to six response panes side by side (scrolling
// sideways past what fits, Run all and + Pane always in view), run together (Ctrl+Enter) or
// alone, stopped together (Esc); it reports what runs and the session's cost.

#include "response_pane.h"

#include <QList>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QScrollArea;
class QSplitter;
class QToolButton;

namespace ps::widgets {

class ConnectBanner;

class ResponseArea final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxPanes = 6;

    explicit ResponseArea(QWidget *parent = nullptr);

    void setTargets(const QList<TargetChoice> &targets);
    const QList<TargetChoice> &targets() const { return m_targets; }

    int paneCount() const { return static_cast<int>(m_panes.size()); }
    ResponsePane *pane(int index) const { return m_panes.value(index); }
    ResponsePane *paneById(int id) const;
    // A new pane on the right (nullptr at MaxPanes), bound to the target chosen last if no pane
    // shows it, else the first no pane uses (a fault-injection model only when nothing else is).
    ResponsePane *addPane();
    // Stops the pane if it runs; the last pane stays.
    void removePane(int paneId);
    void setPaneCount(int count);
    // One target id per pane, left to right; restoring it sets the count and each pane's target
    // (ids no longer known are left to the pane's default). Comparing versions, the targets the
    // panes had before (and will have again after).
    QStringList paneTargets() const;
    void restorePaneTargets(const QStringList &targets);

    // Models: a target per pane. Versions: a version per pane, every pane sent to the one
    // target picked above them (the first pane's target to begin with).
    void setCompareMode(CompareMode mode);
    CompareMode compareMode() const { return m_mode; }
    // The versions the panes may hold, the draft (if any) first, newest version next; panes
    // whose version is gone take one no other pane holds.
    void setVersionChoices(const QList<VersionChoice> &choices);
    QComboBox *sharedTarget() const { return m_sharedTarget; }
    // Above the panes, hidden until the app offers a first real model.
    ConnectBanner *connectBanner() const { return m_connect; }

    // Ctrl+Enter and Esc; the window may add them to its menus and tool bar as they are.
    QAction *runAllAction() const { return m_runAll; }
    QAction *stopAllAction() const { return m_stopAll; }
    QAction *addPaneAction() const { return m_addPane; }

    // Room for two panes side by side, whatever the scroll area inside would ask for.
    QSize sizeHint() const override;

    int runningCount() const;
    // What running `pane` sends: its target and, comparing versions, its version.
    PaneRun runOf(const ResponsePane *pane) const;
    double sessionCost() const { return m_sessionCost; }
    QString statusText() const; // "2 running: gpt-4.1-mini, claude-haiku" or ""

public slots:
    void runAll();
    void stopAll();

signals:
    // One pane's Run, or Run all with every pane that can run: the panes of one request run
    // (and are stored) together.
    void runRequested(const QList<ps::widgets::PaneRun> &panes);
    void stopRequested(int paneId);
    void statusChanged(const QString &text);
    void runningCountChanged(int count);
    void sessionCostChanged(double usd);
    void paneCountChanged(int count);
    void compareModeChanged(ps::widgets::CompareMode mode);
    // A pane was added or removed, or its target changed: paneTargets() is new.
    void paneTargetsChanged();
    void addAsExampleRequested(int paneId);
    void addToDatasetRequested(int paneId);
    void markGoodRequested(int paneId);
    void markBadRequested(int paneId);
    void copyAsCodeRequested(int paneId);
    void replyRequested(int paneId, const QString &text);
    void keepConversationRequested(int paneId);
    void toolResultsRequested(int paneId, const QList<QPair<QString, QString>> &results);
    void clearConversationRequested(int paneId);
    void priceRequested(const QString &model);

private:
    void paneStateChanged(int paneId, ResponsePane::State state);
    void equaliseWidths();
    void updateActions();
    QString unusedTarget() const;
    QString unusedVersion() const;
    void bindToSharedTarget();

    QList<TargetChoice> m_targets;
    QList<VersionChoice> m_versions;
    CompareMode m_mode = CompareMode::Models;
    QStringList m_modelTargets; // comparing versions: each pane's target before, to go back to
    QComboBox *m_sharedTarget = nullptr;
    QLabel *m_sharedLabel = nullptr;
    ConnectBanner *m_connect = nullptr;
    QList<ResponsePane *> m_panes;
    QSplitter *m_splitter = nullptr;
    QScrollArea *m_scroll = nullptr;
    QString m_lastChosen; // the target the user picked last in any pane
    QToolButton *m_addButton = nullptr;
    QLabel *m_title = nullptr;
    QAction *m_runAll = nullptr;
    QAction *m_stopAll = nullptr;
    QAction *m_addPane = nullptr;
    double m_sessionCost = 0;
    int m_nextId = 1;
    int m_lastRunning = 0;
};

} // namespace ps::widgets
