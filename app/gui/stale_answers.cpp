#include "stale_answers.h"

#include "response_area.h"

namespace ps::app {

namespace {
constexpr int kCheckDelayMs = 150; // after the last keystroke, as the Preview is
}

StaleAnswers::StaleAnswers(widgets::ResponseArea *area, PromptSource source, QObject *parent)
    : QObject(parent)
    , m_area(area)
    , m_source(std::move(source))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kCheckDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &StaleAnswers::check);
    connect(m_area, &widgets::ResponseArea::runRequested, this,
        [this](const QList<widgets::PaneRun> &panes) {
            const PromptSnapshot now = m_source();
            const AskedOf asked {now.promptName, now.content.contentHash(), now.baseVersion,
                now.isDraft, now.variables, false};
            for (const widgets::PaneRun &pane : panes) {
                bool numbered = false;
                const int number = pane.versionKey.toInt(&numbered);
                AskedOf &entry = m_asked[pane.paneId] = asked;
                if (numbered) {
                    entry.pinned = true;
                    entry.version = number;
                    entry.draft = false;
                }
                if (widgets::ResponsePane *view = m_area->paneById(pane.paneId))
                    view->setStale(QString());
            }
        });
}

nlohmann::json StaleAnswers::valuesAskedOf(int paneId) const
{
    const auto found = m_asked.find(paneId);
    return found == m_asked.end() ? nlohmann::json() : found->second.values;
}

std::string StaleAnswers::promptAskedOf(int paneId) const
{
    const auto found = m_asked.find(paneId);
    return found == m_asked.end() ? std::string() : found->second.prompt;
}

void StaleAnswers::editorChanged()
{
    if (!m_asked.empty())
        m_timer.start();
}

void StaleAnswers::check()
{
    const PromptSnapshot now = m_source();
    const std::string hash = now.content.contentHash();
    for (auto it = m_asked.begin(); it != m_asked.end();) {
        widgets::ResponsePane *pane = m_area->paneById(it->first);
        if (!pane) {
            it = m_asked.erase(it); // the pane was closed
            continue;
        }
        const AskedOf &asked = it->second;
        const QString prompt = QString::fromStdString(asked.prompt);
        QString why;
        if (asked.prompt != now.promptName)
            why = tr("Stale: the answer to %1").arg(prompt);
        else if (!asked.pinned && asked.hash != hash)
            why = asked.draft || asked.version == 0
                ? tr("Stale: the answer to an earlier edit of %1").arg(prompt)
                : tr("Stale: the answer to %1 v%2").arg(prompt).arg(asked.version);
        pane->setStale(why);
        ++it;
    }
}

} // namespace ps::app
