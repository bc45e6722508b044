#include "rating_tab.h"

#include "project_session.h"
#include "rating_view.h"
#include "store_writer.h"
#include "workspace_snapshot.h"

#include "rating/rating_scale.h"
#include "rating/rating_sessions.h"
#include "run/eval_columns.h"
#include "store/project.h"
#include "store/rating_store.h"
#include "store/run_store.h"
#include "util/user_name.h"

#include <QInputDialog>
#include <QtConcurrent/QtConcurrentRun>

#include <map>

namespace ps::app {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// What the view shows of a session for `rater`: blind items, the scale's scores, the guideline.
widgets::RatingSessionShown shownSession(
    const store::Project &project, const std::string &sessionId, const std::string &rater)
{
    const store::RatingStore ratings(project);
    const model::RatingSessionRecord session = ratings.session(sessionId);
    widgets::RatingSessionShown shown;
    shown.session = qs(session.id);
    shown.rater = qs(rater);
    shown.mode = qs(session.mode);
    for (const std::string &criterion : session.criteria)
        shown.criteria << qs(criterion);
    shown.guideline = qs(session.guideline);
    if (session.mode == "rubric")
        for (const std::string &score : rating::RatingScale::parse(session.scale).scores())
            shown.scale << qs(score);
    for (const rating::BlindItem &item : rating::blindItems(project, sessionId, rater)) {
        widgets::RatingItemShown row;
        row.id = qs(item.id);
        for (const auto &[name, value] : item.vars.items())
            row.vars.append({qs(name), qs(value.is_string() ? value.get<std::string>() : value.dump())});
        for (const std::string &response : item.responses)
            row.responses << qs(response);
        shown.items.push_back(std::move(row));
    }
    for (const model::RatingRecord &rating : ratings.ratings(sessionId))
        if (rating.rater == rater)
            shown.rated << qs(rating.item);
    return shown;
}

} // namespace

