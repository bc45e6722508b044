#pragma once

#include "rating_report_view.h"

#include <QStringList>
#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;
class QPushButton;
class QStackedWidget;
class QTextBrowser;
class QVBoxLayout;

// The window's blind rating view: one item at a time — the case, "Response 1" and
// "Response 2" (or one response and its criteria) — rated by keyboard (1 / 2 / T / B / S,
// a score's key, Enter), with the progress and the guideline beside it. Who answered is shown
// only once every item is rated.
namespace ps::widgets {

struct RatingItemShown
{
    QString id;
    QList<QPair<QString, QString>> vars; // name, value as text
    QStringList responses;
};

struct RatingSessionShown
{
    QString session;
    QString rater;
    QString mode; // "pairwise" or "rubric"
    QStringList criteria;
    QStringList scale; // rubric: the scores in order ("1".."5", "pass" "fail", or labels)
    QString guideline; // Markdown
    std::vector<RatingItemShown> items; // in the rater's order
    QStringList rated; // items this rater rated before (they are not asked again)
};

struct RatingGiven
{
    QString item;
    QString choice; // pairwise: 1, 2, tie or bad
    QStringList scores; // rubric: one per criterion
    QString note;
};

class RatingView final : public QWidget
{
    Q_OBJECT
public:
    explicit RatingView(QWidget *parent = nullptr);

    void showSession(const RatingSessionShown &session);
    // After the last item: who answered each item, one line each.
    void showIdentities(const QStringList &lines);
    void showNote(const QString &note);
    // The project's sessions to choose from: id and a line saying what each is, oldest first.
    void setSessions(const QList<QPair<QString, QString>> &sessions);
    void showReport(const RatingReportShown &report);

    QString progressText() const;
    QString currentItem() const; // "" when none is shown
    bool identitiesShown() const;
    QTextBrowser *identitiesView() const { return m_identities; }
    QLineEdit *noteEdit() const { return m_note; }
    QComboBox *sessionsBox() const { return m_sessions; }
    RatingReportView *reportView() const { return m_report; }
    bool reportShown() const;

signals:
    void rated(const ps::widgets::RatingGiven &rating);
    void finished(const QString &session); // every item is rated
    // The session chosen above, to rate (after asking who rates) or to see its report.
    void rateRequested(const QString &session);
    void reportRequested(const QString &session);
    void examplesRequested(const QString &session);
    void windowRunsRequested(); // a new session over runs of the panes
    // Mark bad… under a response: the answer shown on `side` (0 or 1) of `item` is a bad case.
    void markBadRequested(const QString &session, const QString &item, int side, const QString &text);

private:
    void showCurrent();
    void choose(const QString &choice);
    void score(const QString &key); // a score's key: a digit, P or F
    void advance(); // to the next unrated item, or finished
    void addKey(const QKeySequence &key, const std::function<void()> &action);

    RatingSessionShown m_session;
    int m_at = -1;
    int m_criterion = 0;
    QStringList m_scores;
    QLabel *m_title;
    QLabel *m_progress;
    QStackedWidget *m_pages; // the item, or who answered
    QLabel *m_vars;
    QPlainTextEdit *m_first;
    QPlainTextEdit *m_second;
    QToolButton *m_markSecond = nullptr; // shown with the second response
    QLabel *m_secondHeading = nullptr;
    QLabel *m_question;
    QWidget *m_choices;
    QVBoxLayout *m_scoreRows;
    QLineEdit *m_note;
    QLabel *m_keys;
    QTextBrowser *m_guideline;
    QTextBrowser *m_identities;
    RatingReportView *m_report;
    QComboBox *m_sessions;
};

} // namespace ps::widgets
