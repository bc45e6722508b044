#pragma once

#include "eval_results.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace ps::dispatch {
class Engine;
}

// Runs evaluations for the window off the GUI thread with core's EvalRunner — the same runner,
// stored cells and resume as `eval`, so a run started here resumes in the CLI and the other way
// round — and reads a run's results for the Evaluate tab. One evaluation at a time.
namespace ps::app {

class EvaluationRunner final : public QObject
{
    Q_OBJECT
public:
    // `engine` sends the cells and must outlive this runner.
    explicit EvaluationRunner(dispatch::Engine &engine, QObject *parent = nullptr);
    // Cancels a running evaluation and waits for it (at most a few seconds): what is answered
    // is stored, and the run can be resumed. A batch run is not cancelled but left waiting at
    // the provider: Resume collects it when the project is open again.
    ~EvaluationRunner() override;

    void setProjectPath(const QString &path) { m_path = path; }
    bool isRunning() const { return m_job.isRunning(); }

public slots:
    void start(const ps::widgets::EvalChoice &choice);
    void resume(const QString &runId);
    void cancel();
    // Reads a stored run's results; opened() follows, or failed().
    void open(const QString &runId);
    // Writes run `runId`'s report to `path` in the format its extension names, the same bytes
    // `report -o` writes; never over the project or its side files. exported() or failed().
    void exportReport(const QString &runId, const QString &path);
    // Stores column `column`'s answers to run `runId`'s cases as dataset `name` (its expected
    // outputs; a new revision when the name exists). datasetMade() or failed().
    void makeDataset(const QString &runId, const QString &column, const QString &name);

signals:
    // The run as stored when it starts (its cases, columns and any cells it has), then its
    // new answers in batches, at most ten times a second.
    void started(const ps::widgets::EvalResults &run, int total);
    void cellsArrived(const std::vector<ps::widgets::EvalCellResult> &cells);
    // At most ten times a second, and once at the end; `stage` says what a batch run waits for.
    void progressed(int done, int total, double etaSeconds, double spentUsd, const QString &stage);
    // The run ended (complete, cancelled or incomplete) with its results.
    void finished(const ps::widgets::EvalResults &results);
    void opened(const ps::widgets::EvalResults &results);
    void failed(const QString &error);
    void exported(const QString &path, const QString &format);
    void datasetMade(const QString &name, int revision, int cases, int skipped);

private:
    struct Begin;
    void launch(std::shared_ptr<const Begin> begin);

    dispatch::Engine &m_engine;
    QString m_path;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<std::atomic<bool>> m_detach; // closing: batches run on
    QFuture<void> m_job;
    QFuture<void> m_read;
};

} // namespace ps::app
