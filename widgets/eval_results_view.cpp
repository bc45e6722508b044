#include "eval_results_view.h"

#include "eval_charts_view.h"
#include "eval_classification_view.h"
#include "eval_matrix_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QLabel>
#include <QTableView>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

QString percent(double share)
{
    return QString::number(share * 100.0, 'f', 1) + QLatin1Char('%');
}

QString ms(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', 0) : QStringLiteral("–");
}

// The whole answers of one matrix cell, each with its assertions and metrics, as HTML.
QString cellHtml(const std::vector<const EvalCellResult *> &cells, const QString &heading)
{
    QString html = QStringLiteral("<h3>%1</h3>").arg(heading.toHtmlEscaped());
    for (const EvalCellResult *cell : cells) {
        if (cells.size() > 1)
            html += QObject::tr("<h4>Repeat %1</h4>").arg(cell->repeat + 1);
        html += QStringLiteral("<p><b>%1</b> · score %2 · %3 · %4</p>")
                    .arg(cell->pass ? QObject::tr("passed") : QObject::tr("failed"))
                    .arg(cell->score, 0, 'f', 3)
                    .arg(cell->cached    ? QObject::tr("from the cache")
                            : cell->batched ? QObject::tr("answered in a batch")
                                            : QObject::tr("%1 ms").arg(cell->totalMs, 0, 'f', 0))
                    .arg(cell->costUsd ? QStringLiteral("$%1").arg(*cell->costUsd, 0, 'f', 6)
                                       : QObject::tr("cost unknown"));
        if (!cell->error.isEmpty())
            html += QStringLiteral("<p style=\"color:#b3261e\">%1</p>").arg(cell->error.toHtmlEscaped());
        html += QStringLiteral("<pre style=\"white-space:pre-wrap\">%1</pre>")
                    .arg(cell->text.toHtmlEscaped());
        QStringList metrics;
        if (cell->ttftMs)
            metrics << QObject::tr("first token %1 ms").arg(*cell->ttftMs, 0, 'f', 0);
        if (cell->inputTokens || cell->outputTokens)
            metrics << QObject::tr("%1 → %2 tokens")
                           .arg(cell->inputTokens ? QString::number(*cell->inputTokens) : QStringLiteral("?"),
                               cell->outputTokens ? QString::number(*cell->outputTokens) : QStringLiteral("?"));
        if (!metrics.isEmpty())
            html += QStringLiteral("<p>%1</p>").arg(metrics.join(QStringLiteral(" · ")).toHtmlEscaped());
        if (!cell->assertions.empty()) {
            html += QStringLiteral("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">")
                + QObject::tr("<tr><th>Assertion</th><th>Result</th><th>Score</th><th>Reason</th></tr>");
            for (const EvalAssertionResult &assertion : cell->assertions)
                html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                            .arg(assertion.type.toHtmlEscaped(),
                                assertion.pass ? QObject::tr("pass") : QObject::tr("fail"),
                                QString::number(assertion.score, 'f', 3),
                                assertion.reason.toHtmlEscaped());
            html += QStringLiteral("</table>");
        }
        if (!cell->request.isEmpty())
            html += QObject::tr("<h4>The request as sent</h4>")
                + QStringLiteral("<pre style=\"white-space:pre-wrap\">%1</pre>")
                      .arg(cell->request.toHtmlEscaped());
    }
    return html;
}

} // namespace

