#pragma once

#include <QObject>
#include <QString>

namespace ps::widgets {
class ResponseArea;
}

// A pane's "Add to dataset": the variable values it answered become a new case of a dataset
// (the project's, or a new one), its answer (edited first) the expected output — stored as the
// dataset's next revision, never in place, through the window's store writer.
namespace ps::app {

class StaleAnswers;
class StoreWriter;
struct WorkspaceSnapshot;

class DatasetFromAnswer final : public QObject
{
    Q_OBJECT
public:
    // All must outlive this; `workspace` names the project's datasets.
    DatasetFromAnswer(widgets::ResponseArea *area, const StaleAnswers *asked, StoreWriter *writer,
        const WorkspaceSnapshot *workspace, QObject *parent = nullptr);

signals:
    void statusMessage(const QString &text);
    // `name`'s revision `revision` now ends with the new case, its `caseCount`th.
    void caseAdded(const QString &name, int revision, int caseCount);

private:
    void addFrom(int paneId);

    widgets::ResponseArea *m_area;
    const StaleAnswers *m_asked;
    StoreWriter *m_writer;
    const WorkspaceSnapshot *m_workspace;
    QString m_lastDataset; // offered first next time
};

} // namespace ps::app
