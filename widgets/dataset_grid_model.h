#pragma once

#include "dataset_table.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>

#include <memory>
#include <utility>
#include <vector>

class QUndoStack;

// The dataset grid's model: every edit — a cell, rows added, duplicated or removed — is an undo
// command on its own stack; sorting and filtering are computed off the GUI thread, so 100,000
// rows sort without a stall, and shown through a row order (the cases themselves keep theirs).
namespace ps::widgets {

class DatasetGridModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int kFieldColumns = 4; // expected, tags, assertions, note

    explicit DatasetGridModel(QObject *parent = nullptr);
    ~DatasetGridModel() override;

    void setTable(DatasetTable table); // clears the history
    // The dataset's name, revision, source and variables (its rows are rows()).
    const DatasetTable &table() const { return m_table; }
    const std::vector<DatasetRow> &rows() const { return *m_rows; }
    // The table with its rows as they are now: what Save stores.
    DatasetTable snapshot() const;
    QUndoStack *history() const { return m_history; }
    bool isModified() const;
    void markSaved();

    // The case shown at a view row.
    int caseAt(int row) const
    {
        return row >= 0 && std::size_t(row) < m_order.size() ? m_order[std::size_t(row)] : -1;
    }
    int rowOfCase(int caseIndex) const;

    void addRow(); // an empty case at the end
    void duplicateRows(const QList<int> &rows); // view rows; copies after the last
    void removeRows(const QList<int> &rows);

    // Shows the rows ordered by `column` (off the GUI thread; sorted() when shown).
    void sortBy(int column, Qt::SortOrder order);
    // Shows only the rows with a cell containing `text` (case-insensitive; "" shows all).
    void filter(const QString &text);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    void sorted();
    void filtered();

private:
    friend class DatasetCellCommand;
    friend class DatasetRowsCommand;
    // The rows to change: copied first only while an ordering still reads them.
    std::vector<DatasetRow> &writableRows();
    QString cellText(const DatasetRow &row, int column) const;
    void setCellText(DatasetRow &row, int column, const QString &text);
    // Re-applies the order and filter on the whole table (after rows come or go).
    void reorder();
    void startOrdering();
    // Called by the commands.
    void applyCell(int caseIndex, int column, const QString &text);
    // Rows put at their indexes (ascending), or taken out of them.
    void insertRows(const std::vector<std::pair<int, DatasetRow>> &rows);
    void takeRows(const std::vector<std::pair<int, DatasetRow>> &rows);
    void rowsChanged();

    DatasetTable m_table; // without rows
    // Shared with an ordering under way, which reads them on another thread.
    std::shared_ptr<std::vector<DatasetRow>> m_rows;
    QUndoStack *m_history;
    std::vector<int> m_order; // view row -> case index
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QString m_filter;
    QFutureWatcher<std::vector<int>> m_ordering;
    // What the order answers to: bumped by each change of rows, sort or filter. A result of an
    // older generation is dropped (its row indexes may be of other rows).
    quint64 m_generation = 0;
    quint64 m_orderingGeneration = 0;
    bool m_reorderPending = false; // asked while an ordering ran
};

} // namespace ps::widgets
