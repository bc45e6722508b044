#include "dataset_grid_model.h"

#include <QCollator>
#include <QUndoCommand>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <numeric>

namespace ps::widgets {

// One cell's text changed.
class DatasetCellCommand final : public QUndoCommand
{
public:
    DatasetCellCommand(DatasetGridModel *model, int caseIndex, int column, QString before,
        QString after)
        : QUndoCommand(QObject::tr("Edit case %1").arg(caseIndex + 1))
        , m_model(model)
        , m_case(caseIndex)
        , m_column(column)
        , m_before(std::move(before))
        , m_after(std::move(after))
    { }
    void undo() override { m_model->applyCell(m_case, m_column, m_before); }
    void redo() override { m_model->applyCell(m_case, m_column, m_after); }

private:
    DatasetGridModel *m_model;
    int m_case;
    int m_column;
    QString m_before;
    QString m_after;
};

// Rows added, duplicated or removed: the whole list before and after (cases are small; a
// command keeps both, and Qt shares the strings).
class DatasetRowsCommand final : public QUndoCommand
{
public:
    DatasetRowsCommand(DatasetGridModel *model, const QString &text, std::vector<DatasetRow> before,
        std::vector<DatasetRow> after)
        : QUndoCommand(text)
        , m_model(model)
        , m_before(std::move(before))
        , m_after(std::move(after))
    { }
    void undo() override { m_model->replaceRows(m_before); }
    void redo() override { m_model->replaceRows(m_after); }

private:
    DatasetGridModel *m_model;
    std::vector<DatasetRow> m_before;
    std::vector<DatasetRow> m_after;
};

namespace {

QString textOf(const DatasetRow &row, int variables, int column)
{
    if (column < variables)
        return row.values.value(column);
    switch (column - variables) {
    case 0:
        return row.expected;
    case 1:
        return row.tags;
    case 2:
        return row.assertions;
    default:
        return row.note;
    }
}

// The cases to show, in order: those with a cell containing `needle`, sorted by `column` (none:
// their own order). Runs off the GUI thread on a copy of the rows (Qt shares their strings).
std::vector<int> orderOf(const std::vector<DatasetRow> &rows, int variables, int columns,
    int column, const QString &needle, Qt::SortOrder order)
{
    std::vector<int> shown;
    shown.reserve(rows.size());
    for (int i = 0; i < int(rows.size()); ++i) {
        bool match = needle.isEmpty();
        for (int c = 0; !match && c < columns; ++c)
            match = textOf(rows[std::size_t(i)], variables, c).contains(needle, Qt::CaseInsensitive);
        if (match)
            shown.push_back(i);
    }
    if (column >= 0) {
        std::vector<QString> keys(rows.size());
        for (const int i : shown)
            keys[std::size_t(i)] = textOf(rows[std::size_t(i)], variables, column);
        QCollator collator;
        collator.setNumericMode(true); // "case 10" after "case 9"
        collator.setCaseSensitivity(Qt::CaseInsensitive);
        std::stable_sort(shown.begin(), shown.end(), [&](int a, int b) {
            const int compared = collator.compare(keys[std::size_t(a)], keys[std::size_t(b)]);
            return order == Qt::AscendingOrder ? compared < 0 : compared > 0;
        });
    }
    return shown;
}

} // namespace

DatasetGridModel::DatasetGridModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_history(new QUndoStack(this))
{
    connect(&m_ordering, &QFutureWatcher<std::vector<int>>::finished, this, [this] {
        const bool sorting = m_sortColumn >= 0;
        emit layoutAboutToBeChanged();
        m_order = m_ordering.result();
        emit layoutChanged();
        if (sorting)
            emit sorted();
        emit filtered();
    });
}

DatasetGridModel::~DatasetGridModel()
{
    m_ordering.waitForFinished();
}

void DatasetGridModel::setTable(const DatasetTable &table)
{
    m_ordering.waitForFinished();
    beginResetModel();
    m_table = table;
    m_order.resize(m_table.rows.size());
    std::iota(m_order.begin(), m_order.end(), 0);
    m_sortColumn = -1;
    m_filter.clear();
    endResetModel();
    m_history->clear();
}

bool DatasetGridModel::isModified() const
{
    return !m_history->isClean();
}

void DatasetGridModel::markSaved()
{
    m_history->setClean();
}

int DatasetGridModel::rowOfCase(int caseIndex) const
{
    const auto found = std::find(m_order.begin(), m_order.end(), caseIndex);
    return found == m_order.end() ? -1 : int(found - m_order.begin());
}

int DatasetGridModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_order.size());
}

int DatasetGridModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_table.variables.size()) + kFieldColumns;
}

QString DatasetGridModel::cellText(const DatasetRow &row, int column) const
{
    return textOf(row, int(m_table.variables.size()), column);
}

