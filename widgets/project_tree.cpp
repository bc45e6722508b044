#include "project_tree.h"

#include "label_chip_delegate.h"
#include "project_tree_model.h"

namespace ps::widgets {

ProjectTree::ProjectTree(QWidget *parent)
    : QTreeView(parent)
    , m_model(new ProjectTreeModel(this))
{
    setObjectName(QStringLiteral("projectTree"));
    setAccessibleName(tr("Project"));
    setModel(m_model);
    setHeaderHidden(true);
    setItemDelegate(new LabelChipDelegate(
        ProjectTreeModel::LabelsRole, ProjectTreeModel::DetailRole, this));
    setUniformRowHeights(true);
    setMinimumWidth(180);
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) {
            if (!m_selecting)
                emit rowChosen(current);
        });
}

void ProjectTree::showProject(const ProjectSnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
    expandToDepth(0);
}

void ProjectTree::refresh(const ProjectSnapshot &snapshot)
{
    const QModelIndex current = currentIndex(); // read before the model is filled
    const QString prompt = current.data(ProjectTreeModel::PromptNameRole).toString();
    const QVariant number = current.data(ProjectTreeModel::VersionNumberRole);
    QStringList open;
    for (const model::PromptRecord &record : snapshot.prompts)
        if (isExpanded(m_model->indexOf(QString::fromStdString(record.name), {})))
            open << QString::fromStdString(record.name);
    m_model->setSnapshot(snapshot);
    expandToDepth(0);
    for (const QString &name : open)
        expand(m_model->indexOf(name, std::nullopt));
    selectRow(prompt, number.isValid() ? std::optional<int>(number.toInt()) : std::nullopt);
}

void ProjectTree::selectRow(const QString &prompt, std::optional<int> number)
{
    const QModelIndex target = m_model->indexOf(prompt, number);
    if (!target.isValid())
        return;
    m_selecting = true;
    expand(m_model->indexOf(prompt, std::nullopt)); // the prompt's row
    setCurrentIndex(target);
    m_selecting = false;
}

} // namespace ps::widgets
