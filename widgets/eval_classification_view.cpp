#include "eval_classification_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

QTableWidget *readOnlyTable(const QString &name, QWidget *parent)
{
    auto *table = new QTableWidget(parent);
    table->setAccessibleName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return table;
}

} // namespace

EvalClassificationView::EvalClassificationView(QWidget *parent)
    : QWidget(parent)
    , m_column(new QComboBox(this))
    , m_headline(new QLabel(this))
    , m_perClass(readOnlyTable(tr("Precision, recall and F1 per class"), this))
    , m_confusion(readOnlyTable(tr("Confusion matrix: expected by answered"), this))
{
    m_column->setAccessibleName(tr("Column"));
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_perClass->verticalHeader()->hide();
    m_perClass->setSelectionMode(QAbstractItemView::NoSelection);
    m_confusion->setObjectName(QStringLiteral("confusionMatrix"));
    m_confusion->setToolTip(tr("Click a count to see those cases in the matrix below"));
    m_confusion->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_column, &QComboBox::currentIndexChanged, this, &EvalClassificationView::showColumn);
    connect(m_confusion, &QTableWidget::cellClicked, this, [this](int row, int column) {
        const int at = m_column->currentIndex();
        if (at < 0 || std::size_t(at) >= m_columns.size())
            return;
        const EvalClassification &shown = m_columns[std::size_t(at)];
        const QString predicted = column < shown.predictedColumns.size()
            ? shown.predictedColumns[column]
            : QString(); // the folded column of other answers
        emit confusionChosen(shown.column, shown.labels.value(row), predicted, shown.labels);
    });

    auto *tables = new QHBoxLayout;
    tables->addWidget(m_perClass, 2);
    tables->addWidget(m_confusion, 3);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Column"), this));
    top->addWidget(m_column);
    top->addWidget(m_headline, 1);
    layout->addLayout(top);
    layout->addLayout(tables);
}

void EvalClassificationView::showClassification(const std::vector<EvalClassification> &columns)
{
    m_columns = columns;
    const QSignalBlocker blocker(m_column);
    m_column->clear();
    for (const EvalClassification &column : columns)
        m_column->addItem(column.column);
    m_column->setVisible(columns.size() > 1);
    showColumn(columns.empty() ? -1 : 0);
}

void EvalClassificationView::showColumn(int index)
{
    m_perClass->clear();
    m_confusion->clear();
    if (index < 0 || std::size_t(index) >= m_columns.size()) {
        m_headline->clear();
        m_perClass->setRowCount(0);
        m_confusion->setRowCount(0);
        return;
    }
    const EvalClassification &shown = m_columns[std::size_t(index)];
    m_headline->setText(shown.headline);
    m_perClass->setColumnCount(int(shown.perClassHeader.size()));
    m_perClass->setHorizontalHeaderLabels(shown.perClassHeader);
    m_perClass->setRowCount(int(shown.perClass.size()));
    for (int row = 0; row < int(shown.perClass.size()); ++row)
        for (int column = 0; column < int(shown.perClass[row].size()); ++column)
            m_perClass->setItem(row, column, new QTableWidgetItem(shown.perClass[row][column]));

    QStringList header = shown.predictedColumns;
    if (shown.othersFolded)
        header << tr("any other answer");
    m_confusion->setColumnCount(int(header.size()));
    m_confusion->setHorizontalHeaderLabels(header);
    m_confusion->setVerticalHeaderLabels(shown.labels);
    m_confusion->setRowCount(int(shown.confusion.size()));
    m_confusion->setVerticalHeaderLabels(shown.labels);
    for (int row = 0; row < int(shown.confusion.size()); ++row) {
        const QList<int> &counts = shown.confusion[row];
        int total = 0;
        for (const int count : counts)
            total += count;
        for (int column = 0; column < int(counts.size()); ++column) {
            auto *item = new QTableWidgetItem(QString::number(counts[column]));
            item->setTextAlignment(Qt::AlignCenter);
            const bool right = column < header.size() && header[column] == shown.labels.value(row);
            if (counts[column] > 0 && total > 0) {
                QColor tint = right ? QColor(46, 110, 200) : QColor(218, 54, 51);
                tint.setAlpha(40 + 160 * counts[column] / total);
                item->setBackground(tint);
            }
            item->setToolTip(tr("%1 expected, answered %2: %3 — click to see them")
                                 .arg(shown.labels.value(row), header.value(column))
                                 .arg(counts[column]));
            m_confusion->setItem(row, column, item);
        }
    }
}

} // namespace ps::widgets