void DatasetGridModel::setCellText(DatasetRow &row, int column, const QString &text)
{
    const int variables = int(m_table.variables.size());
    if (column < variables) {
        while (row.values.size() <= column)
            row.values << QString();
        row.values[column] = text;
        return;
    }
    switch (column - variables) {
    case 0:
        row.expected = text;
        break;
    case 1:
        row.tags = text;
        break;
    case 2:
        row.assertions = text;
        break;
    default:
        row.note = text;
    }
}

QVariant DatasetGridModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_order.size()))
        return {};
    const DatasetRow &row = m_table.rows[std::size_t(m_order[std::size_t(index.row())])];
    const QString text = cellText(row, index.column());
    switch (role) {
    case Qt::DisplayRole: {
        // One line in the grid; the editor and the tooltip have the whole text.
        QString line = text.left(200);
        line.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
        return line;
    }
    case Qt::EditRole:
        return text;
    case Qt::ToolTipRole:
        return text.size() > 60 || text.contains(QLatin1Char('\n')) ? QVariant(text.left(2000))
                                                                      : QVariant();
    default:
        return {};
    }
}

bool DatasetGridModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid())
        return false;
    const int caseIndex = m_order[std::size_t(index.row())];
    const QString before = cellText(m_table.rows[std::size_t(caseIndex)], index.column());
    const QString after = value.toString();
    if (before == after)
        return false;
    m_history->push(new DatasetCellCommand(this, caseIndex, index.column(), before, after));
    return true;
}

void DatasetGridModel::applyCell(int caseIndex, int column, const QString &text)
{
    setCellText(m_table.rows[std::size_t(caseIndex)], column, text);
    const int row = rowOfCase(caseIndex);
    if (row >= 0)
        emit dataChanged(index(row, column), index(row, column));
}

Qt::ItemFlags DatasetGridModel::flags(const QModelIndex &index) const
{
    return QAbstractTableModel::flags(index) | Qt::ItemIsEditable;
}

QVariant DatasetGridModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical)
        return m_order.size() > std::size_t(section) ? m_order[std::size_t(section)] + 1 : QVariant();
    const int variables = int(m_table.variables.size());
    if (section < variables)
        return m_table.variables[section];
    static const QStringList fields
        = {tr("Expected"), tr("Tags"), tr("Assertions"), tr("Note")};
    return fields.value(section - variables);
}

void DatasetGridModel::addRow()
{
    std::vector<DatasetRow> after = m_table.rows;
    DatasetRow row;
    for (int i = 0; i < m_table.variables.size(); ++i)
        row.values << QString();
    after.push_back(row);
    m_history->push(new DatasetRowsCommand(this, tr("Add a case"), m_table.rows, after));
}

void DatasetGridModel::duplicateRows(const QList<int> &rows)
{
    std::vector<DatasetRow> after = m_table.rows;
    for (const int row : rows)
        if (const int caseIndex = caseAt(row); caseIndex >= 0)
            after.push_back(m_table.rows[std::size_t(caseIndex)]);
    if (after.size() != m_table.rows.size())
        m_history->push(new DatasetRowsCommand(this,
            tr("Duplicate %n case(s)", nullptr, int(after.size() - m_table.rows.size())),
            m_table.rows, after));
}

void DatasetGridModel::removeRows(const QList<int> &rows)
{
    std::vector<bool> removed(m_table.rows.size(), false);
    for (const int row : rows)
        if (const int caseIndex = caseAt(row); caseIndex >= 0)
            removed[std::size_t(caseIndex)] = true;
    std::vector<DatasetRow> after;
    for (std::size_t i = 0; i < m_table.rows.size(); ++i)
        if (!removed[i])
            after.push_back(m_table.rows[i]);
    if (after.size() != m_table.rows.size())
        m_history->push(new DatasetRowsCommand(this,
            tr("Delete %n case(s)", nullptr, int(m_table.rows.size() - after.size())),
            m_table.rows, after));
}

void DatasetGridModel::replaceRows(const std::vector<DatasetRow> &rows)
{
    m_ordering.waitForFinished();
    beginResetModel();
    m_table.rows = rows;
    // Until the order is computed again, cases in their own order.
    m_order.resize(m_table.rows.size());
    std::iota(m_order.begin(), m_order.end(), 0);
    endResetModel();
    if (m_sortColumn >= 0 || !m_filter.isEmpty())
        reorder();
}

void DatasetGridModel::sortBy(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    reorder();
}

void DatasetGridModel::filter(const QString &text)
{
    m_filter = text;
    reorder();
}

void DatasetGridModel::reorder()
{
    m_ordering.waitForFinished(); // one ordering at a time; the newest wins
    m_ordering.setFuture(QtConcurrent::run(orderOf, m_table.rows, int(m_table.variables.size()),
        columnCount(), m_sortColumn, m_filter, m_sortOrder));
}

} // namespace ps::widgets
