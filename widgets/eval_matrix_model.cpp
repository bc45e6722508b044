#include "eval_matrix_model.h"

#include <QColor>

namespace ps::widgets {

namespace {

QString firstLine(const QString &text, int limit)
{
    QString line = text.simplified();
    if (line.size() > limit)
        line = line.left(limit - 1) + QChar(0x2026);
    return line;
}

// Pass and fail as a tint over the base colour, so that both palettes keep their text readable.
QColor tint(bool pass)
{
    QColor colour = pass ? QColor(46, 160, 67) : QColor(218, 54, 51);
    colour.setAlpha(56);
    return colour;
}

} // namespace

EvalMatrixModel::EvalMatrixModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void EvalMatrixModel::setResults(const EvalResults &results)
{
    beginResetModel();
    m_results = results;
    m_cells.clear();
    m_rowFailed.assign(m_results.cases.size(), false);
    m_rowOf.clear();
    for (std::size_t row = 0; row < m_results.cases.size(); ++row)
        m_rowOf[m_results.cases[row].index] = static_cast<int>(row);
    for (std::size_t i = 0; i < m_results.cells.size(); ++i)
        place(i);
    endResetModel();
}

int EvalMatrixModel::place(std::size_t i)
{
    const EvalCellResult &cell = m_results.cells[i];
    const auto row = m_rowOf.find(cell.caseIndex);
    const int column = static_cast<int>(m_results.columns.indexOf(cell.column));
    if (row == m_rowOf.end() || column < 0)
        return -1;
    m_cells[{row->second, column}].push_back(i);
    if (!cell.pass)
        m_rowFailed[std::size_t(row->second)] = true;
    return row->second;
}

void EvalMatrixModel::addCells(const std::vector<EvalCellResult> &cells)
{
    int first = rowCount();
    int last = -1;
    for (const EvalCellResult &cell : cells) {
        m_results.cells.push_back(cell);
        const int row = place(m_results.cells.size() - 1);
        if (row >= 0) {
            first = std::min(first, row);
            last = std::max(last, row);
        }
    }
    if (last >= 0) // one signal per batch: a 2,000-cell run redraws a few times a second
        emit dataChanged(index(first, 0), index(last, columnCount() - 1));
}

std::vector<const EvalCellResult *> EvalMatrixModel::cellsAt(const QModelIndex &index) const
{
    std::vector<const EvalCellResult *> cells;
    const auto found = m_cells.find({index.row(), index.column() - kFixedColumns});
    if (found != m_cells.end())
        for (const std::size_t i : found->second)
            cells.push_back(&m_results.cells[i]);
    return cells;
}

int EvalMatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_results.cases.size());
}

int EvalMatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kFixedColumns + static_cast<int>(m_results.columns.size());
}

QVariant EvalMatrixModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const EvalCaseRow &row = m_results.cases[std::size_t(index.row())];
    if (role == FailedRole)
        return bool(m_rowFailed[std::size_t(index.row())]);
    if (role == ExpectedLabelRole)
        return row.expectedLabel;
    if (role == TagsRole)
        return row.tags;
    if (role == DisagreedRole) {
        bool anyPass = false;
        bool anyFail = false;
        for (int column = 0; column < int(m_results.columns.size()); ++column) {
            const auto found = m_cells.find({index.row(), column});
            if (found == m_cells.end())
                continue;
            for (const std::size_t i : found->second)
                (m_results.cells[i].pass ? anyPass : anyFail) = true;
        }
        return anyPass && anyFail;
    }
    if (index.column() < kFixedColumns) {
        const QString text = index.column() == 0 ? QString::number(row.index + 1)
            : index.column() == 1               ? row.inputs
                                                : row.expected;
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == 0 ? text : firstLine(text, 80);
        case Qt::ToolTipRole:
            return index.column() == 0 ? QVariant() : QVariant(text);
        case SortRole:
            return index.column() == 0 ? QVariant(row.index) : QVariant(text);
        default:
            return {};
        }
    }
    const std::vector<const EvalCellResult *> cells = cellsAt(index);
    if (cells.empty())
        return role == Qt::DisplayRole ? QVariant(tr("not answered")) : QVariant();
    int passed = 0;
    double score = 0.0;
    for (const EvalCellResult *cell : cells) {
        passed += cell->pass ? 1 : 0;
        score += cell->score / double(cells.size());
    }
    const bool pass = passed == int(cells.size());
    const EvalCellResult &first = *cells.front();
    switch (role) {
    case Qt::DisplayRole: {
        QString text = (pass ? QStringLiteral("✓ ") : QStringLiteral("✗ "))
            + firstLine(first.error.isEmpty() ? first.text : first.error, 60);
        if (cells.size() > 1)
            text += tr("  (%1/%2 passed)").arg(passed).arg(cells.size());
        return text;
    }
    case Qt::ToolTipRole:
        return tr("%1 · score %2 — double-click for the whole answer")
            .arg(pass ? tr("passed") : tr("failed"))
            .arg(score, 0, 'f', 3);
    case Qt::BackgroundRole:
        return tint(pass);
    case Qt::AccessibleTextRole:
        return (pass ? tr("passed: ") : tr("failed: ")) + firstLine(first.text, 60);
    case PassRole:
        return pass;
    case PredictedRole:
        return first.predicted;
    case ScoreRole:
    case SortRole:
        return score;
    default:
        return {};
    }
}

QVariant EvalMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == 0)
        return tr("#");
    if (section == 1)
        return tr("Inputs");
    if (section == 2)
        return tr("Expected");
    return m_results.columns.value(section - kFixedColumns);
}

EvalMatrixFilter::EvalMatrixFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EvalMatrixModel::SortRole);
}

void EvalMatrixFilter::setFailuresOnly(bool on)
{
    if (on == m_failuresOnly)
        return;
    m_failuresOnly = on;
    invalidateRowsFilter();
}

void EvalMatrixFilter::setDisagreementsOnly(bool on)
{
    m_disagreementsOnly = on;
    invalidateRowsFilter();
}

void EvalMatrixFilter::setTag(const QString &tag)
{
    m_tag = tag;
    invalidateRowsFilter();
}

void EvalMatrixFilter::setConfusion(
    int column, const QString &expected, const QString &predicted, const QStringList &labels)
{
    m_confusionColumn = column;
    m_expected = expected;
    m_predicted = predicted;
    m_labels = labels;
    invalidateRowsFilter();
}

void EvalMatrixFilter::clearConfusion()
{
    if (m_confusionColumn < 0)
        return;
    m_confusionColumn = -1;
    invalidateRowsFilter();
}

bool EvalMatrixFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex first = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_failuresOnly && !first.data(EvalMatrixModel::FailedRole).toBool())
        return false;
    if (m_disagreementsOnly && !first.data(EvalMatrixModel::DisagreedRole).toBool())
        return false;
    if (!m_tag.isEmpty() && !first.data(EvalMatrixModel::TagsRole).toStringList().contains(m_tag))
        return false;
    if (m_confusionColumn < 0)
        return true;
    if (first.data(EvalMatrixModel::ExpectedLabelRole).toString() != m_expected)
        return false;
    const QString predicted = sourceModel()
                                  ->index(sourceRow, m_confusionColumn, sourceParent)
                                  .data(EvalMatrixModel::PredictedRole)
                                  .toString();
    return m_predicted.isEmpty() ? !m_labels.contains(predicted) : predicted == m_predicted;
}

} // namespace ps::widgets
