#include "pane_conversations.h"

#include "comparison_runner.h"
#include "prompt_document.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "stale_answers.h"

#include <QUndoStack>

namespace ps::app {

PaneConversations::PaneConversations(ComparisonRunner *runner, widgets::ResponseArea *area,
    widgets::PromptWorkbench *workbench, const StaleAnswers *asked, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
    , m_area(area)
    , m_workbench(workbench)
    , m_asked(asked)
{
    connect(m_area, &widgets::ResponseArea::replyRequested, this, &PaneConversations::reply);
    connect(m_area, &widgets::ResponseArea::clearConversationRequested, this,
        &PaneConversations::clear);
    connect(m_area, &widgets::ResponseArea::keepConversationRequested, this,
        &PaneConversations::keep);
    connect(m_area, &widgets::ResponseArea::toolResultsRequested, this,
        &PaneConversations::giveToolResults);
}

void PaneConversations::reply(int paneId, const QString &text)
{
    widgets::ResponsePane *pane = m_area->paneById(paneId);
    if (!pane || pane->isRunning())
        return;
    if (!m_runner->conversation(paneId).reply(text.toStdString())) {
        emit statusMessage(tr("Run the pane first: a reply continues its answer."));
        return;
    }
    pane->pushTurn(text);
    m_runner->run({m_area->runOf(pane)});
}

void PaneConversations::giveToolResults(
    int paneId, const QList<QPair<QString, QString>> &results)
{
    widgets::ResponsePane *pane = m_area->paneById(paneId);
    if (!pane || pane->isRunning())
        return;
    std::vector<std::pair<std::string, std::string>> given;
    QStringList said;
    for (const auto &[id, result] : results) {
        given.emplace_back(id.toStdString(), result.toStdString());
        said << result;
    }
    if (!m_runner->conversation(paneId).toolResults(given))
        return;
    pane->pushTurn(tr("Tool results: %1").arg(said.join(QStringLiteral(" · "))));
    m_runner->run({m_area->runOf(pane)});
}

void PaneConversations::clear(int paneId)
{
    m_runner->conversation(paneId).clear();
    if (widgets::ResponsePane *pane = m_area->paneById(paneId))
        pane->clearConversation();
}

void PaneConversations::keep(int paneId)
{
    const std::vector<model::Message> turns = m_runner->conversation(paneId).asVersionMessages();
    if (turns.empty())
        return;
    const QString prompt = QString::fromStdString(m_asked->promptAskedOf(paneId));
    if (prompt != m_workbench->promptName()) {
        emit statusMessage(tr("That conversation is with %1, not %2: open %1 to keep it there")
                               .arg(prompt, m_workbench->promptName()));
        return;
    }
    widgets::PromptDocument *document = m_workbench->document();
    document->history()->beginMacro(tr("Keep a conversation as prompt"));
    for (const model::Message &message : turns)
        document->addMessage(document->messages().size(), message);
    document->history()->endMacro();
    emit statusMessage(tr("Kept %n turns at the end of the draft — Ctrl+Z takes them out", nullptr,
        int(turns.size())));
}

} // namespace ps::app
