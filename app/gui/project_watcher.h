#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace ps::store {
class ChangeProbe;
}

// Notices what other programs (the CLI, another window) and this one's writer commit to the
// open project: a few times a second it asks SQLite, off the GUI thread, whether the file
// changed, and says so once per change.
namespace ps::app {

class ProjectWatcher final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 300;

    explicit ProjectWatcher(QObject *parent = nullptr);
    ~ProjectWatcher() override; // waits for a look in flight

    // Watches `path` through `probe`, opened before the project was last read, so that nothing
    // committed after that read goes unseen; without one, from the first look on. "" stops.
    void watch(const QString &path, std::shared_ptr<store::ChangeProbe> probe);

signals:
    void changed(const QString &path);

private:
    struct Probe;
    void look();

    QTimer m_timer;
    std::shared_ptr<Probe> m_probe; // used by one look at a time, on a pool thread
    QFutureWatcher<bool> m_looking;
    QString m_lookingAt; // the path of the look in flight
};

} // namespace ps::app
