#pragma once

#include "prompt_source.h"

#include "providers/chat_types.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace ps::dispatch {
struct CallOutcome;
}
namespace ps::run {
class TargetRun;
}
namespace ps::widgets {
class CallBridge;
class PresenterView;
} // namespace ps::widgets

// Drives the presenter view for a demo: bound to one saved version and one target, it renders
// the version with the exposed inputs (the other variables keep their saved values), streams
// the answer through the session's engine (asking first about an unapproved destination, as
// the panes do), stores each answer as a run of that version, and in conversation mode carries
// the exchange into the next request.
namespace ps::app {

class ProjectSession;

struct PresentOptions
{
    QString prompt;
    int version = 0; // a saved version of `prompt`
    QString target;
    QStringList exposed; // the variables the audience sees
    bool conversation = false;
    bool showCost = true;
    bool showFallback = true;
};

class Presenter final : public QObject
{
    Q_OBJECT
public:
    explicit Presenter(ProjectSession *session, QObject *parent = nullptr);
    ~Presenter() override; // cancels an answer in flight

    // Opens the view full screen; "" or why it cannot (an unknown version or target).
    QString present(const PresentOptions &options);
    widgets::PresenterView *view() const;

private:
    void ask();
    void finished(const dispatch::CallOutcome &outcome);

    ProjectSession *m_session;
    PresentOptions m_options;
    PromptSnapshot m_prompt; // the version's content and the saved values
    QPointer<widgets::PresenterView> m_view;
    widgets::CallBridge *m_bridge;
    std::shared_ptr<run::TargetRun> m_run;
    std::vector<providers::ChatMessage> m_exchange; // the turns after the rendered prompt
    QString m_pendingReply; // the follow-up the answer in flight answers
    quint64 m_callId = 0;
};

} // namespace ps::app
