#include "evaluation_tab.h"

#include "evaluation_estimator.h"
#include "evaluation_runner.h"
#include "eval_results_view.h"
#include "evaluation_view.h"
#include "project_session.h"

#include "batch/batch_api.h"
#include "dispatch/trust_check.h"
#include "run/target_calls.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>

namespace ps::app {

EvaluationTab::EvaluationTab(
    ProjectSession *session, widgets::EvaluationView *view, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_view(view)
{
    EvaluationRunner *runner = session->evaluations();
    connect(view, &widgets::EvaluationView::runRequested, this, &EvaluationTab::startWhenReady);
    connect(view, &widgets::EvaluationView::cancelRequested, runner, &EvaluationRunner::cancel);
    connect(view, &widgets::EvaluationView::resumeRequested, runner, &EvaluationRunner::resume);
    connect(runner, &EvaluationRunner::started, view, &widgets::EvaluationView::showStarted);
    connect(runner, &EvaluationRunner::cellsArrived, view, &widgets::EvaluationView::addCells);
    connect(runner, &EvaluationRunner::progressed, view, &widgets::EvaluationView::showProgress);
    connect(runner, &EvaluationRunner::finished, view, &widgets::EvaluationView::showResults);
    connect(runner, &EvaluationRunner::opened, view, &widgets::EvaluationView::showResults);
    connect(runner, &EvaluationRunner::failed, view, &widgets::EvaluationView::showError);
    connect(view->resultsView(), &widgets::EvalResultsView::exportRequested, this,
        &EvaluationTab::chooseExportFile);
    connect(runner, &EvaluationRunner::exported, view,
        [view](const QString &path, const QString &format) {
            view->showNote(tr("Wrote the %1 report to %2").arg(format, path));
        });
    connect(view->resultsView(), &widgets::EvalResultsView::markRequested, session->badcaseFromAnswer(),
        &BadcaseFromAnswer::markCell);
    connect(view->resultsView(), &widgets::EvalResultsView::datasetRequested, this,
        &EvaluationTab::chooseDataset);
    connect(runner, &EvaluationRunner::datasetMade, view,
        [view](const QString &name, int revision, int cases, int skipped) {
            QString note = tr("Made dataset %1 revision %2: %3 cases, each expecting the answer")
                               .arg(name)
                               .arg(revision)
                               .arg(cases);
            if (skipped > 0)
                note += tr(" (%1 cases left out: that column did not answer them)").arg(skipped);
            view->showNote(note);
        });
    // What the chosen run costs, before it is sent.
    auto *estimator = new EvaluationEstimator(this);
    connect(view, &widgets::EvaluationView::choiceChanged, this, [this, estimator](const widgets::EvalChoice &choice) {
        // While a run goes on, each stored cell refreshes the offer; the estimate waits.
        if (!m_session->evaluations()->isRunning())
            estimator->request(QString::fromStdString(m_session->workspace().project.path), choice);
    });
    connect(estimator, &EvaluationEstimator::estimated, view, &widgets::EvaluationView::showEstimate);
    // Choices made while a run went on were not estimated: the run's end estimates what is chosen.
    connect(runner, &EvaluationRunner::finished, this, [this, estimator] {
        estimator->request(QString::fromStdString(m_session->workspace().project.path), m_view->choice());
    });
    connect(estimator, &EvaluationEstimator::unavailable, view,
        [view](const QString &why) { view->showEstimate(why, QString()); });
    connect(session, &ProjectSession::adopted, this, &EvaluationTab::offer);
    connect(session, &ProjectSession::refreshed, this, &EvaluationTab::offer);
    connect(session->editor(), &EditorSession::opened, this, &EvaluationTab::offer);
}

bool EvaluationTab::openRun(const QString &runId)
{
    for (const model::RunRecord &run : m_session->workspace().project.runs) {
        if (QString::fromStdString(run.id) != runId)
            continue;
        if (run.kind != "eval")
            return false;
        m_session->evaluations()->open(runId);
        emit shown();
        return true;
    }
    return false;
}

void EvaluationTab::startWhenReady(const widgets::EvalChoice &choice)
{
    const WorkspaceSnapshot &workspace = m_session->workspace();
    if (!workspace.catalog) {
        m_view->showError(QString::fromStdString(workspace.catalogError));
        return;
    }
    std::vector<dispatch::TargetCall> calls;
    std::vector<dispatch::UntrustedProviderError> asking;
    for (const QString &target : choice.targets) {
        try {
            calls.push_back(run::buildTargetCall(*workspace.catalog, target.toStdString(), {}, {}, true));
        } catch (const std::exception &error) {
            m_view->showError(QString::fromStdString(error.what()));
            return;
        }
        QString refusal;
        const auto unapproved = m_session->trustPrompt()->toAsk(calls.back(), &refusal);
        if (!refusal.isEmpty()) {
            m_view->showError(refusal); // refused this session: nothing is sent
            return;
        }
        asking.insert(asking.end(), unapproved.begin(), unapproved.end());
    }
    if (!asking.empty()) {
        m_session->trustPrompt()->ask(std::move(asking), [this, choice] { startWhenReady(choice); });
        return;
    }
    dispatch::Engine &engine = m_session->engine();
    const auto approved = [&engine](const providers::ProviderConfig &resolved) {
        return !dispatch::trustRefusal(resolved, engine.trust());
    };
    if (m_session->keychain()->readFirst(
            calls, engine.env(), approved, [this, choice] { startWhenReady(choice); }))
        return; // started again once the keys are read
    m_session->evaluations()->start(choice);
}

void EvaluationTab::exportTo(const QString &path)
{
    m_session->evaluations()->exportReport(m_view->resultsView()->results().runId, path);
}

void EvaluationTab::chooseExportFile(const QString &runId)
{
    const QString path = QFileDialog::getSaveFileName(m_view, tr("Export Report"),
        QStringLiteral("report-%1.html").arg(runId),
        tr("HTML (*.html);;Markdown (*.md);;JSON (*.json);;CSV (*.csv)"));
    if (!path.isEmpty())
        exportTo(path);
}

void EvaluationTab::makeDataset(const QString &column, const QString &name)
{
    m_session->evaluations()->makeDataset(m_view->resultsView()->results().runId, column, name);
}

void EvaluationTab::chooseDataset(const QString &runId)
{
    const widgets::EvalResults &results = m_view->resultsView()->results();
    if (results.columns.isEmpty())
        return;
    bool chosen = true;
    const QString column = results.columns.size() == 1
        ? results.columns.front()
        : QInputDialog::getItem(m_view, tr("Dataset from Answers"),
              tr("Whose answers become the expected outputs?"), results.columns, 0, false, &chosen);
    if (!chosen)
        return;
    QString suggested = QStringLiteral("answers-%1").arg(runId);
    const QString name = QInputDialog::getText(m_view, tr("Dataset from Answers"),
        tr("Name of the new dataset:"), QLineEdit::Normal, suggested, &chosen);
    if (chosen && !name.trimmed().isEmpty())
        makeDataset(column, name.trimmed());
}

void EvaluationTab::offer()
{
    const WorkspaceSnapshot &workspace = m_session->workspace();
    widgets::EvalOffer offer;
    offer.prompt = m_session->editor()->promptName();
    const auto versions = workspace.project.versions.find(offer.prompt.toStdString());
    if (versions != workspace.project.versions.end())
        for (auto version = versions->second.rbegin(); version != versions->second.rend();
             ++version)
            offer.versions << QStringLiteral("%1@%2").arg(offer.prompt).arg(version->number);
    for (const model::DatasetRecord &dataset : workspace.project.datasets)
        offer.datasets << QString::fromStdString(dataset.name);
    if (const auto specs = workspace.specs.find(offer.prompt.toStdString());
        specs != workspace.specs.end())
        for (const store::SpecRecord &spec : specs->second)
            offer.specs << QStringLiteral("%1: %2%3").arg(QString::fromStdString(spec.name),
                QString::fromStdString(spec.expression),
                spec.why.empty() ? QString() : QStringLiteral(" — ") + QString::fromStdString(spec.why));
    if (workspace.catalog)
        for (const store::TargetRecord &target : workspace.catalog->targets()) {
            offer.targets << QString::fromStdString(target.id);
            for (const providers::ProviderConfig &provider : workspace.catalog->providers()) {
                if (provider.id == target.providerId && batch::hasBatchApi(provider.kind))
                    offer.batchTargets << QString::fromStdString(target.id);
            }
        }
    m_view->setOffer(offer);
}

} // namespace ps::app
