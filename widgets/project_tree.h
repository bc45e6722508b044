#pragma once

#include "project_snapshot.h"

#include <QTreeView>

#include <optional>

// The project tree on the left: prompts with their versions (labels as chips), runs and
// datasets. Filled again, it keeps the row the user is on and the prompts they opened.
namespace ps::widgets {

class ProjectTreeModel;

class ProjectTree final : public QTreeView
{
    Q_OBJECT
public:
    explicit ProjectTree(QWidget *parent = nullptr);

    ProjectTreeModel *treeModel() const { return m_model; }
    // A project just opened: its rows, the prompts closed.
    void showProject(const ProjectSnapshot &snapshot);
    // The same project read again: the current row and the open prompts stay.
    void refresh(const ProjectSnapshot &snapshot);
    // Moves to a prompt's row (or a version's) without rowChosen.
    void selectRow(const QString &prompt, std::optional<int> number);

signals:
    // The user moved to a row.
    void rowChosen(const QModelIndex &index);

private:
    ProjectTreeModel *m_model;
    bool m_selecting = false;
};

} // namespace ps::widgets
