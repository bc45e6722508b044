#pragma once

#include "eval_results.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

// A run's classification per column: accuracy and F1s with intervals, the per-class table and
// the confusion matrix; a click on a count asks for the cases behind it.
namespace ps::widgets {

class EvalClassificationView final : public QWidget
{
    Q_OBJECT
public:
    explicit EvalClassificationView(QWidget *parent = nullptr);

    // Shows the first column's (empty: nothing to show).
    void showClassification(const std::vector<EvalClassification> &columns);
    QTableWidget *confusionTable() const { return m_confusion; }
    QComboBox *columnBox() const { return m_column; }

signals:
    // The cases of confusion cell (expected, predicted) in `column`; `predicted` is empty for
    // the column of other answers, which are none of `labels`.
    void confusionChosen(const QString &column, const QString &expected, const QString &predicted,
        const QStringList &labels);

private:
    void showColumn(int index);

    std::vector<EvalClassification> m_columns;
    QComboBox *m_column;
    QLabel *m_headline;
    QTableWidget *m_perClass;
    QTableWidget *m_confusion;
};

} // namespace ps::widgets
