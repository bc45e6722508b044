#include "rating_tab.h"

#include "project_session.h"
#include "rating_view.h"
#include "store_writer.h"
#include "workspace_snapshot.h"

#include "checklist_dialog.h"
#include "rating/guideline_examples.h"
#include "rating/rated_answers.h"
#include "rating/rating_report.h"
#include "rating/rating_scale.h"
#include "rating/rating_sessions.h"
#include "run/eval_columns.h"
#include "store/project.h"
#include "store/rating_store.h"
#include "store/run_store.h"
#include "util/ascii_text.h"
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

// "1 item", "12 items": English plurals without a translation file.
QString counted(int n, const QString &one, const QString &many)
{
    return n == 1 ? one : many.arg(n);
}

QString percent(double share)
{
    return QString::number(share * 100, 'f', 1) + QStringLiteral("%");
}

// The report as the window shows it: the same figures as `rate report`.
widgets::RatingReportShown reportShown(const rating::RatingReport &report)
{
    widgets::RatingReportShown shown;
    const model::RatingSessionRecord &session = report.session;
    shown.session = qs(session.id);
    shown.heading = RatingTab::tr("Session %1 · %2 · %3 of %4 by %5")
                        .arg(qs(session.id), qs(session.mode),
                            counted(report.ratings, RatingTab::tr("1 rating"), RatingTab::tr("%1 ratings")),
                            counted(report.items, RatingTab::tr("1 item"), RatingTab::tr("%1 items")),
                            counted(int(report.raters.size()), RatingTab::tr("1 rater"), RatingTab::tr("%1 raters")))
        + (report.bothBad > 0 ? RatingTab::tr(" · both bad %1 times").arg(report.bothBad) : QString());
    const auto column = [&](std::size_t i) { return i < session.columns.size() ? qs(session.columns[i]) : QString(); };
    if (session.mode == "pairwise") {
        shown.tableHeader = {RatingTab::tr("Column A"), RatingTab::tr("Column B"), RatingTab::tr("Wins"),
            RatingTab::tr("Ties"), RatingTab::tr("Losses"), RatingTab::tr("A's win rate"),
            RatingTab::tr("95% CI")};
        shown.method = RatingTab::tr("A's win rate counts a tie as half a win, as Chatbot Arena does; "
                                     "its interval is Wilson's. \"Both bad\" is no battle.");
        for (const rating::PairRecord &pair : report.pairs)
            shown.table.append({column(pair.a), column(pair.b), QString::number(pair.wins),
                QString::number(pair.ties), QString::number(pair.losses), percent(pair.winRate),
                percent(pair.winRateCi95.low) + QStringLiteral(" – ") + percent(pair.winRateCi95.high)});
        if (report.bradleyTerry) {
            shown.ratingsHeader = {RatingTab::tr("Column"), RatingTab::tr("Rating"), RatingTab::tr("95% CI")};
            for (std::size_t i = 0; i < report.bradleyTerry->size(); ++i) {
                const rating::ColumnRating &rating = (*report.bradleyTerry)[i];
                shown.ratings.append({column(i), QString::number(rating.rating, 'f', 1),
                    rating.ci95 ? QString::number(rating.ci95->low, 'f', 1) + QStringLiteral(" – ")
                            + QString::number(rating.ci95->high, 'f', 1)
                                : QStringLiteral("—")});
            }
        }
    } else {
        shown.tableHeader = {RatingTab::tr("Column"), RatingTab::tr("Question"), RatingTab::tr("Mean"),
            RatingTab::tr("95% CI"), RatingTab::tr("Ratings"), RatingTab::tr("Scores given")};
        shown.method = RatingTab::tr("The mean of every rater's score; its interval is the bootstrap's "
                                     "over the ratings (pass counts 1, fail 0).");
        for (const rating::ScoreSummary &score : report.scores) {
            QStringList given;
            for (const auto &[value, count] : score.distribution)
                given << QStringLiteral("%1×%2").arg(count).arg(qs(value));
            shown.table.append({qs(score.column), qs(session.criteria.at(std::size_t(score.criterion))),
                QString::number(score.mean, 'f', 2),
                score.ci95 ? QString::number(score.ci95->low, 'f', 2) + QStringLiteral(" – ")
                        + QString::number(score.ci95->high, 'f', 2)
                           : QStringLiteral("—"),
                QString::number(score.n), given.join(QStringLiteral(", "))});
        }
    }
    // The agreement, judge, guideline and disputed lines are `rate report`'s own.
    const std::vector<std::string> &sentences = report.agreement.sentences;
    for (const QString &line : qs(rating::reportText(report)).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QString trimmed = line.trimmed();
        if (line.startsWith(QStringLiteral("Agreement")) || line.startsWith(QStringLiteral("Guideline"))
            || trimmed.startsWith(QStringLiteral("The ")) || trimmed.startsWith(QStringLiteral("Most disputed"))
            || std::find(sentences.begin(), sentences.end(), trimmed.toStdString()) != sentences.end())
            shown.lines << trimmed;
    }
    if (session.guidelineRef.empty() && session.guideline.empty())
        shown.lines << RatingTab::tr("This session has no guideline: examples start a new one.");
    shown.examples = int(report.examples.size());
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
    connect(view, &widgets::RatingView::rateRequested, this, [this](const QString &id) {
        if (const QString rater = askRater(); !rater.isEmpty())
            open(id, rater);
    });
    connect(view, &widgets::RatingView::reportRequested, this, &RatingTab::showReport);
    connect(view, &widgets::RatingView::examplesRequested, this, &RatingTab::addExamples);
    connect(view, &widgets::RatingView::windowRunsRequested, this, &RatingTab::rateWindowRuns);
    connect(view, &widgets::RatingView::markBadRequested, this,
        [session, view](const QString &id, const QString &item, int side, const QString &text) {
            session->badcaseFromAnswer()->markRated(id, item, side, text, view);
        });
    connect(session, &ProjectSession::adopted, this, &RatingTab::listSessions);
    connect(session, &ProjectSession::refreshed, this, &RatingTab::listSessions);
    listSessions();
}

