#pragma once

#include "badcase/badcase_marking.h"

#include <QObject>
#include <QString>

#include <functional>

class QWidget;

namespace ps::widgets {
class ResponseArea;
}

// A pane's 👍 and 👎: its answer marked good, or bad with tags from the project's taxonomy, a
// note and the answer it should have given — stored as a bad case of the pane's stored run,
// with the variable values it answered, through the window's store writer.
namespace ps::app {

class StaleAnswers;
class StoreWriter;
struct WorkspaceSnapshot;

class BadcaseFromAnswer final : public QObject
{
    Q_OBJECT
public:
    // All must outlive this; `workspace` has the taxonomy.
    BadcaseFromAnswer(widgets::ResponseArea *area, const StaleAnswers *asked, StoreWriter *writer,
        const WorkspaceSnapshot *workspace, QObject *parent = nullptr);

    // An evaluation cell's answer (`answer`: RUN_ID:CASE:COLUMN[:REPEAT], `text` what it said):
    // good at once, or bad after asking why in a dialog over `parent`.
    void markCell(const QString &answer, const QString &text, bool good, QWidget *parent);
    // The answer on `side` of rating item `item` of session `session`: bad, after asking why.
    void markRated(const QString &session, const QString &item, int side, const QString &text, QWidget *parent);

signals:
    void statusMessage(const QString &text);
    // A mark was stored: the Bad Cases board has more to show.
    void marked();

private:
    void markGood(int paneId);
    void markBad(int paneId);
    badcase::MarkRequest request(const QString &verdict) const; // by the user
    // Asks what is wrong with `answer` (tags, note, correction); `then` gets the bad mark.
    void askWhy(const QString &answer, QWidget *parent, std::function<void(badcase::MarkRequest)> then);
    void reportStored(const QString &error, const QString &shown);
    void store(int paneId, badcase::MarkRequest request);

    widgets::ResponseArea *m_area;
    const StaleAnswers *m_asked;
    StoreWriter *m_writer;
    const WorkspaceSnapshot *m_workspace;
};

} // namespace ps::app
