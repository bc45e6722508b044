#include "dataset_from_answer.h"

#include "answer_to_dataset_dialog.h"
#include "response_area.h"
#include "response_pane.h"
#include "stale_answers.h"
#include "store_writer.h"
#include "workspace_snapshot.h"

#include "store/dataset_store.h"

namespace ps::app {

DatasetFromAnswer::DatasetFromAnswer(widgets::ResponseArea *area, const StaleAnswers *asked,
    StoreWriter *writer, const WorkspaceSnapshot *workspace, QObject *parent)
    : QObject(parent)
    , m_area(area)
    , m_asked(asked)
    , m_writer(writer)
    , m_workspace(workspace)
{
    connect(m_area, &widgets::ResponseArea::addToDatasetRequested, this, &DatasetFromAnswer::addFrom);
}

void DatasetFromAnswer::addFrom(int paneId)
{
    const widgets::ResponsePane *pane = m_area->paneById(paneId);
    if (!pane || pane->answerText().isEmpty() || m_workspace->project.path.empty())
        return;
    const nlohmann::json asked = m_asked->valuesAskedOf(paneId);
    const nlohmann::json values = asked.is_object() ? asked : nlohmann::json::object();
    QStringList datasets;
    for (const model::DatasetRecord &record : m_workspace->project.datasets)
        datasets << QString::fromStdString(record.name);
    QStringList shown;
    for (const auto &[name, value] : values.items())
        shown << QStringLiteral("%1 = %2").arg(QString::fromStdString(name),
            QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump()));

    auto *dialog = new widgets::AnswerToDatasetDialog(
        datasets, m_lastDataset, shown, pane->answerText(), m_area->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const std::string prompt = m_asked->promptAskedOf(paneId);
    const std::string target = pane->targetId().toStdString();
    connect(dialog, &QDialog::accepted, this, [this, dialog, values, prompt, target] {
        eval::DatasetCase item;
        item.vars = values;
        item.expected = dialog->expected().toStdString();
        for (const QString &tag : dialog->tags())
            item.tags.push_back(tag.toStdString());
        const QString name = dialog->datasetName();
        m_lastDataset = name;
        const std::string source = "an answer of " + target + " to " + prompt + " in Promptsmith";
        auto added = std::make_shared<model::DatasetRecord>();
        m_writer->changeProject(
            [name = name.toStdString(), source, item, added](store::Project &project) {
                *added = store::DatasetStore(project).appendCases(name, source, {item});
            },
            [this, name, added](const QString &error) {
                if (!error.isEmpty()) {
                    emit statusMessage(tr("Not added to %1: %2").arg(name, error));
                    return;
                }
                emit caseAdded(name, added->revision, added->caseCount);
                emit statusMessage(tr("Added as case %1 of %2 (revision %3)")
                                       .arg(added->caseCount)
                                       .arg(name)
                                       .arg(added->revision));
            });
    });
    dialog->open();
}

} // namespace ps::app
