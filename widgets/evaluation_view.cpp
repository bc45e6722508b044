#include "evaluation_view.h"

#include "check_list.h"

#include "eval_results_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace ps::widgets {

namespace {

QListWidget *checkList(const QString &name, QWidget *parent)
{
    auto *list = new QListWidget(parent);
    list->setAccessibleName(name);
    list->setMaximumHeight(96);
    list->setMinimumWidth(160);
    return list;
}

QString duration(double seconds)
{
    const long long total = std::llround(std::max(0.0, seconds));
    if (total < 60)
        return QObject::tr("%1 s").arg(total);
    return QObject::tr("%1 min %2 s").arg(total / 60).arg(total % 60);
}

} // namespace

EvaluationView::EvaluationView(QWidget *parent)
    : QWidget(parent)
    , m_versions(checkList(tr("Versions"), this))
    , m_targets(checkList(tr("Targets"), this))
    , m_dataset(new QComboBox(this))
    , m_repeats(new QSpinBox(this))
    , m_estimate(new QLabel(this))
    , m_concurrency(new QSpinBox(this))
    , m_cache(new QCheckBox(tr("Answer from the cache"), this))
    , m_batch(new QCheckBox(tr("Send as a batch (half price, within 24 h)"), this))
    , m_batchRetry(new QCheckBox(tr("Ask cells the batch failed again, live"), this))
    , m_gates(new QLineEdit(this))
    , m_specs(new QCheckBox(tr("Check the prompt's specs"), this))
    , m_run(new QPushButton(tr("▶ Evaluate"), this))
    , m_cancel(new QPushButton(tr("■ Cancel"), this))
    , m_resume(new QPushButton(tr("Resume"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_results(new EvalResultsView(this))
{
    setObjectName(QStringLiteral("evaluationView"));
    m_versions->setObjectName(QStringLiteral("evalVersions"));
    m_targets->setObjectName(QStringLiteral("evalTargets"));
    m_dataset->setAccessibleName(tr("Dataset"));
    m_repeats->setRange(1, 20);
    m_repeats->setAccessibleName(tr("Repeats"));
    m_repeats->setToolTip(tr("Answers per case and column: repeats show how consistent a model is"));
    m_concurrency->setRange(1, 256);
    m_concurrency->setValue(4);
    m_concurrency->setAccessibleName(tr("Concurrency"));
    m_concurrency->setToolTip(tr("Cells in flight at once (never above a provider's own limit)"));
    m_cache->setChecked(true);
    m_cache->setToolTip(tr("A case asked before with the same request is answered from this "
                           "machine's cache: nothing is sent or paid"));
    m_batch->setObjectName(QStringLiteral("evalBatch"));
    m_batch->setAccessibleName(tr("Send as a batch"));
    m_batchRetry->setAccessibleName(tr("Ask cells the batch failed again, live"));
    m_batchRetry->setToolTip(tr("Unchecked, a cell the batch failed is kept with its error (and "
                                "Resume sends it in a new batch); checked, it is asked again live "
                                "at the full price"));
    m_gates->setAccessibleName(tr("Gates"));
    m_gates->setPlaceholderText(tr("pass_rate_low>=0.8; latency_ms_p95<=2000"));
    m_gates->setToolTip(tr("Requirements checked per column after the run, separated by ';' "
                           "(the metrics `eval --gate` takes)"));
    m_specs->setAccessibleName(tr("Check the prompt's specs as gates"));
    m_run->setToolTip(tr("Run the checked versions over the dataset for the checked targets"));
    m_cancel->setToolTip(tr("Stop sending; what is answered is kept, and Resume finishes it"));
    m_resume->setToolTip(tr("Send only the cells this run is missing"));
    m_progress->setAccessibleName(tr("Evaluation progress"));
    m_progress->setTextVisible(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_estimate->setObjectName(QStringLiteral("evalEstimate"));
    m_estimate->setAccessibleName(tr("Cost before sending"));
    m_estimate->setWordWrap(true);
    m_estimate->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Dataset"), m_dataset);
    form->addRow(tr("Repeats"), m_repeats);
    form->addRow(tr("Concurrency"), m_concurrency);
    form->addRow(tr("Gates"), m_gates);
    form->addRow(QString(), m_specs);
    form->addRow(QString(), m_cache);
    form->addRow(QString(), m_batch);
    form->addRow(QString(), m_batchRetry);
    auto *versions = new QVBoxLayout;
    versions->addWidget(new QLabel(tr("Versions"), this));
    versions->addWidget(m_versions);
    auto *targets = new QVBoxLayout;
    targets->addWidget(new QLabel(tr("Targets"), this));
    targets->addWidget(m_targets);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_resume);
    buttons->addStretch();
    auto *setup = new QHBoxLayout;
    setup->addLayout(versions, 1);
    setup->addLayout(targets, 1);
    setup->addLayout(form);
    setup->addLayout(buttons);
    auto *progress = new QHBoxLayout;
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_status, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(setup);
    layout->addWidget(m_estimate);
    layout->addLayout(progress);
    layout->addWidget(m_results, 1);

    connect(m_run, &QPushButton::clicked, this, [this] { emit runRequested(choice()); });
    connect(m_cancel, &QPushButton::clicked, this, &EvaluationView::cancelRequested);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (!m_resumable.isEmpty())
            emit resumeRequested(m_resumable);
    });
    connect(m_versions, &QListWidget::itemChanged, this, &EvaluationView::updateRunnable);
    connect(m_targets, &QListWidget::itemChanged, this, &EvaluationView::updateRunnable);
    const auto changed = [this] { emit choiceChanged(choice()); };
    connect(m_versions, &QListWidget::itemChanged, this, changed);
    connect(m_targets, &QListWidget::itemChanged, this, changed);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, changed);
    connect(m_repeats, &QSpinBox::valueChanged, this, changed);
    connect(m_batch, &QCheckBox::toggled, this, changed);
    connect(m_batch, &QCheckBox::toggled, this, &EvaluationView::updateRunnable);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->setText(tr("Check a version and one or more targets, pick a dataset, then "
                         "Evaluate. An evaluation run in the project tree (or made with "
                         "`promptsmith-cli eval`) opens here."));
    setRunning(false);
}

