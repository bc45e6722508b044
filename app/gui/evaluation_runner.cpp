#include "evaluation_runner.h"

#include "eval_plan.h"

#include "evaluation_results.h"

#include "dispatch/engine.h"
#include "eval/gate.h"
#include "run/answers_dataset.h"
#include "run/call_pricing.h"
#include "run/eval_report.h"
#include "run/eval_runner.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/project_file.h"
#include "util/atomic_file.h"
#include "store/run_store.h"

#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <utility>

namespace ps::app {

// What a job starts: a new run from a choice, or an interrupted one by id.
struct EvaluationRunner::Begin
{
    std::optional<widgets::EvalChoice> choice;
    std::string resumeRunId;
};

namespace {

model::RunRecord beginRun(run::EvalRunner &runner, const store::Project &project,
    const widgets::EvalChoice &choice)
{
    const EvalPlan plan = planOf(project, choice);
    return runner.start(plan.versions, plan.spec);
}

// The gates a run was started with (its options' "gates"), parsed; one that no longer parses is
// left out (an older file's rules).
std::vector<eval::Gate> gatesOf(const store::Project &project, const std::string &runId)
{
    std::vector<eval::Gate> gates;
    const auto run = store::RunStore(project).findRun(runId);
    if (!run || !run->options.contains("gates") || !run->options["gates"].is_array())
        return gates;
    for (const auto &expression : run->options["gates"]) {
        try {
            if (expression.is_string())
                gates.push_back(eval::parseGate(expression.get<std::string>()));
        } catch (const eval::GateError &) {
        }
    }
    return gates;
}

// The report of a run as the tab shows it: with the gates it was started with.
widgets::EvalResults resultsOf(const store::Project &project, const std::string &runId)
{
    const store::RunStore runs(project);
    const std::optional<model::RunRecord> run = runs.findRun(runId);
    if (!run)
        throw std::runtime_error("there is no run '" + runId + "' in this project");
    // The responses are read once: for the report and for each cell's request.
    const std::vector<store::ResponseRecord> responses = runs.responses(runId);
    return evalResults(run::buildEvalReport(*run, responses, gatesOf(project, runId),
                           run::reportInputs(project, *run)),
        responses);
}

} // namespace

EvaluationRunner::EvaluationRunner(dispatch::Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{ }

EvaluationRunner::~EvaluationRunner()
{
    if (m_detach)
        m_detach->store(true);
    cancel();
    m_job.waitForFinished();
    m_read.waitForFinished();
}

void EvaluationRunner::start(const widgets::EvalChoice &choice)
{
    // A gate that does not parse is said before anything is sent.
    for (const QString &gate : choice.gates) {
        try {
            eval::parseGate(gate.toStdString());
        } catch (const eval::GateError &error) {
            emit failed(tr("Gate %1: %2").arg(gate, QString::fromStdString(error.what())));
            return;
        }
    }
    auto begin = std::make_shared<Begin>();
    begin->choice = choice;
    launch(begin);
}

void EvaluationRunner::resume(const QString &runId)
{
    auto begin = std::make_shared<Begin>();
    begin->resumeRunId = runId.toStdString();
    launch(begin);
}

void EvaluationRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void EvaluationRunner::launch(std::shared_ptr<const Begin> begin)
{
    if (m_job.isRunning()) {
        emit failed(tr("An evaluation is already running: cancel it first."));
        return;
    }
    if (m_path.isEmpty()) {
        emit failed(tr("No project is open."));
        return;
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_detach = std::make_shared<std::atomic<bool>>(false);
    run::CallPricing::prepare(); // here, not first on the network thread
    m_job = QtConcurrent::run([this, path = m_path.toStdString(), begin, cancel = m_cancel, detach = m_detach] {
        try {
            // Its own connection: cells are committed from this thread as they complete, as
            // the CLI commits them, while the window's writer keeps its own.
            const store::Project project = store::Project::open(path);
            const run::CallPricing pricing(project);
            double spent = 0.0; // the cost function runs on this thread, as execute() does
            run::EvalRunner runner(project, m_engine.dispatcher(),
                [&pricing, &spent](const dispatch::TargetCall &call,
                    const dispatch::CallOutcome &outcome) {
                    const std::optional<double> cost = pricing.cost(call, outcome);
                    spent += cost.value_or(0.0);
                    return cost;
                });
            const model::RunRecord run = begin->choice
                ? beginRun(runner, project, *begin->choice)
                : runner.resume(begin->resumeRunId);
            // The run as it stands (a resumed one with its cells): the matrix it streams into.
            const widgets::EvalResults stored = resultsOf(project, run.id);
            QMetaObject::invokeMethod(
                this, [this, stored, total = run.total] { emit started(stored, total); },
                Qt::QueuedConnection);
            std::vector<widgets::EvalCellResult> arrived;
            runner.setCellObserver([&arrived, &stored](const store::ResponseRecord &record) {
                const QString target = QString::fromStdString(record.targetId);
                arrived.push_back(evalCell(record,
                    stored.byVersion ? QString::fromStdString(record.version) + QLatin1Char('|') + target
                                     : target));
            });
            auto last = std::chrono::steady_clock::time_point {};
            runner.execute([&](const run::EvalProgress &progress) {
                if (detach->load())
                    runner.detach(); // a live run: the same as cancel
                else if (cancel->load())
                    runner.cancel();
                const auto now = std::chrono::steady_clock::now();
                if (progress.done < progress.total && now - last < std::chrono::milliseconds(100))
                    return;
                last = now;
                QMetaObject::invokeMethod(
                    this,
                    [this, progress, spent, cells = std::exchange(arrived, {})] {
                        if (!cells.empty())
                            emit cellsArrived(cells);
                        emit progressed(progress.done, progress.total,
                            progress.etaSeconds.value_or(-1.0), spent,
                            QString::fromStdString(progress.stage));
                    },
                    Qt::QueuedConnection);
            });
            const widgets::EvalResults results = resultsOf(project, run.id);
            QMetaObject::invokeMethod(
                this, [this, results] { emit finished(results); }, Qt::QueuedConnection);
        } catch (const std::exception &error) {
            QMetaObject::invokeMethod(
                this, [this, why = QString::fromStdString(error.what())] { emit failed(why); },
                Qt::QueuedConnection);
        }
    });
}

void EvaluationRunner::exportReport(const QString &runId, const QString &path)
{
    if (m_path.isEmpty())
        return;
    if (store::isPartOfProject(path.toStdString(), m_path.toStdString())) {
        emit failed(tr("%1 is the project (or one of its side files); writing the report there "
                       "would destroy it: choose another file")
                        .arg(path));
        return;
    }
    m_read = QtConcurrent::run([this, project = m_path.toStdString(), id = runId.toStdString(),
                                   file = path.toStdString()] {
        try {
            const std::string format = run::reportFormatOf(file);
            const store::Project opened = store::Project::open(project, store::ProjectAccess::Read);
            util::writeFileAtomically(
                file, run::formatReport(run::buildEvalReport(opened, id, {}), format));
            QMetaObject::invokeMethod(
                this,
                [this, file = QString::fromStdString(file),
                    format = QString::fromStdString(format)] { emit exported(file, format); },
                Qt::QueuedConnection);
        } catch (const std::exception &error) {
            QMetaObject::invokeMethod(
                this, [this, why = QString::fromStdString(error.what())] { emit failed(why); },
                Qt::QueuedConnection);
        }
    });
}

void EvaluationRunner::makeDataset(const QString &runId, const QString &column, const QString &name)
{
    if (m_path.isEmpty())
        return;
    m_read.waitForFinished();
    m_read = QtConcurrent::run([this, path = m_path.toStdString(), id = runId.toStdString(),
                                   column = column.toStdString(), name = name.toStdString()] {
        try {
            const store::Project project = store::Project::open(path);
            const run::AnswersDataset made = run::answersDataset(project, id, column);
            const model::DatasetRecord record = store::DatasetStore(project).importCases(
                name, "answers of " + column + " in run " + id, made.cases);
            QMetaObject::invokeMethod(
                this,
                [this, name = QString::fromStdString(record.name), revision = record.revision,
                    cases = record.caseCount, skipped = made.skipped] {
                    emit datasetMade(name, revision, cases, skipped);
                },
                Qt::QueuedConnection);
        } catch (const std::exception &error) {
            QMetaObject::invokeMethod(
                this, [this, why = QString::fromStdString(error.what())] { emit failed(why); },
                Qt::QueuedConnection);
        }
    });
}

void EvaluationRunner::open(const QString &runId)
{
    if (m_path.isEmpty())
        return;
    m_read = QtConcurrent::run([this, path = m_path.toStdString(), id = runId.toStdString()] {
        try {
            const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
            const widgets::EvalResults results = resultsOf(project, id);
            QMetaObject::invokeMethod(
                this, [this, results] { emit opened(results); }, Qt::QueuedConnection);
        } catch (const std::exception &error) {
            QMetaObject::invokeMethod(
                this, [this, why = QString::fromStdString(error.what())] { emit failed(why); },
                Qt::QueuedConnection);
        }
    });
}

} // namespace ps::app