EvalResultsView::EvalResultsView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_runningNote(new QLabel(
          tr("Answers fill the matrix as they arrive; the summary with its intervals, the A/B "
             "and the charts follow when the run ends."),
          this))
    , m_summary(new QTableWidget(this))
    , m_comparisons(new QLabel(this))
    , m_figures(new QTabWidget(this))
    , m_classification(new EvalClassificationView(this))
    , m_charts(new EvalChartsView(this))
    , m_confusionNote(new QLabel(this))
    , m_showAll(new QPushButton(tr("Show all cases"), this))
    , m_failuresOnly(new QCheckBox(tr("Failures only"), this))
    , m_disagreementsOnly(new QCheckBox(tr("Disagreements only"), this))
    , m_tag(new QComboBox(this))
    , m_export(new QPushButton(tr("Export Report…"), this))
    , m_makeDataset(new QPushButton(tr("Dataset from Answers…"), this))
    , m_rate(new QPushButton(tr("Rate Blind…"), this))
    , m_matrix(new QTableView(this))
    , m_model(new EvalMatrixModel(this))
    , m_filter(new EvalMatrixFilter(this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_summary->setObjectName(QStringLiteral("evalSummary"));
    m_summary->setAccessibleName(tr("Summary per column"));
    m_summary->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_summary->verticalHeader()->hide();
    m_summary->setSelectionMode(QAbstractItemView::NoSelection);
    m_summary->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summary->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_summary->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);

    m_comparisons->setWordWrap(true);
    m_comparisons->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_comparisons->setAccessibleName(tr("A/B comparisons"));

    m_failuresOnly->setToolTip(tr("Show only the cases some column failed"));
    m_filter->setSourceModel(m_model);
    m_matrix->setObjectName(QStringLiteral("evalMatrix"));
    m_matrix->setAccessibleName(tr("Results: cases by column"));
    m_matrix->setModel(m_filter);
    m_matrix->setSortingEnabled(true);
    m_matrix->sortByColumn(0, Qt::AscendingOrder);
    m_matrix->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_matrix->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_matrix->setWordWrap(false);
    m_matrix->verticalHeader()->hide();
    m_matrix->horizontalHeader()->setStretchLastSection(true);
    connect(m_failuresOnly, &QCheckBox::toggled, m_filter, &EvalMatrixFilter::setFailuresOnly);
    m_disagreementsOnly->setToolTip(tr("Show only the cases the columns do not all pass or all fail"));
    connect(m_disagreementsOnly, &QCheckBox::toggled, m_filter,
        &EvalMatrixFilter::setDisagreementsOnly);
    m_tag->setAccessibleName(tr("Cases with the tag"));
    m_tag->setToolTip(tr("Show only the cases with this tag"));
    connect(m_tag, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setTag(index <= 0 ? QString() : m_tag->itemText(index));
    });
    // Double-click or Enter (activation; double-click is activation on most styles).
    connect(m_matrix, &QTableView::activated, this, &EvalResultsView::openCell);

    auto *summaryPage = new QWidget(this);
    auto *summaryLayout = new QVBoxLayout(summaryPage);
    summaryLayout->setContentsMargins(0, 4, 0, 0);
    summaryLayout->addWidget(m_summary);
    summaryLayout->addWidget(m_comparisons);
    summaryLayout->addStretch();
    m_figures->setDocumentMode(true);
    m_figures->addTab(summaryPage, tr("Summary"));
    m_figures->addTab(m_charts, tr("Charts"));
    m_figures->addTab(m_classification, tr("Classification"));
    m_figures->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    m_figures->setMaximumHeight(300);
    connect(m_classification, &EvalClassificationView::confusionChosen, this,
        [this](const QString &column, const QString &expected, const QString &predicted,
            const QStringList &labels) {
            const int at = int(results().columns.indexOf(column));
            if (at < 0)
                return;
            m_filter->setConfusion(EvalMatrixModel::kFixedColumns + at, expected, predicted, labels);
            m_confusionNote->setText(predicted.isEmpty()
                    ? tr("Cases expecting %1 that %2 answered with something else")
                          .arg(expected, column)
                    : tr("Cases expecting %1 that %2 answered %3").arg(expected, column, predicted));
            m_confusionNote->show();
            m_showAll->show();
        });
    connect(m_showAll, &QPushButton::clicked, this, [this] {
        m_filter->clearConfusion();
        m_confusionNote->hide();
        m_showAll->hide();
    });
    m_confusionNote->hide();
    m_showAll->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_runningNote->setWordWrap(true);
    m_runningNote->hide();
    layout->addWidget(m_title);
    layout->addWidget(m_runningNote);
    layout->addWidget(m_figures);
    m_export->setToolTip(tr("The report as HTML, Markdown, JSON or CSV: the same file "
                            "`promptsmith-cli report` writes"));
    connect(m_export, &QPushButton::clicked, this,
        [this] { emit exportRequested(results().runId); });
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_failuresOnly);
    controls->addWidget(m_disagreementsOnly);
    controls->addWidget(m_tag);
    controls->addWidget(m_confusionNote);
    controls->addWidget(m_showAll);
    controls->addStretch();
    m_makeDataset->setToolTip(tr("A new dataset of these cases whose expected outputs are one "
                                 "column's answers: reference answers to score others by"));
    connect(m_makeDataset, &QPushButton::clicked, this,
        [this] { emit datasetRequested(results().runId); });
    controls->addWidget(m_makeDataset);
    m_rate->setToolTip(tr("Judge the answers yourself without knowing whose they are: side by "
                          "side for two or more columns, else on a 1-5 scale"));
    connect(m_rate, &QPushButton::clicked, this, [this] { emit rateRequested(results().runId); });
    controls->addWidget(m_rate);
    controls->addWidget(m_export);
    layout->addLayout(controls);
    layout->addWidget(m_matrix, 1);
    showResults({});
}

