#include "rating_report_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

QTableWidget *figureTable(const QString &name, QWidget *parent)
{
    auto *table = new QTableWidget(parent);
    table->setAccessibleName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    return table;
}

void fill(QTableWidget *table, const QStringList &header, const QList<QStringList> &rows)
{
    table->clear();
    table->setColumnCount(int(header.size()));
    table->setHorizontalHeaderLabels(header);
    table->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row)
        for (int column = 0; column < rows[row].size() && column < header.size(); ++column) {
            auto *cell = new QTableWidgetItem(rows[row][column]);
            // Figures right-aligned, names left, as a reader of a table expects.
            if (column >= 1 && !rows[row][column].isEmpty() && rows[row][column][0].isDigit())
                cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table->setItem(row, column, cell);
        }
    table->resizeColumnsToContents();
    table->setVisible(!header.isEmpty());
    // As tall as its rows: the figures read as a table, not a box with grey below.
    int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth();
    for (int row = 0; row < table->rowCount(); ++row)
        height += table->rowHeight(row);
    table->setFixedHeight(height + table->horizontalScrollBar()->sizeHint().height());
}

} // namespace

RatingReportView::RatingReportView(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_table(figureTable(tr("Win rates and scores"), this))
    , m_method(new QLabel(this))
    , m_ratingsHeading(new QLabel(tr("Bradley-Terry ratings (Arena scale: 400 points are ten-to-one odds; "
                                     "intervals by bootstrap)"), this))
    , m_ratings(figureTable(tr("Bradley-Terry ratings"), this))
    , m_lines(new QLabel(this))
    , m_note(new QLabel(this))
    , m_examples(new QPushButton(this))
    , m_rate(new QPushButton(tr("Rate this session…"), this))
{
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_heading->setWordWrap(true);
    m_ratingsHeading->setFont(bold);
    for (QLabel *label : {m_lines, m_note}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_lines->setAccessibleName(tr("Agreement"));
    m_examples->setAccessibleName(tr("Add examples to the guideline"));
    m_examples->setToolTip(tr("Stores the session's guideline as a new version with an example of "
                              "each score: answers every rater of them scored the same"));
    connect(m_examples, &QPushButton::clicked, this, [this] { emit examplesRequested(m_session); });
    connect(m_rate, &QPushButton::clicked, this, [this] { emit rateRequested(m_session); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_rate);
    buttons->addWidget(m_examples);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    m_method->setWordWrap(true);
    m_method->setAccessibleName(tr("How the figures are counted"));
    layout->addWidget(m_heading);
    layout->addWidget(m_table);
    layout->addWidget(m_method);
    layout->addWidget(m_ratingsHeading);
    layout->addWidget(m_ratings);
    layout->addWidget(m_lines);
    layout->addLayout(buttons);
    layout->addWidget(m_note);
    layout->addStretch(1);
}

void RatingReportView::showReport(const RatingReportShown &report)
{
    m_session = report.session;
    m_heading->setText(report.heading);
    fill(m_table, report.tableHeader, report.table);
    fill(m_ratings, report.ratingsHeader, report.ratings);
    m_ratingsHeading->setVisible(!report.ratingsHeader.isEmpty());
    m_method->setText(report.method);
    m_lines->setText(report.lines.join(QLatin1Char('\n')));
    m_examples->setText(report.examples == 1 ? tr("Add 1 example to the guideline")
                                             : tr("Add %1 examples to the guideline").arg(report.examples));
    m_examples->setEnabled(report.examples > 0);
    m_note->clear();
}

void RatingReportView::showNote(const QString &note)
{
    m_note->setText(note);
}

QString RatingReportView::linesText() const
{
    return m_lines->text();
}

} // namespace ps::widgets
