#pragma once

#include "eval_results.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QTableWidget;

// A finished (or stopped) evaluation: the summary per column with intervals, the A/B sentences,
// the specs, and the matrix of cases × columns, filtered to failures on request; double-click
// a cell for its whole answer.
namespace ps::widgets {

class EvalChartsView;
class EvalClassificationView;
class EvalMatrixModel;
class EvalMatrixFilter;

class EvalResultsView final : public QWidget
{
    Q_OBJECT
public:
    explicit EvalResultsView(QWidget *parent = nullptr);

    void showResults(const EvalResults &results);
    // While the run goes on its figures are not final: they are hidden (a note says when they
    // come), and only the matrix fills.
    void showRunning(const EvalResults &results);
    // Answers of the run shown that arrived since, into the matrix.
    void addCells(const std::vector<EvalCellResult> &cells);
    const EvalResults &results() const;

    QTableWidget *summaryTable() const { return m_summary; }
    QTableView *matrixView() const { return m_matrix; }
    EvalMatrixFilter *matrixFilter() const { return m_filter; }
    QCheckBox *failuresOnly() const { return m_failuresOnly; }
    QCheckBox *disagreementsOnly() const { return m_disagreementsOnly; }
    QComboBox *tagFilter() const { return m_tag; }
    // Opens the answers at a matrix index (of the view's model) in a dialog.
    void openCell(const QModelIndex &index);

    QPushButton *exportButton() const { return m_export; }
    EvalClassificationView *classificationView() const { return m_classification; }
    EvalChartsView *chartsView() const { return m_charts; }
    QTabWidget *figureTabs() const { return m_figures; }
    // What the matrix is narrowed to by a confusion cell ("" when it is not).
    QString confusionNote() const;

signals:
    void cellOpened(const QString &text);
    // Export Report…: the run's report to a file the app asks for.
    void exportRequested(const QString &runId);
    // New Dataset from Answers…: a column's answers as the expected outputs of a dataset.
    void datasetRequested(const QString &runId);
    // Rate Blind…: a blind human rating session over the run's columns.
    void rateRequested(const QString &runId);
    // An opened cell's Mark Good / Mark Bad…: `answer` is RUN_ID:CASE:COLUMN[:REPEAT], `text`
    // what it said, `over` the cell's dialog (a question about it opens over that).
    void markRequested(const QString &answer, const QString &text, bool good, QWidget *over);

private:
    QLabel *m_title;
    QLabel *m_runningNote;
    QTableWidget *m_summary;
    QLabel *m_comparisons;
    QTabWidget *m_figures; // Summary, Classification
    EvalClassificationView *m_classification;
    EvalChartsView *m_charts;
    QLabel *m_confusionNote;
    QPushButton *m_showAll;
    QCheckBox *m_failuresOnly;
    QCheckBox *m_disagreementsOnly;
    QComboBox *m_tag;
    QPushButton *m_export;
    QPushButton *m_makeDataset;
    QPushButton *m_rate;
    QTableView *m_matrix;
    EvalMatrixModel *m_model;
    EvalMatrixFilter *m_filter;
};

} // namespace ps::widgets
