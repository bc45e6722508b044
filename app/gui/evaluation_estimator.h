#pragma once

#include "eval_results.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

// The Evaluate tab's cost before sending: what the chosen evaluation would send — cells, input
// tokens exact in each target model's public encoding, their price — worked out off the GUI
// thread with core's estimateEval, the same figures `eval --estimate` prints.
namespace ps::app {

class EvaluationEstimator final : public QObject
{
    Q_OBJECT
public:
    explicit EvaluationEstimator(QObject *parent = nullptr);
    ~EvaluationEstimator() override;

    // Estimates `choice` over the project at `path` a moment after the last call (choices made
    // in quick succession are estimated once); estimated() or unavailable() follows.
    void request(const QString &path, const widgets::EvalChoice &choice);

signals:
    // `summary`: one line; `details`: a line per column.
    void estimated(const QString &summary, const QString &details);
    // Nothing to estimate (no version, target or dataset chosen) or why it cannot be.
    void unavailable(const QString &why);

private:
    void startPending();

    QTimer m_settle;
    QFuture<void> m_job;
    std::optional<std::pair<QString, widgets::EvalChoice>> m_pending;
};

} // namespace ps::app
