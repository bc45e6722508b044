#pragma once

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

signals:
    // The tab has something to show (a run opened, an evaluation started).
    void shown();

private:
    void offer();
    void chooseExportFile(const QString &runId);

    ProjectSession *m_session;
    widgets::EvaluationView *m_view;
};

} // namespace ps::app
