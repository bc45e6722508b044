#pragma once

#include "dataset_table_conversion.h"

#include <QFuture>
#include <QObject>
#include <QString>

namespace ps::widgets {
class DatasetView;
class PromptWorkbench;
} // namespace ps::widgets

// The Dataset tab's wiring: reads a dataset's newest revision off the GUI thread into the grid,
// saves the grid as the dataset's next revision (as `dataset import` makes one; never in
// place), and sends a case's values to the editor's Variables.
namespace ps::app {

class ProjectSession;

class DatasetTab final : public QObject
{
    Q_OBJECT
public:
    // All must outlive the tab.
    DatasetTab(ProjectSession *session, widgets::DatasetView *view,
        widgets::PromptWorkbench *workbench, QObject *parent = nullptr);
    ~DatasetTab() override;

    void open(const QString &name);
    // Imports a CSV or JSONL file as dataset `name`'s next revision (a new dataset when there is
    // none), with progress; the refusal names the file and line.
    void importFile(const QString &path, const QString &name);
    // Writes the grid's cases as JSONL (never over the project).
    void exportTo(const QString &path);

signals:
    // Variables were filled from a case: the editor is where they show.
    void variablesFilled();
    void saved(int revision);
    void imported(const QString &name, int revision);

private:
    void save(const widgets::DatasetTable &table);
    // Under the grid: the current case's tokens as the editor's prompt sends it, for the panes' models.
    void showCaseTokens(const widgets::PromptWorkbench *workbench, int caseIndex);
    void chooseImport();
    void chooseExport();

    ProjectSession *m_session;
    widgets::DatasetView *m_view;
    QFuture<void> m_read; // open(): the grid's cases read
    QFuture<void> m_job; // an import, a save or an export (which then opens the result)
};

} // namespace ps::app
