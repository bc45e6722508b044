#pragma once

#include <QFuture>
#include <QObject>
#include <QString>

#include <functional>
#include <string>

namespace ps::store {
class Project;
}
namespace ps::widgets {
class RatingView;
struct RatingGiven;
} // namespace ps::widgets

// The Rate tab's wiring: opens a rating session for a rater off the GUI thread (its items
// blind, in the rater's order), stores each rating through the window's store writer, and
// once every item is rated reads who answered what for the view to reveal.
namespace ps::app {

class ProjectSession;

class RatingTab final : public QObject
{
    Q_OBJECT
public:
    // Both must outlive the tab.
    RatingTab(ProjectSession *session, widgets::RatingView *view, QObject *parent = nullptr);
    ~RatingTab() override;

    void open(const QString &sessionId, const QString &rater);
    // A new blind session over an evaluation run's columns (pairwise when it has two or more,
    // else a 1-5 rubric), then opened for `rater`.
    void createFor(const QString &runId, const QString &rater);
    // Rate Blind…: asks the rater's name, then opens a session of the run already made (when
    // there is one, the user choosing) or creates one.
    void rateBlind(const QString &runId);
    // Reads a session's report off the GUI thread and shows it.
    void showReport(const QString &sessionId);
    // The session's guideline stored again with an example of each score agreed on.
    void addExamples(const QString &sessionId);
    // Asks which runs of the panes to rate, makes a blind session over them, then who rates.
    void rateWindowRuns();

signals:
    void opened(); // the view shows the session: bring the tab forward
    void failed(const QString &error);

private:
    QString askRater();
    void listSessions();
    // `createSession` runs on the writer's thread and returns the new session's id.
    void create(std::function<std::string(store::Project &)> createSession, const QString &rater);
    void store(const widgets::RatingGiven &given);
    void reveal();

    ProjectSession *m_session;
    widgets::RatingView *m_view;
    QString m_open; // the session shown
    QString m_rater;
    QFuture<void> m_read;
};

} // namespace ps::app
