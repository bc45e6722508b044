#pragma once

#include "project_snapshot.h"

#include <QStandardItemModel>

// The project tree: prompts with their versions (newest first) and label chips, datasets, and
// the recent runs.
namespace ps::widgets {

class ProjectTreeModel final : public QStandardItemModel
{
    Q_OBJECT
public:
    enum Role { PromptNameRole = Qt::UserRole + 1, VersionNumberRole, LabelsRole, DetailRole };

    explicit ProjectTreeModel(QObject *parent = nullptr);
    void setSnapshot(const ProjectSnapshot &snapshot);

private:
    QStandardItem *section(const QString &title); // a top-level heading
    static QStandardItem *placeholder(const QString &text); // greyed "nothing here" row
};

} // namespace ps::widgets