const EvalResults &EvalResultsView::results() const
{
    return m_model->results();
}

void EvalResultsView::showResults(const EvalResults &results)
{
    const bool empty = results.runId.isEmpty();
    m_title->setText(empty ? QString()
                           : tr("%1 · %2 · run %3").arg(results.title, results.status, results.runId));
    m_title->setVisible(!empty);
    m_runningNote->hide();
    m_figures->setVisible(!empty);
    m_classification->showClassification(results.classification);
    m_figures->setTabVisible(2, !results.classification.empty());
    m_charts->showSummary(results.summary);
    m_filter->clearConfusion();
    m_confusionNote->hide();
    m_showAll->hide();
    m_failuresOnly->setVisible(!empty);
    m_disagreementsOnly->setVisible(!empty && results.columns.size() > 1);
    QStringList tags;
    for (const EvalCaseRow &row : results.cases)
        for (const QString &tag : row.tags)
            if (!tags.contains(tag))
                tags << tag;
    tags.sort(Qt::CaseInsensitive);
    {
        const QSignalBlocker blocker(m_tag);
        m_tag->clear();
        m_tag->addItem(tr("Any tag"));
        m_tag->addItems(tags);
        m_filter->setTag({});
    }
    m_tag->setVisible(!empty && !tags.isEmpty());
    m_export->setVisible(!empty);
    m_makeDataset->setVisible(!empty);
    m_rate->setVisible(!empty);
    m_matrix->setVisible(!empty);

    QStringList header = {results.byVersion ? tr("Column") : tr("Target"),
        tr("n"), tr("Pass rate"), tr("95% CI"), tr("Mean score"), tr("p50 ms"), tr("p95 ms"),
        tr("Cost"), tr("Errors"), tr("Cached")};
    // With repeats: whether a column's answers agree with themselves.
    if (results.repeats > 1)
        header << tr("Identical") << tr("pass^%1").arg(results.repeats);
    m_summary->clear();
    m_summary->setColumnCount(int(header.size()));
    m_summary->setHorizontalHeaderLabels(header);
    m_summary->setRowCount(int(results.summary.size()));
    for (int row = 0; row < int(results.summary.size()); ++row) {
        const EvalColumnSummary &s = results.summary[std::size_t(row)];
        QStringList cells = {s.column, QString::number(s.n), percent(s.passRate),
            percent(s.passRateLow) + QStringLiteral(" – ") + percent(s.passRateHigh),
            QString::number(s.meanScore, 'f', 3), ms(s.latencyMsP50), ms(s.latencyMsP95),
            s.costUsd ? QStringLiteral("$%1").arg(*s.costUsd, 0, 'f', 4) : QStringLiteral("–"),
            QString::number(s.errors), QString::number(s.cached)};
        if (results.repeats > 1)
            cells << (s.identicalShare ? percent(*s.identicalShare) : QStringLiteral("–"))
                  << (s.passHatK ? QString::number(*s.passHatK, 'f', 3) : QStringLiteral("–"));
        for (int column = 0; column < int(cells.size()); ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            if (column > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_summary->setItem(row, column, item);
        }
    }

    QStringList lines;
    if (results.gatesPassed)
        lines << (*results.gatesPassed
                ? tr("Verdict · passed: every gate is met")
                : tr("Verdict · NOT passed: a gate or spec below is unmet or undecided "
                     "(`eval` exits 1)"));
    for (const QString &line : results.comparisons)
        lines << QStringLiteral("A/B · ") + line;
    for (const QString &spec : results.specs)
        lines << tr("Spec · ") + spec;
    for (const QString &gate : results.gates)
        lines << tr("Gate · ") + gate;
    m_comparisons->setText(lines.join(QLatin1Char('\n')));
    m_comparisons->setVisible(!lines.isEmpty());

    m_model->setResults(results);
    // Sized by the widest case number, not by measuring every row (a run has thousands).
    m_matrix->setColumnWidth(0,
        m_matrix->fontMetrics().horizontalAdvance(QString(QString::number(results.cases.size()).size() + 2, QLatin1Char('9')))
            + 16);
    for (int column = 1; column < m_model->columnCount(); ++column)
        m_matrix->setColumnWidth(column, column == 1 ? 260 : 180);
}

QString EvalResultsView::confusionNote() const
{
    return m_filter->hasConfusion() ? m_confusionNote->text() : QString();
}

void EvalResultsView::showRunning(const EvalResults &results)
{
    showResults(results);
    m_figures->hide();
    m_export->hide();
    m_makeDataset->hide();
    m_rate->hide();
    m_runningNote->show();
}

void EvalResultsView::addCells(const std::vector<EvalCellResult> &cells)
{
    m_model->addCells(cells);
}

void EvalResultsView::openCell(const QModelIndex &index)
{
    const QModelIndex source = m_filter->mapToSource(index);
    const std::vector<const EvalCellResult *> cells = m_model->cellsAt(source);
    if (cells.empty())
        return;
    const QString heading = tr("Case %1 · %2")
                                .arg(source.row() < int(results().cases.size())
                                        ? results().cases[std::size_t(source.row())].index + 1
                                        : 0)
                                .arg(cells.front()->column);
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("evalCellDialog"));
    dialog->setWindowTitle(heading);
    auto *text = new QTextBrowser(dialog);
    text->setAccessibleName(tr("The whole answer"));
    text->setHtml(cellHtml(cells, heading));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    // Judged where it is read: the answer becomes a bad case (or a good one) with its case.
    const EvalCellResult &cell = *cells.front();
    const QString answer = QStringLiteral("%1:%2:%3%4").arg(results().runId).arg(cell.caseIndex).arg(cell.column,
        cell.repeat > 0 ? QStringLiteral(":%1").arg(cell.repeat) : QString());
    QPushButton *good = buttons->addButton(tr("Mark &Good"), QDialogButtonBox::ActionRole);
    good->setToolTip(tr("Keep this answer as a good one (fine-tuning data)"));
    QPushButton *bad = buttons->addButton(tr("Mark &Bad…"), QDialogButtonBox::ActionRole);
    bad->setToolTip(tr("A bad case: tags, a note and the answer it should have given"));
    for (QPushButton *button : {good, bad})
        button->setEnabled(!results().runId.isEmpty() && cell.error.isEmpty());
    const QString said = cell.text;
    connect(good, &QPushButton::clicked, dialog, [this, dialog, answer, said, good] {
        good->setEnabled(false);
        emit markRequested(answer, said, true, dialog);
    });
    connect(bad, &QPushButton::clicked, dialog,
        [this, dialog, answer, said] { emit markRequested(answer, said, false, dialog); });
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(640, 480);
    dialog->open();
    emit cellOpened(text->toPlainText());
}

} // namespace ps::widgets
