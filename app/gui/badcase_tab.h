#pragma once

#include <QFuture>
#include <QList>
#include <QObject>

class QWidget;

namespace ps::widgets {
class BadcaseBoard;
}

// The Bad Cases tab's wiring: reads the project's marked answers and taxonomy off the GUI
// thread when the board shows and the project changed, and turns the board's requests — a regression dataset
// of the chosen cases, a status — into writes through the window's store writer.
namespace ps::app {

class ProjectSession;

class BadcaseTab final : public QObject
{
    Q_OBJECT
public:
    // Makes the board, a child of `boardParent`; `session` must outlive the tab.
    BadcaseTab(ProjectSession *session, QWidget *boardParent, QObject *parent = nullptr);
    ~BadcaseTab() override;

    widgets::BadcaseBoard *board() const { return m_board; }
    QWidget *widget() const; // the board, for a tab

    void reload();
    // Reads evaluation `runId` of a regression dataset as a fix: each case's outcome on the board.
    void checkFix(const QString &runId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void makeRegression(const QList<qint64> &ids);
    void setStatus(const QList<qint64> &ids, const QString &status);
    void editTaxonomy();
    // Check a Fix…: the evaluation chosen, read off the GUI thread, its outcomes on the board.
    void chooseFixRun();
    void applyFix(const QString &runId);

    ProjectSession *m_session;
    widgets::BadcaseBoard *m_board;
    QFuture<void> m_read; // waited for only when the tab goes
    bool m_readAgain = false;
    bool m_stale = true; // the project changed since the board was read
};

} // namespace ps::app
