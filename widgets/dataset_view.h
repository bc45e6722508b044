#pragma once

#include "dataset_table.h"

#include <QMap>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

// The Dataset tab: a grid over a dataset revision's cases — a column per variable, expected,
// tags, assertions, note — to edit (each edit undoable), add, duplicate and delete cases, sort
// and filter, and save as the dataset's next revision; never in place.
namespace ps::widgets {

class DatasetGridModel;

class DatasetView final : public QWidget
{
    Q_OBJECT
public:
    explicit DatasetView(QWidget *parent = nullptr);

    void showTable(DatasetTable table);
    void showError(const QString &error);
    // While a file is imported: `done` cases read so far of about `total` (0: unknown).
    void showImportProgress(int done, int total);
    void showNote(const QString &note);
    bool isModified() const;
    QString statusText() const;
    // What the current case costs as the open prompt sends it, under the grid.
    void showCaseTokens(const QString &text);
    QString caseTokensText() const;

    DatasetGridModel *gridModel() const { return m_model; }
    QTableView *grid() const { return m_grid; }
    QLineEdit *filterEdit() const { return m_filter; }
    QPushButton *saveButton() const { return m_save; }

public slots:
    void addCase();
    void duplicateSelected();
    void deleteSelected();
    void fillVariablesFromCurrent();
    // Opens the current case's assertions in the assertions editor (double-click on them too).
    void editAssertions();

signals:
    void saveRequested(const ps::widgets::DatasetTable &table);
    // "Fill variables from this row": the row's variable values, for the editor.
    void fillRequested(const QMap<QString, QString> &values);
    // The current case (its index in rows()) changed or was edited; -1 for none.
    void currentCaseChanged(int caseIndex);
    void importRequested(); // Import…: a CSV or JSONL file as a revision
    void exportRequested(); // Export…: the cases as JSONL

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QList<int> selectedRows() const;
    void updateState();

    DatasetGridModel *m_model;
    QLabel *m_title;
    QLineEdit *m_filter;
    QTableView *m_grid;
    QPushButton *m_save;
    QPushButton *m_fill;
    QLabel *m_status;
    QLabel *m_caseTokens;
    QProgressBar *m_progress;
};

} // namespace ps::widgets
