#pragma once

#include "project_snapshot.h"

#include <QStandardItemModel>

// The project tree: prompts with their versions (newest first) and label chips.
namespace ps::widgets {

class ProjectTreeModel final : public QStandardItemModel
{
    Q_OBJECT
public:
    enum Role { PromptNameRole = Qt::UserRole + 1, VersionNumberRole, LabelsRole, DetailRole };

    explicit ProjectTreeModel(QObject *parent = nullptr);
    void setSnapshot(const ProjectSnapshot &snapshot);
};

} // namespace ps::widgets
