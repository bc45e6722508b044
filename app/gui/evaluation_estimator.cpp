#include "evaluation_estimator.h"

#include "eval_plan.h"

#include "run/eval_estimate.h"
#include "store/project.h"
#include "util/number_text.h"

#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

namespace ps::app {

namespace {

QString summaryOf(const run::EvalEstimate &estimate)
{
    const QLocale locale;
    const QString cells = estimate.cells == 1 ? EvaluationEstimator::tr("1 cell")
                                              : EvaluationEstimator::tr("%1 cells").arg(locale.toString(estimate.cells));
    QString tokens = EvaluationEstimator::tr("%1 input tokens").arg(locale.toString(estimate.inputTokens));
    if (!estimate.exact)
        tokens = EvaluationEstimator::tr("≈ %1 (some estimated)").arg(tokens);
    QString input = estimate.inputUsd ? QString::fromStdString(util::dollars(*estimate.inputUsd))
                                      : EvaluationEstimator::tr("cost unknown");
    if (estimate.batchPrice && estimate.inputUsd)
        input = EvaluationEstimator::tr("%1 at the batch price").arg(input);
    QString text = EvaluationEstimator::tr("Before sending: %1 · %2 · input %3").arg(cells, tokens, input);
    text += estimate.outputUsdAtMost
        ? EvaluationEstimator::tr(" · answers at most %1").arg(QString::fromStdString(util::dollars(*estimate.outputUsdAtMost)))
        : EvaluationEstimator::tr(" · plus the answers");
    return text;
}

} // namespace

EvaluationEstimator::EvaluationEstimator(QObject *parent)
    : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(250);
    connect(&m_settle, &QTimer::timeout, this, &EvaluationEstimator::startPending);
}

EvaluationEstimator::~EvaluationEstimator()
{
    m_job.waitForFinished();
}

void EvaluationEstimator::request(const QString &path, const widgets::EvalChoice &choice)
{
    if (path.isEmpty() || choice.versions.isEmpty() || choice.targets.isEmpty() || choice.dataset.isEmpty()) {
        m_pending.reset();
        m_settle.stop();
        emit unavailable(tr("Check a version and a target and pick a dataset to see what the run will cost."));
        return;
    }
    m_pending = std::make_pair(path, choice);
    m_settle.start();
}

void EvaluationEstimator::startPending()
{
    if (!m_pending)
        return;
    if (m_job.isRunning()) { // one at a time: this one starts when that one is done
        m_settle.start();
        return;
    }
    const auto [path, choice] = *std::exchange(m_pending, std::nullopt);
    m_job = QtConcurrent::run([this, path = path.toStdString(), choice] {
        QString summary;
        QString details;
        QString why;
        try {
            const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
            const EvalPlan plan = planOf(project, choice);
            const run::EvalEstimate estimate = run::estimateEval(project, plan.versions, plan.spec);
            summary = summaryOf(estimate);
            details = QString::fromStdString(estimate.toText()).trimmed();
        } catch (const std::exception &error) {
            why = tr("Cannot estimate this run: %1").arg(QString::fromStdString(error.what()));
        }
        // The destructor waits for this job, and a queued call to a deleted object is dropped.
        QMetaObject::invokeMethod(
            this, [this, summary, details, why] {
                if (why.isEmpty())
                    emit estimated(summary, details);
                else
                    emit unavailable(why);
            },
            Qt::QueuedConnection);
    });
}

} // namespace ps::app
