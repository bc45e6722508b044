#include "badcase_from_answer.h"

#include "app_settings.h"
#include "badcase_mark_dialog.h"
#include "response_area.h"
#include "response_pane.h"
#include "stale_answers.h"
#include "store_writer.h"
#include "workspace_snapshot.h"

#include "badcase/badcase_marking.h"
#include "store/run_store.h"

#include <algorithm>
#include <stdexcept>

namespace ps::app {

BadcaseFromAnswer::BadcaseFromAnswer(widgets::ResponseArea *area, const StaleAnswers *asked,
    StoreWriter *writer, const WorkspaceSnapshot *workspace, QObject *parent)
    : QObject(parent)
    , m_area(area)
    , m_asked(asked)
    , m_writer(writer)
    , m_workspace(workspace)
{
    connect(m_area, &widgets::ResponseArea::markGoodRequested, this, &BadcaseFromAnswer::markGood);
    connect(m_area, &widgets::ResponseArea::markBadRequested, this, &BadcaseFromAnswer::markBad);
}

namespace {

// "RUN_ID:TARGET" of the newest window run of `prompt` that sent to `target`: the answer a pane
// shows (each Run makes a new run). Read in the writer's job, after the run's own writes.
std::string newestWindowAnswer(const store::Project &project, const std::string &prompt, const std::string &target)
{
    for (const model::RunRecord &run : store::RunStore(project).listRuns()) {
        if (run.kind != "run" || run.options.value("source", "") != "window"
            || run.version.rfind(prompt + "@", 0) != 0)
            continue;
        if (std::find(run.targets.begin(), run.targets.end(), target) != run.targets.end())
            return run.id + ":" + target;
    }
    throw std::invalid_argument("only a stored answer can be marked: save the prompt as a version and run it");
}

} // namespace

void BadcaseFromAnswer::markGood(int paneId)
{
    store(paneId, QStringLiteral("good"), {}, {}, {});
}

void BadcaseFromAnswer::markBad(int paneId)
{
    const widgets::ResponsePane *pane = m_area->paneById(paneId);
    if (!pane)
        return;
    QList<widgets::TagChoice> tags;
    for (const model::BadcaseTag &tag : m_workspace->badcaseTags)
        tags.push_back({QString::fromStdString(tag.name), QString::fromStdString(tag.description),
            QString::fromStdString(tag.colour)});
    auto *dialog = new widgets::BadcaseMarkDialog(tags, pane->answerText(), m_area->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, paneId] {
        store(paneId, QStringLiteral("bad"), dialog->tags(), dialog->note(), dialog->corrected());
    });
    dialog->open();
}

void BadcaseFromAnswer::store(int paneId, const QString &verdict, const QStringList &tags,
    const QString &note, const QString &corrected)
{
    const widgets::ResponsePane *asked = m_area->paneById(paneId);
    const std::string prompt = m_asked->promptAskedOf(paneId);
    if (!asked || prompt.empty())
        return;
    const std::string target = asked->targetId().toStdString();
    badcase::MarkRequest request;
    request.verdict = verdict.toStdString();
    for (const QString &tag : tags)
        request.tags.push_back(tag.toStdString());
    request.note = note.toStdString();
    if (!corrected.isEmpty())
        request.corrected = corrected.toStdString();
    request.by = settings::userName().toStdString();
    const nlohmann::json values = m_asked->valuesAskedOf(paneId);
    if (values.is_object())
        request.vars = values;
    if (const widgets::ResponsePane *pane = m_area->paneById(paneId); pane && pane->comparesVersions()) {
        const QString key = pane->versionKey();
        if (!key.isEmpty() && key != QStringLiteral("draft"))
            request.version = m_asked->promptAskedOf(paneId) + "@" + key.toStdString();
    }
    const QString shown = verdict == QStringLiteral("good")
        ? tr("Marked good")
        : (tags.isEmpty() ? tr("Marked bad") : tr("Marked bad: %1").arg(tags.join(QStringLiteral(", "))));
    // The pane's run is written by the same writer, in order: its answer is stored by now.
    m_writer->changeProject(
        [request, prompt, target](store::Project &project) mutable {
            request.answer = newestWindowAnswer(project, prompt, target);
            badcase::markAnswer(project, request);
        },
        [this, paneId, shown](const QString &error) {
            widgets::ResponsePane *pane = m_area->paneById(paneId);
            if (!error.isEmpty()) {
                emit statusMessage(tr("Not marked: %1").arg(error));
                return;
            }
            if (pane)
                pane->setMark(shown);
            emit statusMessage(shown);
            emit marked();
        });
}

} // namespace ps::app
