#pragma once

// Owns the calls of the response panes: renders the editor's prompt, builds each pane's call
// from its target, submits it, and feeds what comes back to the pane. Never waits for the
// network: results arrive through a CallBridge.

#include "prompt_source.h"

#include "catalog/model_catalog.h"
#include "dispatch/dispatcher.h"
#include "providers/provider_config.h"
#include "run/call_pricing.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>

namespace ps::store {
class Project;
}

namespace ps::widgets {
class CallBridge;
class ResponseArea;
} // namespace ps::widgets

namespace ps::app {

class PaneRunRecorder;

class ComparisonRunner final : public QObject
{
    Q_OBJECT
public:
    // Connects to the area's run and stop requests. `dispatcher` must outlive this runner.
    ComparisonRunner(
        dispatch::Dispatcher &dispatcher, widgets::ResponseArea *area, QObject *parent = nullptr);
    // Cancels the calls still running; their results are dropped.
    ~ComparisonRunner() override;

    // Opens its own connection to the project and offers its targets to the panes; reads the
    // project's prices once. Small reads, done at once. False (and `error`) when it cannot.
    bool openProject(const QString &path, QString *error = nullptr);
    // Re-reads targets and prices, e.g. after the provider settings changed.
    void reloadTargets();
    void setPromptSource(PromptSource source) { m_source = std::move(source); }
    // Stores every run from now on through `recorder` (which must outlive this runner's calls);
    // null: runs are shown only.
    void setRecorder(PaneRunRecorder *recorder) { m_recorder = recorder; }

    int runningCalls() const { return static_cast<int>(m_live.size()); }
    widgets::CallBridge *bridge() const { return m_bridge; }

public slots:
    void run(int paneId, const QString &targetId);
    void stop(int paneId);
    void stopAll();

signals:
    // After a pane's answer (or error) is shown.
    void callFinished(int paneId);

private:
    struct LiveCall
    {
        quint64 callId = 0;
        dispatch::CallHandle handle;
        dispatch::TargetCall call; // as built, for its price
        std::string model;
        QStringList notes;
        int group = 0; // the recorder's run it belongs to (0: not stored)
    };

    void beginGroup();
    void endGroup();
    void deliverText(quint64 callId, const QString &text);
    void deliverOutcome(quint64 callId, const dispatch::CallOutcome &outcome);

    dispatch::Dispatcher &m_dispatcher;
    widgets::ResponseArea *m_area;
    widgets::CallBridge *m_bridge;
    PromptSource m_source;
    std::unique_ptr<store::Project> m_project;
    std::optional<run::CallPricing> m_pricing; // the open project's prices
    std::map<int, LiveCall> m_live; // by pane id
    std::map<quint64, int> m_paneOfCall;
    quint64 m_nextCallId = 0;
    PaneRunRecorder *m_recorder = nullptr;
    bool m_grouping = false; // between a Run all's first and last runRequested()
    int m_group = 0; // the recorder's group of that Run all
};

} // namespace ps::app
