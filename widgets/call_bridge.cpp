#include "call_bridge.h"

#include "util/utf8.h"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

namespace ps::widgets {

// What the network thread hands over, guarded by one mutex; the bridge reads it on flush.
struct CallBridge::Shared
{
    std::mutex mutex;
    CallBridge *bridge = nullptr; // null once the bridge is gone
    bool posted = false; // a flush is on its way to the GUI thread
    std::vector<std::pair<quint64, std::string>> texts; // coalesced per call, in arrival order
    std::vector<std::pair<quint64, dispatch::CallOutcome>> outcomes;
    // Calls whose text so far was withdrawn (a fallback answers instead); their pending text
    // above is what came after.
    std::vector<quint64> discarded;

    // Called with the mutex held.
    void wake()
    {
        if (posted || !bridge)
            return;
        posted = true;
        CallBridge *target = bridge;
        QMetaObject::invokeMethod(
            target, [target] { target->scheduleFlush(); }, Qt::QueuedConnection);
    }
};

CallBridge::CallBridge(QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->bridge = this;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CallBridge::flush);
}

CallBridge::~CallBridge()
{
    std::lock_guard lock(m_shared->mutex);
    m_shared->bridge = nullptr;
}

dispatch::CallCallbacks CallBridge::callbacks(quint64 callId)
{
    dispatch::CallCallbacks callbacks;
    callbacks.onText = [shared = m_shared, callId](std::string_view text) {
        std::lock_guard lock(shared->mutex);
        if (!shared->bridge)
            return;
        auto it = std::find_if(shared->texts.begin(), shared->texts.end(),
            [callId](const auto &entry) { return entry.first == callId; });
        if (it == shared->texts.end())
            shared->texts.emplace_back(callId, std::string(text));
        else
            it->second.append(text);
        shared->wake();
    };
    callbacks.onTextDiscarded = [shared = m_shared, callId] {
        std::lock_guard lock(shared->mutex);
        if (!shared->bridge)
            return;
        // Text not yet delivered is dropped here; what was delivered is withdrawn on flush.
        std::erase_if(shared->texts, [callId](const auto &entry) { return entry.first == callId; });
        shared->discarded.push_back(callId);
        shared->wake();
    };
    callbacks.onDone = [shared = m_shared, callId](const dispatch::CallOutcome &outcome) {
        std::lock_guard lock(shared->mutex);
        if (!shared->bridge)
            return;
        shared->outcomes.emplace_back(callId, outcome);
        shared->wake();
    };
    return callbacks;
}

void CallBridge::scheduleFlush()
{
    const qint64 since = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : m_interval;
    if (since >= m_interval) {
        flush();
        return;
    }
    if (!m_timer.isActive())
        m_timer.start(static_cast<int>(m_interval - since));
}

void CallBridge::flush()
{
    m_timer.stop();
    m_sinceFlush.start();
    std::vector<std::pair<quint64, std::string>> texts;
    std::vector<std::pair<quint64, dispatch::CallOutcome>> outcomes;
    std::vector<quint64> discarded;
    {
        std::lock_guard lock(m_shared->mutex);
        texts.swap(m_shared->texts);
        outcomes.swap(m_shared->outcomes);
        discarded.swap(m_shared->discarded);
        m_shared->posted = false;
    }
    // Before any text: the pending text of a discarded call is all from after the discard.
    for (const quint64 callId : discarded) {
        m_partial.erase(callId);
        emit textDiscarded(callId);
    }
    for (auto &[callId, bytes] : texts) {
        std::string &partial = m_partial[callId];
        partial += bytes;
        const std::size_t whole = util::wholeCharactersPrefix(partial);
        if (whole == 0)
            continue;
        const QString text = QString::fromUtf8(partial.data(), static_cast<qsizetype>(whole));
        partial.erase(0, whole);
        emit textArrived(callId, text);
    }
    for (const auto &[callId, outcome] : outcomes) {
        m_partial.erase(callId);
        emit callFinished(callId, outcome);
    }
}

} // namespace ps::widgets
