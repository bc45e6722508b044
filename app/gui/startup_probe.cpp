#include "startup_probe.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace ps::app {

namespace {

class FirstPaintFilter final : public QObject
{
public:
    explicit FirstPaintFilter(QWidget *window)
        : QObject(window)
    {
        m_clock.start();
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            // Reported from the event loop, after the painted frame was flushed to the screen.
            QTimer::singleShot(0, this, [this] {
                std::printf("first-paint-epoch-us %lld\nfirst-paint-ms %.1f\n",
                    static_cast<long long>(QDateTime::currentMSecsSinceEpoch()) * 1000,
                    static_cast<double>(m_clock.nsecsElapsed()) / 1e6);
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QElapsedTimer m_clock;
    bool m_seen = false;
};

} // namespace

void installStartupProbe(QWidget *window)
{
    if (qEnvironmentVariableIsEmpty("PS_BENCH_EXIT_AFTER_PAINT"))
        return;
    window->installEventFilter(new FirstPaintFilter(window));
}

} // namespace ps::app
