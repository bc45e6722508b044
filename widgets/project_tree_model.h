#pragma once

#include "project_snapshot.h"

#include <QStandardItemModel>

#include <optional>

// The project tree: prompts with their versions (newest first) and label chips, datasets, and
// the recent runs.
namespace ps::widgets {

class ProjectTreeModel final : public QStandardItemModel
{
    Q_OBJECT
public:
    enum Role {
        PromptNameRole = Qt::UserRole + 1,
        VersionNumberRole,
        LabelsRole,
        DetailRole,
        RunIdRole,
        DatasetNameRole,
    };

    explicit ProjectTreeModel(QObject *parent = nullptr);
    void setSnapshot(const ProjectSnapshot &snapshot);
    // Shows a run as it is now: its row updated in place, or a new one on top of the Runs
    // section (the oldest dropped past ProjectSnapshot::kRecentRuns). The rest stays as it is.
    void showRun(const model::RunRecord &run);
    // The row of `prompt`, or of its version `number` when given and listed; invalid when the
    // prompt is not in the tree.
    QModelIndex indexOf(const QString &prompt, std::optional<int> number) const;

private:
    QStandardItem *section(const QString &title); // a top-level heading
    static QStandardItem *placeholder(const QString &text); // greyed "nothing here" row
    static void describeRun(QStandardItem *item, const model::RunRecord &run);

    QStandardItem *m_runs = nullptr; // the Runs section
};

} // namespace ps::widgets