void EvaluationView::setOffer(const EvalOffer &offered)
{
    widgets::offerChecklist(m_versions, offered.versions, true);
    widgets::offerChecklist(m_targets, offered.targets, true);
    const QString dataset = m_dataset->currentText();
    m_dataset->clear();
    m_dataset->addItems(offered.datasets);
    if (const int at = m_dataset->findText(dataset); at >= 0)
        m_dataset->setCurrentIndex(at);
    m_batchTargets = offered.batchTargets;
    // The specs are the prompt's acceptance criteria: met, unmet or undecided per column.
    m_specs->setEnabled(!offered.specs.isEmpty());
    if (offered.specs.isEmpty()) {
        m_specs->setChecked(false);
        m_specs->setToolTip(tr("%1 has no specs; `promptsmith-cli spec set %1 NAME EXPR` adds "
                               "one (a requirement such as recall[bug]>=0.8)")
                                .arg(offered.prompt));
    } else {
        m_specs->setToolTip(tr("Each spec is a gate of this run: it passes only when its whole "
                               "95% interval meets it (undecided otherwise):\n%1")
                                .arg(offered.specs.join(QLatin1Char('\n'))));
    }
    updateRunnable();
    emit choiceChanged(choice()); // new versions, cases or targets may change what it costs
}

EvalChoice EvaluationView::choice() const
{
    EvalChoice choice;
    choice.versions = checkedIn(m_versions);
    choice.targets = checkedIn(m_targets);
    choice.dataset = m_dataset->currentText();
    choice.repeats = m_repeats->value();
    choice.concurrency = m_concurrency->value();
    choice.useCache = m_cache->isChecked();
    choice.batch = m_batch->isEnabled() && m_batch->isChecked();
    choice.retryFailedLive = choice.batch && m_batchRetry->isChecked();
    choice.specsAreGates = m_specs->isEnabled() && m_specs->isChecked();
    for (const QString &gate : m_gates->text().split(QLatin1Char(';'), Qt::SkipEmptyParts))
        if (!gate.trimmed().isEmpty())
            choice.gates << gate.trimmed();
    return choice;
}

