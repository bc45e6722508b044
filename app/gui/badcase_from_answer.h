#pragma once

#include <QObject>
#include <QString>

#include <string>

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

signals:
    void statusMessage(const QString &text);
    // A mark was stored: the Bad Cases board has more to show.
    void marked();

private:
    void markGood(int paneId);
    void markBad(int paneId);
    void store(int paneId, const QString &verdict, const QStringList &tags, const QString &note,
        const QString &corrected);

    widgets::ResponseArea *m_area;
    const StaleAnswers *m_asked;
    StoreWriter *m_writer;
    const WorkspaceSnapshot *m_workspace;
};

} // namespace ps::app
