#pragma once

#include "prompt_source.h"

#include <QObject>
#include <QTimer>

#include <map>
#include <string>

namespace ps::widgets {
class ResponseArea;
}

// Marks the answers in the panes that no longer answer the prompt in the editor: asked of
// another prompt, or of content that has been edited since (an answer to a saved version the
// panes compare is stale only once another prompt is open). They stay visible, marked stale.
// It remembers what each answer was asked with.
namespace ps::app {

class StaleAnswers final : public QObject
{
    Q_OBJECT
public:
    StaleAnswers(widgets::ResponseArea *area, PromptSource source, QObject *parent = nullptr);

    // The variable values the answer in pane `paneId` was asked with; null when none is known.
    nlohmann::json valuesAskedOf(int paneId) const;
    // The prompt the answer in pane `paneId` was asked of; "" when none is known.
    std::string promptAskedOf(int paneId) const;

public slots:
    // The editor changed (an edit, another prompt or version): checked a moment later.
    void editorChanged();

private:
    struct AskedOf
    {
        std::string prompt;
        std::string hash; // of the content sent
        int version = 0;
        bool draft = false;
        nlohmann::json values; // the variable values sent
        bool pinned = false; // asked of a version chosen in the pane, not of the editor
    };
    void check();

    widgets::ResponseArea *m_area;
    PromptSource m_source;
    std::map<int, AskedOf> m_asked; // by pane id
    QTimer m_timer;
};

} // namespace ps::app
