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
// another prompt, or of content that has been edited since. They stay visible, marked stale.
namespace ps::app {

class StaleAnswers final : public QObject
{
    Q_OBJECT
public:
    StaleAnswers(widgets::ResponseArea *area, PromptSource source, QObject *parent = nullptr);

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
    };
    void check();

    widgets::ResponseArea *m_area;
    PromptSource m_source;
    std::map<int, AskedOf> m_asked; // by pane id
    QTimer m_timer;
};

} // namespace ps::app
