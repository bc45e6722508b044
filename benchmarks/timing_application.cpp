#include "timing_application.h"

#include <QElapsedTimer>

#include <algorithm>
#include <ctime>

namespace ps::bench {

namespace {

qint64 threadCpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<qint64>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

} // namespace

bool TimingApplication::notify(QObject *receiver, QEvent *event)
{
    if (m_depth++ > 0) {
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        return handled;
    }
    QElapsedTimer clock;
    clock.start();
    const qint64 cpuStart = threadCpuNs();
    // Both may be gone after delivery (a deferred delete).
    const int type = event->type();
    const char *className = receiver->metaObject()->className();
    const bool handled = QApplication::notify(receiver, event);
    --m_depth;
    if (m_measuring) {
        longestEventNs = std::max(longestEventNs, clock.nsecsElapsed());
        const qint64 cpu = threadCpuNs() - cpuStart;
        if (cpu > longestEventCpuNs) {
            longestEventCpuNs = cpu;
            longestEventWhat = QStringLiteral("%1 to %2").arg(type).arg(QString::fromLatin1(className));
        }
    }
    return handled;
}

void TimingApplication::reset()
{
    longestEventNs = 0;
    longestEventCpuNs = 0;
    longestEventWhat.clear();
}

} // namespace ps::bench
