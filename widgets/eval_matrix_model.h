#pragma once

#include "eval_results.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <map>
#include <utility>

// The results matrix: a row per case (its number, inputs and expected output), a column per
// version × target with the start of the answer, pass/fail by colour and the score.
namespace ps::widgets {

class EvalMatrixModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        PassRole = Qt::UserRole + 1, // bool, answer columns: every repeat passed
        ScoreRole, // double: the mean score of the repeats
        SortRole, // what the column sorts by
        FailedRole, // bool, any column: some answer of the row failed
        ExpectedLabelRole, // QString, any column: the label the case expects (normalised)
        PredictedRole, // QString, answer columns: the first answer as a label
        DisagreedRole, // bool, any column: the columns do not all pass or all fail
        TagsRole, // QStringList, any column: the case's tags
    };
    static constexpr int kFixedColumns = 3; // #, inputs, expected

    explicit EvalMatrixModel(QObject *parent = nullptr);

    void setResults(const EvalResults &results);
    // Answers that arrived while the run goes on, into their rows and columns.
    void addCells(const std::vector<EvalCellResult> &cells);
    const EvalResults &results() const { return m_results; }
    // The answers at a view index (every repeat), empty for the fixed columns.
    std::vector<const EvalCellResult *> cellsAt(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    EvalResults m_results;
    // (row, answer column) -> indexes into m_results.cells
    std::map<std::pair<int, int>, std::vector<std::size_t>> m_cells;
    std::vector<bool> m_rowFailed;
    std::map<int, int> m_rowOf; // case index -> row
    // Files cell `i` of m_results.cells under its row and column; its row, or -1.
    int place(std::size_t i);
};

// The matrix as shown: sorted by any column, and, when asked, only the rows with a failure.
class EvalMatrixFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit EvalMatrixFilter(QObject *parent = nullptr);
    void setFailuresOnly(bool on);
    bool failuresOnly() const { return m_failuresOnly; }
    void setDisagreementsOnly(bool on);
    void setTag(const QString &tag); // "" for any
    // Only the cases expecting `expected` whose answer in source column `column` is `predicted`
    // — or, with `predicted` empty, any answer that is none of `labels` (a confusion cell).
    void setConfusion(int column, const QString &expected, const QString &predicted,
        const QStringList &labels);
    void clearConfusion();
    bool hasConfusion() const { return m_confusionColumn >= 0; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool m_failuresOnly = false;
    bool m_disagreementsOnly = false;
    QString m_tag;
    int m_confusionColumn = -1;
    QString m_expected;
    QString m_predicted;
    QStringList m_labels;
};

} // namespace ps::widgets
