#include "startup_probe.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QWidget>

#include <chrono>
#include <cstdio>

namespace ps::app {

namespace {

long long epochMicroseconds()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch())
        .count();
}

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
            // Reported once the painted frame was flushed to the screen (the flush follows the
            // paint within the same event), and ahead of work queued meanwhile, such as filling
            // in a project that finished loading: that work comes after the first frame.
            QCoreApplication::postEvent(this, new QEvent(QEvent::User), Qt::HighEventPriority);
        }
        return QObject::eventFilter(watched, event);
    }

    bool event(QEvent *event) override
    {
        if (event->type() != QEvent::User)
            return QObject::event(event);
        std::printf("first-paint-epoch-us %lld\nfirst-paint-ms %.1f\n", epochMicroseconds(),
            static_cast<double>(m_clock.nsecsElapsed()) / 1e6);
        std::fflush(stdout);
        // With PS_BENCH_EXIT_AFTER_PAINT=ready, reportStartupReady() quits instead.
        if (qEnvironmentVariable("PS_BENCH_EXIT_AFTER_PAINT") != QLatin1String("ready"))
            QCoreApplication::quit();
        return true;
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

void reportStartupReady()
{
    if (qEnvironmentVariable("PS_BENCH_EXIT_AFTER_PAINT") != QLatin1String("ready"))
        return;
    std::printf("ready-epoch-us %lld\n", epochMicroseconds());
    std::fflush(stdout);
    QCoreApplication::quit();
}

} // namespace ps::app
