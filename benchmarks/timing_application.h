#pragma once

#include <QApplication>
#include <QString>

// The GUI benchmarks' application: times every event the GUI thread handles (outermost
// deliveries only), in wall time and in the thread's own CPU time.
namespace ps::bench {

class TimingApplication final : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override;

    void setMeasuring(bool on) { m_measuring = on; }
    // Starts a new measure: the longest so far is forgotten.
    void reset();
    qint64 longestEventNs = 0; // wall time, the OS's scheduling included
    qint64 longestEventCpuNs = 0; // this thread's own CPU time
    QString longestEventWhat;

private:
    int m_depth = 0;
    bool m_measuring = false;
};

} // namespace ps::bench
