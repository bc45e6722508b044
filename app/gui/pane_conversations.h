#pragma once

#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

namespace ps::widgets {
class PromptWorkbench;
class ResponseArea;
} // namespace ps::widgets

// Follow-up turns in the panes: a reply under an answer runs that pane again with the prompt,
// the turns so far and the reply; Clear goes back to the prompt alone; Keep appends the turns to
// the draft as messages, one undo step.
namespace ps::app {

class ComparisonRunner;
class StaleAnswers;

class PaneConversations final : public QObject
{
    Q_OBJECT
public:
    PaneConversations(ComparisonRunner *runner, widgets::ResponseArea *area,
        widgets::PromptWorkbench *workbench, const StaleAnswers *asked,
        QObject *parent = nullptr);

signals:
    void statusMessage(const QString &text);

private:
    void reply(int paneId, const QString &text);
    void clear(int paneId);
    void keep(int paneId);
    // The mocked results of the answer's tool calls go back to the model as tool messages.
    void giveToolResults(int paneId, const QList<QPair<QString, QString>> &results);

    ComparisonRunner *m_runner;
    widgets::ResponseArea *m_area;
    widgets::PromptWorkbench *m_workbench;
    const StaleAnswers *m_asked;
};

} // namespace ps::app