RatingTab::RatingTab(ProjectSession *session, widgets::RatingView *view, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_view(view)
{
    connect(view, &widgets::RatingView::rated, this, &RatingTab::store);
    connect(view, &widgets::RatingView::finished, this, &RatingTab::reveal);
}

RatingTab::~RatingTab()
{
    m_read.waitForFinished();
}

void RatingTab::open(const QString &sessionId, const QString &rater)
{
    const std::string path = m_session->workspace().project.path;
    if (path.empty() || rater.trimmed().isEmpty())
        return;
    m_read.waitForFinished();
    m_read = QtConcurrent::run([this, path, id = sessionId.toStdString(), name = rater.trimmed().toStdString()] {
        try {
            const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
            widgets::RatingSessionShown shown = shownSession(project, id, name);
            QMetaObject::invokeMethod(this, [this, shown = std::move(shown)] {
                m_open = shown.session;
                m_rater = shown.rater;
                m_view->showSession(shown);
                emit opened();
            }, Qt::QueuedConnection);
        } catch (const std::exception &error) {
            QMetaObject::invokeMethod(this, [this, why = qs(error.what())] {
                m_view->showNote(why);
                emit failed(why);
            }, Qt::QueuedConnection);
        }
    });
}

void RatingTab::rateBlind(const QString &runId)
{
    bool chosen = false;
    const QString rater = QInputDialog::getText(m_view, tr("Rate Blind"),
        tr("Your name as a rater (your ratings are kept under it; who answered is shown only "
           "after the last item):"),
        QLineEdit::Normal, qs(util::defaultAuthor()), &chosen).trimmed();
    if (!chosen || rater.isEmpty())
        return;
    // A session of this run already made (here or with `rate create`) is offered first, so
    // several raters rate the same items.
    QStringList offered;
    QStringList ids;
    for (const model::RatingSessionRecord &session : m_session->workspace().ratingSessions)
        if (qs(session.runId) == runId) {
            offered << tr("Session %1 · %2 · %n items", nullptr, session.itemCount)
                           .arg(qs(session.id), qs(session.mode))
                    + tr(", %n ratings so far", nullptr, session.ratingCount);
            ids << qs(session.id);
        }
    if (offered.isEmpty()) {
        createFor(runId, rater);
        return;
    }
    offered << tr("A new session");
    const QString choice = QInputDialog::getItem(m_view, tr("Rate Blind"),
        tr("Which session do you rate?"), offered, 0, false, &chosen);
    if (!chosen)
        return;
    const qsizetype at = offered.indexOf(choice);
    if (at >= 0 && at < ids.size())
        open(ids[at], rater);
    else
        createFor(runId, rater);
}

void RatingTab::createFor(const QString &runId, const QString &rater)
{
    const std::string path = m_session->workspace().project.path;
    if (path.empty())
        return;
    auto created = std::make_shared<std::string>();
    m_session->writer()->changeProject(
        [id = runId.toStdString(), created](store::Project &project) {
            const store::RunStore runs(project);
            const auto run = runs.findRun(id);
            rating::RatingSessionRequest request;
            request.runIds = {id};
            if (run && run::EvalColumns(*run, runs.responses(id)).keys().size() < 2)
                request.mode = "rubric";
            *created = rating::createRatingSession(project, request).session.id;
        },
        [this, created, rater](const QString &error) {
            if (!error.isEmpty()) {
                m_view->showNote(tr("No rating session: %1").arg(error));
                emit failed(error);
                return;
            }
            open(qs(*created), rater);
        });
}

void RatingTab::store(const widgets::RatingGiven &given)
{
    model::RatingRecord rating;
    rating.item = given.item.toStdString();
    rating.rater = m_rater.toStdString();
    rating.choice = given.choice.toStdString();
    rating.note = given.note.toStdString();
    const std::string sessionId = m_open.toStdString();
    m_session->writer()->changeProject(
        [sessionId, rating, scores = given.scores](store::Project &project) mutable {
            const model::RatingSessionRecord session = store::RatingStore(project).session(sessionId);
            if (session.mode == "rubric") {
                const rating::RatingScale scale = rating::RatingScale::parse(session.scale);
                for (const QString &score : scores)
                    rating.scores.push_back(scale.scoreFromText(score.toStdString()));
            }
            rating::addRating(project, sessionId, rating);
        },
        [this](const QString &error) {
            if (!error.isEmpty())
                m_view->showNote(tr("That rating was not stored: %1").arg(error));
        });
}

void RatingTab::reveal()
{
    const std::string path = m_session->workspace().project.path;
    const std::string sessionId = m_open.toStdString();
    const std::string rater = m_rater.toStdString();
    // After the writer has stored the last rating: its queue runs in order.
    m_session->writer()->changeProject([](store::Project &) {}, [this, path, sessionId, rater](const QString &) {
        m_read.waitForFinished();
        m_read = QtConcurrent::run([this, path, sessionId, rater] {
            try {
                const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
                const store::RatingStore ratings(project);
                std::map<std::string, std::string> given;
                for (const model::RatingRecord &rating : ratings.ratings(sessionId))
                    if (rating.rater == rater)
                        given[rating.item] = rating.choice.empty() ? rating.scores.dump() : rating.choice;
                QStringList lines;
                for (const model::RatingItemRecord &item : ratings.items(sessionId)) {
                    QString line = tr("Case %1: ").arg(item.caseIndex + 1);
                    for (std::size_t i = 0; i < item.columns.size(); ++i)
                        line += (i ? tr(", ") : QString())
                            + (item.columns.size() > 1 ? tr("Response %1 was %2") : tr("the response was %2"))
                                  .arg(i + 1)
                                  .arg(qs(item.columns[i]));
                    line += tr(" — you said %1").arg(qs(given.count(item.id) ? given[item.id] : "nothing"));
                    lines << line;
                }
                QMetaObject::invokeMethod(this, [this, lines] { m_view->showIdentities(lines); },
                    Qt::QueuedConnection);
            } catch (const std::exception &error) {
                QMetaObject::invokeMethod(this, [this, why = qs(error.what())] { m_view->showNote(why); },
                    Qt::QueuedConnection);
            }
        });
    });
}

} // namespace ps::app
