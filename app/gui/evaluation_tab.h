#pragma once

#include "eval_results.h"

#include <QObject>
#include <QString>

namespace ps::widgets {
class EvaluationView;
}

// The Evaluate tab's wiring: offers the open prompt's versions, the datasets and the targets,
// hands the view's requests to the project's EvaluationRunner and its results back, and opens
// an evaluation run chosen in the project tree.
namespace ps::app {

class ProjectSession;

class EvaluationTab final : public QObject
{
    Q_OBJECT
public:
    // `session` and `view` must outlive the tab.
    EvaluationTab(ProjectSession *session, widgets::EvaluationView *view, QObject *parent = nullptr);

    // Shows run `runId` when it is an evaluation of the open project; false otherwise.
    bool openRun(const QString &runId);
    // Writes the shown run's report to `path` (its format by the extension).
    void exportTo(const QString &path);
    // Makes dataset `name` from `column`'s answers in the shown run.
    void makeDataset(const QString &column, const QString &name);

signals:
    // The tab has something to show (a run opened, an evaluation started).
    void shown();

private:
    void offer();
    // Before an evaluation starts: destinations this machine has not approved are asked about
    // (nothing is sent until then), and keys kept in the keychain are read; then it starts.
    void startWhenReady(const widgets::EvalChoice &choice);
    void chooseExportFile(const QString &runId);
    void chooseDataset(const QString &runId);

    ProjectSession *m_session;
    widgets::EvaluationView *m_view;
};

} // namespace ps::app
