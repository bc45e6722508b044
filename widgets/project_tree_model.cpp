#include "project_tree_model.h"

#include <QApplication>
#include <QStyle>

namespace ps::widgets {

ProjectTreeModel::ProjectTreeModel(QObject *parent)
    : QStandardItemModel(parent)
{
    setHorizontalHeaderLabels({tr("Project")});
}

void ProjectTreeModel::setSnapshot(const ProjectSnapshot &snapshot)
{
    clear();
    setHorizontalHeaderLabels({tr("Project")});
    auto *prompts = new QStandardItem(tr("Prompts"));
    prompts->setEditable(false);
    prompts->setSelectable(false);
    appendRow(prompts);

    for (const store::PromptRecord &prompt : snapshot.prompts) {
        const QString name = QString::fromStdString(prompt.name);
        auto *promptItem = new QStandardItem(name);
        promptItem->setEditable(false);
        promptItem->setData(name, PromptNameRole);
        promptItem->setToolTip(QString::fromStdString(prompt.description));
        const auto it = snapshot.versions.find(prompt.name);
        if (it != snapshot.versions.end()) {
            // Newest first: that is the one a user reaches for.
            for (auto version = it->second.rbegin(); version != it->second.rend(); ++version) {
                QStringList labels;
                for (const std::string &label : version->labels)
                    labels << QString::fromStdString(label);
                auto *item = new QStandardItem(QStringLiteral("v%1").arg(version->number));
                item->setEditable(false);
                item->setData(name, PromptNameRole);
                item->setData(version->number, VersionNumberRole);
                item->setData(labels, LabelsRole);
                item->setData(QString::fromStdString(version->message), DetailRole);
                item->setToolTip(QStringLiteral("%1 · %2 · %3")
                                     .arg(QString::fromStdString(version->message),
                                         QString::fromStdString(version->author),
                                         QString::fromStdString(version->created)));
                promptItem->appendRow(item);
            }
        }
        prompts->appendRow(promptItem);
    }
    if (snapshot.prompts.empty()) {
        auto *empty = new QStandardItem(tr("No prompts yet"));
        empty->setEnabled(false);
        prompts->appendRow(empty);
    }
}

} // namespace ps::widgets