void EvaluationView::choose(
    const QStringList &versions, const QString &dataset, const QStringList &targets)
{
    for (QListWidget *list : {m_versions, m_targets}) {
        const QStringList &names = list == m_versions ? versions : targets;
        for (int i = 0; i < list->count(); ++i)
            list->item(i)->setCheckState(
                names.contains(list->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    }
    if (const int at = m_dataset->findText(dataset); at >= 0)
        m_dataset->setCurrentIndex(at);
    updateRunnable();
}

void EvaluationView::showStarted(const EvalResults &run, int total)
{
    m_resumable.clear();
    setRunning(true);
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(int(run.cells.size()));
    m_status->setText(tr("Run %1 started: %2 cells").arg(run.runId).arg(total));
    m_results->showRunning(run);
}

void EvaluationView::addCells(const std::vector<EvalCellResult> &cells)
{
    m_results->addCells(cells);
}

void EvaluationView::showProgress(
    int done, int total, double etaSeconds, double spentUsd, const QString &stage)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    QString text = tr("%1 of %2 cells").arg(done).arg(total);
    if (etaSeconds >= 0 && done < total)
        text += tr(" · %1 left").arg(duration(etaSeconds));
    text += tr(" · $%1 spent").arg(spentUsd, 0, 'f', 4);
    if (!stage.isEmpty())
        text += QStringLiteral(" · ") + stage;
    m_status->setText(text);
}

void EvaluationView::showResults(const EvalResults &results)
{
    setRunning(false);
    m_resumable = results.resumable ? results.runId : QString();
    m_resume->setEnabled(!m_resumable.isEmpty());
    int done = 0;
    for (const EvalColumnSummary &column : results.summary)
        done += column.n - column.errors;
    if (results.resumable)
        m_status->setText(tr("Run %1 is %2: Resume sends only the cells it is missing.")
                              .arg(results.runId, results.status));
    else
        m_status->setText(tr("Run %1: %2.").arg(results.runId, results.status));
    m_results->showResults(results);
}

void EvaluationView::showError(const QString &error)
{
    setRunning(false);
    m_status->setText(error);
}

void EvaluationView::showNote(const QString &note)
{
    m_status->setText(note);
}

QString EvaluationView::progressText() const
{
    return m_status->text();
}

void EvaluationView::setRunning(bool running)
{
    m_running = running;
    m_cancel->setEnabled(running);
    m_resume->setEnabled(!running && !m_resumable.isEmpty());
    updateRunnable();
}

void EvaluationView::showEstimate(const QString &summary, const QString &details)
{
    m_estimate->setText(summary);
    m_estimate->setToolTip(details);
}

QString EvaluationView::estimateText() const
{
    return m_estimate->text();
}

void EvaluationView::updateRunnable()
{
    const bool ready = !checkedIn(m_versions).isEmpty() && !checkedIn(m_targets).isEmpty()
        && m_dataset->count() > 0;
    m_run->setEnabled(!m_running && ready);
    // A batch takes targets whose provider has a batch API; the box says which do not.
    QStringList without;
    for (const QString &target : checkedIn(m_targets))
        if (!m_batchTargets.contains(target))
            without << target;
    m_batch->setEnabled(!m_running && without.isEmpty());
    m_batchRetry->setEnabled(m_batch->isEnabled() && m_batch->isChecked());
    m_batch->setToolTip(without.isEmpty()
            ? tr("The cells go to the providers' batch APIs: half the price, answered within 24 "
                 "hours. Closing Promptsmith leaves the batch running; open the run and Resume "
                 "collects it. Cancel cancels it at the provider.")
            : tr("Only OpenAI and Anthropic targets take batches; %1 cannot")
                  .arg(without.join(QStringLiteral(", "))));
}

} // namespace ps::widgets
