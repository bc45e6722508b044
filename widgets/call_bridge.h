#pragma once

// Carries the dispatcher's callbacks from the network thread to the GUI thread: each event is
// re-posted queued, and streamed text is coalesced per call so painting keeps up.

#include "dispatch/dispatcher.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>
#include <string>

namespace ps::widgets {

class CallBridge final : public QObject
{
    Q_OBJECT
public:
    explicit CallBridge(QObject *parent = nullptr);
    // Later callbacks of calls still running are dropped (the dispatcher may outlive us).
    ~CallBridge() override;

    // The callbacks to hand to Dispatcher::submit for one call. Callable from any thread; the
    // signals below then fire on this object's (the GUI) thread, never before this returns.
    dispatch::CallCallbacks callbacks(quint64 callId);

    // Text is delivered at most this often (default 16 ms: once a frame at 60 Hz).
    void setFlushInterval(int ms) { m_interval = ms; }

signals:
    // The text that arrived since the last delivery for this call (whole UTF-8 characters).
    void textArrived(quint64 callId, const QString &text);
    // The text delivered so far for this call is withdrawn: its target failed and a fallback
    // answers, whose text follows.
    void textDiscarded(quint64 callId);
    // Once per call, after its last text.
    void callFinished(quint64 callId, const ps::dispatch::CallOutcome &outcome);

private:
    struct Shared;

    void scheduleFlush();
    void flush();

    std::shared_ptr<Shared> m_shared;
    std::map<quint64, std::string> m_partial; // a UTF-8 character cut between two deliveries
    QTimer m_timer;
    QElapsedTimer m_sinceFlush;
    int m_interval = 16;
};

} // namespace ps::widgets
