#pragma once

#include "eval_results.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

// The Evaluate tab: choose versions, a dataset and targets, run with progress, time left and
// spend, cancel, resume what an interrupted run is missing, and read its results. It shows
// state and emits intent; the app runs the evaluation.
namespace ps::widgets {

class EvalResultsView;

class EvaluationView final : public QWidget
{
    Q_OBJECT
public:
    explicit EvaluationView(QWidget *parent = nullptr);

    // The prompt's versions, the datasets and the targets; what was chosen stays chosen.
    void setOffer(const EvalOffer &offer);
    EvalChoice choice() const;
    // Checks exactly these (tests, and a run opened from the tree shows what it used).
    void choose(const QStringList &versions, const QString &dataset, const QStringList &targets);

    // The run as it stands when it starts (a resumed one with the cells it has), then its
    // answers as they arrive.
    void showStarted(const EvalResults &run, int total);
    void addCells(const std::vector<EvalCellResult> &cells);
    // `stage`: what a batch run is waiting for ("1 batch at the provider: 340 of 1,000 ...").
    void showProgress(int done, int total, double etaSeconds, double spentUsd,
        const QString &stage = QString());
    void showResults(const EvalResults &results);
    void showError(const QString &error);
    // A line in the status (a report written), leaving the rest as it is.
    void showNote(const QString &note);
    // What the chosen run will send and cost before it is sent (`details`: per column, a tooltip).
    void showEstimate(const QString &summary, const QString &details);
    QString estimateText() const;
    bool isRunning() const { return m_running; }
    QString progressText() const;

    EvalResultsView *resultsView() const { return m_results; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *resumeButton() const { return m_resume; }
    QSpinBox *repeatsBox() const { return m_repeats; }
    QSpinBox *concurrencyBox() const { return m_concurrency; }
    QCheckBox *cacheBox() const { return m_cache; }
    QCheckBox *batchBox() const { return m_batch; }
    QCheckBox *batchRetryBox() const { return m_batchRetry; }
    QLineEdit *gatesEdit() const { return m_gates; }
    QCheckBox *specsBox() const { return m_specs; }

signals:
    void runRequested(const ps::widgets::EvalChoice &choice);
    // The versions, targets, dataset or repeats changed: what the run would cost is new.
    void choiceChanged(const ps::widgets::EvalChoice &choice);
    void cancelRequested();
    void resumeRequested(const QString &runId);

private:
    void setRunning(bool running);
    void updateRunnable();

    QListWidget *m_versions;
    QListWidget *m_targets;
    QComboBox *m_dataset;
    QSpinBox *m_repeats;
    QLabel *m_estimate;
    QSpinBox *m_concurrency;
    QCheckBox *m_cache;
    QCheckBox *m_batch;
    QCheckBox *m_batchRetry;
    QStringList m_batchTargets;
    QLineEdit *m_gates;
    QCheckBox *m_specs;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QPushButton *m_resume;
    QProgressBar *m_progress;
    QLabel *m_status;
    EvalResultsView *m_results;
    QString m_resumable; // the run Resume finishes
    bool m_running = false;
};

} // namespace ps::widgets
