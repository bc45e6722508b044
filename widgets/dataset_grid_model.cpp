#include "dataset_grid_model.h"

#include <QCollator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

// Cases added (duplicated) or removed, each at its index: undo does the opposite.
class DatasetRowsCommand final : public QUndoCommand
{
public:
    DatasetRowsCommand(DatasetGridModel *model, const QString &text, bool insert,
        std::vector<std::pair<int, DatasetRow>> rows)
        : QUndoCommand(text)
        , m_model(model)
        , m_insert(insert)
        , m_rows(std::move(rows))
    { }
    void undo() override { m_insert ? m_model->takeRows(m_rows) : m_model->insertRows(m_rows); }
    void redo() override { m_insert ? m_model->insertRows(m_rows) : m_model->takeRows(m_rows); }

private:
    DatasetGridModel *m_model;
    bool m_insert;
    std::vector<std::pair<int, DatasetRow>> m_rows; // ascending indexes
};

namespace {

// "classification; icontains billing; rouge-l ≥ 0.5": the assertions as a reader scans them (the
// editor has the JSON).
QString assertionsSummary(const QString &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8());
    if (!document.isArray())
        return json;
    QStringList parts;
    for (const QJsonValue &value : document.array()) {
        const QJsonObject assertion = value.toObject();
        QString part = assertion.value(QStringLiteral("type")).toString();
        const QJsonValue expected = assertion.value(QStringLiteral("value"));
        if (expected.isString())
            part += QLatin1Char(' ') + expected.toString().left(40);
        if (assertion.contains(QStringLiteral("threshold")))
            part += QStringLiteral(" ≥ ") + QString::number(assertion.value(QStringLiteral("threshold")).toDouble());
        parts << part;
    }
    return parts.join(QStringLiteral("; "));
}

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
std::vector<int> orderOf(const std::shared_ptr<const std::vector<DatasetRow>> &shared,
    int variables, int columns, int column, const QString &needle, Qt::SortOrder order)
{
    const std::vector<DatasetRow> &rows = *shared;
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
    , m_rows(std::make_shared<std::vector<DatasetRow>>())
    , m_history(new QUndoStack(this))
{
    connect(&m_ordering, &QFutureWatcher<std::vector<int>>::finished, this, [this] {
        if (m_orderingGeneration != m_generation) { // the rows, sort or filter changed since
            if (m_reorderPending)
                startOrdering();
            return;
        }
        const bool sorting = m_sortColumn >= 0;
        std::vector<int> order = m_ordering.result();
        if (order.size() == m_order.size()) { // the same rows in another order
            emit layoutAboutToBeChanged();
            m_order = std::move(order);
            emit layoutChanged();
        } else { // rows come or go: a layout change may not add or remove any
            beginResetModel();
            m_order = std::move(order);
            endResetModel();
        }
        if (sorting)
            emit sorted();
        emit filtered();
    });
}

DatasetGridModel::~DatasetGridModel()
{
    m_ordering.waitForFinished();
}

void DatasetGridModel::setTable(DatasetTable table)
{
    ++m_generation; // an ordering under way is of the old table
    m_reorderPending = false;
    beginResetModel();
    m_rows = std::make_shared<std::vector<DatasetRow>>(std::move(table.rows));
    table.rows = {};
    m_table = std::move(table);
    m_order.resize(m_rows->size());
    std::iota(m_order.begin(), m_order.end(), 0);
    m_sortColumn = -1;
    m_filter.clear();
    endResetModel();
    m_history->clear();
}

DatasetTable DatasetGridModel::snapshot() const
{
    DatasetTable table = m_table;
    table.rows = *m_rows;
    return table;
}

std::vector<DatasetRow> &DatasetGridModel::writableRows()
{
    if (m_rows.use_count() > 1)
        m_rows = std::make_shared<std::vector<DatasetRow>>(*m_rows);
    return *m_rows;
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
    const DatasetRow &row = (*m_rows)[std::size_t(m_order[std::size_t(index.row())])];
    const QString text = cellText(row, index.column());
    switch (role) {
    case Qt::DisplayRole: {
        // One line in the grid; the editor and the tooltip have the whole text.
        const bool assertions = index.column() == int(m_table.variables.size()) + 2;
        QString line = (assertions ? assertionsSummary(text) : text).left(200);
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
    const QString before = cellText((*m_rows)[std::size_t(caseIndex)], index.column());
    const QString after = value.toString();
    if (before == after)
        return false;
    m_history->push(new DatasetCellCommand(this, caseIndex, index.column(), before, after));
    return true;
}

void DatasetGridModel::applyCell(int caseIndex, int column, const QString &text)
{
    setCellText(writableRows()[std::size_t(caseIndex)], column, text);
    const int row = rowOfCase(caseIndex);
    if (row >= 0)
        emit dataChanged(index(row, column), index(row, column));
}

Qt::ItemFlags DatasetGridModel::flags(const QModelIndex &index) const
{
    // Assertions are edited in their own editor (DatasetView::editAssertions), not as JSON.
    if (index.column() == int(m_table.variables.size()) + 2)
        return QAbstractTableModel::flags(index);
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
    DatasetRow row;
    for (int i = 0; i < m_table.variables.size(); ++i)
        row.values << QString();
    m_history->push(new DatasetRowsCommand(
        this, tr("Add a case"), true, {{int(m_rows->size()), std::move(row)}}));
}

void DatasetGridModel::duplicateRows(const QList<int> &rows)
{
    std::vector<std::pair<int, DatasetRow>> copies;
    int at = int(m_rows->size());
    for (const int row : rows)
        if (const int caseIndex = caseAt(row); caseIndex >= 0)
            copies.emplace_back(at++, (*m_rows)[std::size_t(caseIndex)]);
    if (!copies.empty())
        m_history->push(new DatasetRowsCommand(this,
            tr("Duplicate %n cases", nullptr, int(copies.size())), true, std::move(copies)));
}

void DatasetGridModel::removeRows(const QList<int> &rows)
{
    std::vector<int> cases;
    for (const int row : rows)
        if (const int caseIndex = caseAt(row); caseIndex >= 0)
            cases.push_back(caseIndex);
    std::sort(cases.begin(), cases.end());
    cases.erase(std::unique(cases.begin(), cases.end()), cases.end());
    std::vector<std::pair<int, DatasetRow>> removed;
    for (const int caseIndex : cases)
        removed.emplace_back(caseIndex, (*m_rows)[std::size_t(caseIndex)]);
    if (!removed.empty())
        m_history->push(new DatasetRowsCommand(this,
            tr("Delete %n cases", nullptr, int(removed.size())), false, std::move(removed)));
}

void DatasetGridModel::insertRows(const std::vector<std::pair<int, DatasetRow>> &rows)
{
    ++m_generation; // an ordering under way counts the rows as they were
    beginResetModel();
    std::vector<DatasetRow> &all = writableRows();
    for (const auto &[at, row] : rows) // ascending: each index counts the ones before it
        all.insert(all.begin() + at, row);
    rowsChanged();
}

void DatasetGridModel::takeRows(const std::vector<std::pair<int, DatasetRow>> &rows)
{
    ++m_generation;
    beginResetModel();
    std::vector<DatasetRow> &all = writableRows();
    for (auto row = rows.rbegin(); row != rows.rend(); ++row)
        all.erase(all.begin() + row->first);
    rowsChanged();
}

// Ends the reset that insertRows or takeRows began.
void DatasetGridModel::rowsChanged()
{
    // Until the order is computed again, cases in their own order.
    m_order.resize(m_rows->size());
    std::iota(m_order.begin(), m_order.end(), 0);
    endResetModel();
    if (m_sortColumn >= 0 || !m_filter.isEmpty())
        reorder();
}

void DatasetGridModel::sortBy(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reorder();
}

void DatasetGridModel::filter(const QString &text)
{
    if (text == m_filter)
        return;
    m_filter = text;
    reorder();
}

void DatasetGridModel::reorder()
{
    // One ordering at a time, never waited for on the GUI thread: one under way finishes
    // unseen, and the newest question is asked then.
    ++m_generation;
    if (m_ordering.isRunning()) {
        m_reorderPending = true;
        return;
    }
    startOrdering();
}

void DatasetGridModel::startOrdering()
{
    m_reorderPending = false;
    m_orderingGeneration = m_generation;
    // The rows are shared with the ordering, not copied: an edit meanwhile copies them first.
    m_ordering.setFuture(QtConcurrent::run(orderOf,
        std::shared_ptr<const std::vector<DatasetRow>>(m_rows), int(m_table.variables.size()),
        columnCount(), m_sortColumn, m_filter, m_sortOrder));
}

} // namespace ps::widgets
