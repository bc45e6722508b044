#include "badcase_from_answer.h"

#include "app_settings.h"
#include "badcase_mark_dialog.h"
#include "response_area.h"
#include "response_pane.h"
#include "stale_answers.h"
#include "store_writer.h"
#include "workspace_snapshot.h"

#include "badcase/badcase_marking.h"
#include "store/rating_store.h"
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

QString shownMark(const badcase::MarkRequest &request)
{
    if (request.verdict == "good")
        return QObject::tr("Marked good");
    QStringList tags;
    for (const std::string &tag : request.tags)
        tags << QString::fromStdString(tag);
    return tags.isEmpty() ? QObject::tr("Marked bad") : QObject::tr("Marked bad: %1").arg(tags.join(QStringLiteral(", ")));
}

} // namespace

void BadcaseFromAnswer::markGood(int paneId)
{
    store(paneId, request(QStringLiteral("good")));
}

void BadcaseFromAnswer::markBad(int paneId)
{
    const widgets::ResponsePane *pane = m_area->paneById(paneId);
    if (!pane)
        return;
    askWhy(pane->answerText(), m_area->window(),
        [this, paneId](badcase::MarkRequest request) { store(paneId, std::move(request)); });
}

void BadcaseFromAnswer::markCell(const QString &answer, const QString &text, bool good, QWidget *parent)
{
    const auto write = [this, answer](badcase::MarkRequest request) {
        request.answer = answer.toStdString();
        const QString shown = shownMark(request);
        m_writer->changeProject([request](store::Project &project) { badcase::markAnswer(project, request); },
            [this, shown](const QString &error) { reportStored(error, shown); });
    };
    if (good)
        write(request(QStringLiteral("good")));
    else
        askWhy(text, parent, write);
}

void BadcaseFromAnswer::markRated(
    const QString &session, const QString &item, int side, const QString &text, QWidget *parent)
{
    askWhy(text, parent, [this, session = session.toStdString(), item = item.toStdString(), side](
                             badcase::MarkRequest request) {
        const QString shown = shownMark(request);
        m_writer->changeProject(
            [request, session, item, side](store::Project &project) mutable {
                const store::RatingStore ratings(project);
                for (const model::RatingItemRecord &rated : ratings.items(session))
                    if (rated.id == item && std::size_t(side) < rated.responseIds.size()) {
                        request.answer = badcase::answerOfResponse(project, ratings.session(session).runIds,
                            rated.responseIds[std::size_t(side)], &request.version);
                        badcase::markAnswer(project, request);
                        return;
                    }
                throw std::invalid_argument("the rating item is no longer stored");
            },
            [this, shown](const QString &error) { reportStored(error, shown); });
    });
}

badcase::MarkRequest BadcaseFromAnswer::request(const QString &verdict) const
{
    badcase::MarkRequest request;
    request.verdict = verdict.toStdString();
    request.by = settings::userName().toStdString();
    return request;
}

void BadcaseFromAnswer::askWhy(
    const QString &answer, QWidget *parent, std::function<void(badcase::MarkRequest)> then)
{
    QList<widgets::TagChoice> tags;
    for (const model::BadcaseTag &tag : m_workspace->badcaseTags)
        tags.push_back({QString::fromStdString(tag.name), QString::fromStdString(tag.description),
            QString::fromStdString(tag.colour)});
    auto *dialog = new widgets::BadcaseMarkDialog(tags, answer, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, then = std::move(then)] {
        badcase::MarkRequest marked = request(QStringLiteral("bad"));
        for (const QString &tag : dialog->tags())
            marked.tags.push_back(tag.toStdString());
        marked.note = dialog->note().toStdString();
        if (!dialog->corrected().isEmpty())
            marked.corrected = dialog->corrected().toStdString();
        then(std::move(marked));
    });
    dialog->open();
}

void BadcaseFromAnswer::reportStored(const QString &error, const QString &shown)
{
    if (!error.isEmpty()) {
        emit statusMessage(tr("Not marked: %1").arg(error));
        return;
    }
    emit statusMessage(shown);
    emit marked();
}

void BadcaseFromAnswer::store(int paneId, badcase::MarkRequest request)
{
    const widgets::ResponsePane *pane = m_area->paneById(paneId);
    const std::string prompt = m_asked->promptAskedOf(paneId);
    if (!pane || prompt.empty())
        return;
    const std::string target = pane->targetId().toStdString();
    const nlohmann::json values = m_asked->valuesAskedOf(paneId);
    if (values.is_object())
        request.vars = values;
    if (pane->comparesVersions()) {
        const QString key = pane->versionKey();
        if (!key.isEmpty() && key != QStringLiteral("draft"))
            request.version = prompt + "@" + key.toStdString();
    }
    const QString shown = shownMark(request);
    // The pane's run is written by the same writer, in order: its answer is stored by now.
    m_writer->changeProject(
        [request, prompt, target](store::Project &project) mutable {
            request.answer = newestWindowAnswer(project, prompt, target);
            badcase::markAnswer(project, request);
        },
        [this, paneId, shown](const QString &error) {
            if (widgets::ResponsePane *shownIn = m_area->paneById(paneId); shownIn && error.isEmpty())
                shownIn->setMark(shown);
            reportStored(error, shown);
        });
}

} // namespace ps::app