void RatingTab::listSessions()
{
    QList<QPair<QString, QString>> sessions;
    for (const model::RatingSessionRecord &session : m_session->workspace().ratingSessions)
        sessions.append({qs(session.id),
            tr("%1 · %2 · %3 · %4")
                .arg(qs(session.id), qs(session.mode),
                    counted(session.itemCount, tr("1 item"), tr("%1 items")),
                    counted(session.ratingCount, tr("1 rating"), tr("%1 ratings")))});
    m_view->setSessions(sessions);
}

QString RatingTab::askRater()
{
    bool chosen = false;
    const QString rater = QInputDialog::getText(m_view, tr("Rate Blind"),
        tr("Your name as a rater (your ratings are kept under it; who answered is shown only "
           "after the last item):"),
        QLineEdit::Normal, qs(util::defaultAuthor()), &chosen).trimmed();
    return chosen ? rater : QString();
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
    const QString rater = askRater();
    if (rater.isEmpty())
        return;
    bool chosen = false;
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
    create([id = runId.toStdString()](store::Project &project) {
        rating::RatingSessionRequest request;
        request.runIds = {id};
        if (rating::ratedAnswers(project, request.runIds).columns.size() < 2)
            request.mode = "rubric";
        return rating::createRatingSession(project, request).session.id;
    }, rater);
}

void RatingTab::rateWindowRuns()
{
    QList<QPair<QString, QString>> runs;
    for (const model::RunRecord &run : m_session->workspace().project.runs)
        if (run.kind == "run" && run.done > 0)
            runs.append({qs(run.id), tr("%1 · %2 · %3 · %4")
                                        .arg(qs(run.started.substr(0, 16)).replace(QLatin1Char('T'), QLatin1Char(' ')),
                                            qs(run.version), qs(util::join(run.targets, ", ")), qs(run.id))});
    if (runs.isEmpty()) {
        m_view->showNote(tr("No run of the panes is stored yet: run a prompt on two models, then "
                            "rate their answers blind here."));
        return;
    }
    widgets::ChecklistDialog dialog(tr("Rate Window Runs"),
        tr("Which runs do you rate? Each is one item; its models' answers are shown side by side "
           "without their names."),
        runs, 1, m_view);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString rater = askRater();
    if (rater.isEmpty())
        return;
    std::vector<std::string> ids;
    for (const QString &id : dialog.checked())
        ids.push_back(id.toStdString());
    create([ids](store::Project &project) {
        rating::RatingSessionRequest request;
        request.runIds = ids;
        if (rating::ratedAnswers(project, ids).columns.size() < 2)
            request.mode = "rubric";
        return rating::createRatingSession(project, request).session.id;
    }, rater);
}

void RatingTab::create(std::function<std::string(store::Project &)> createSession, const QString &rater)
{
    const std::string path = m_session->workspace().project.path;
    if (path.empty())
        return;
    auto created = std::make_shared<std::string>();
    m_session->writer()->changeProject(
        [createSession = std::move(createSession), created](store::Project &project) {
            *created = createSession(project);
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

void RatingTab::showReport(const QString &sessionId)
{
    const std::string path = m_session->workspace().project.path;
    if (path.empty())
        return;
    // After the writer has stored every rating given: its queue runs in order.
    m_session->writer()->changeProject([](store::Project &) {}, [this, path, id = sessionId.toStdString()](const QString &) {
        m_read.waitForFinished();
        m_read = QtConcurrent::run([this, path, id] {
            try {
                const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
                widgets::RatingReportShown shown = reportShown(rating::buildRatingReport(project, id));
                QMetaObject::invokeMethod(this, [this, shown = std::move(shown)] { m_view->showReport(shown); },
                    Qt::QueuedConnection);
            } catch (const std::exception &error) {
                QMetaObject::invokeMethod(this, [this, why = qs(error.what())] { m_view->showNote(why); },
                    Qt::QueuedConnection);
            }
        });
    });
}

void RatingTab::addExamples(const QString &sessionId)
{
    auto stored = std::make_shared<rating::StoredExamples>();
    m_session->writer()->changeProject(
        [id = sessionId.toStdString(), stored](store::Project &project) {
            *stored = rating::storeGuidelineExamples(project, id);
        },
        [this, stored](const QString &error) {
            m_view->reportView()->showNote(error.isEmpty()
                    ? tr("Stored guideline %1 with %2; a new session shows it with "
                         "`rate create --guideline %1`.")
                          .arg(qs(stored->guideline.ref()), counted(stored->examples, tr("1 example"), tr("%1 examples")))
                    : tr("The examples were not stored: %1").arg(error));
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
