#include "project_watcher.h"

#include "store/change_probe.h"
#include "store/store_error.h"

#include <QtConcurrent/QtConcurrentRun>

namespace ps::app {

struct ProjectWatcher::Probe
{
    QString path;
    std::shared_ptr<store::ChangeProbe> probe; // else opened by the first look, on the pool

    bool changed()
    {
        try {
            if (!probe) {
                probe = std::make_shared<store::ChangeProbe>(path.toStdString());
                return false;
            }
            return probe->changed();
        } catch (const store::StoreError &) {
            // Moved, locked for long or damaged: the next look opens it again; the session
            // says what is wrong when it reads the file.
            probe.reset();
            return false;
        }
    }
};

ProjectWatcher::ProjectWatcher(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ProjectWatcher::look);
    connect(&m_looking, &QFutureWatcher<bool>::finished, this, [this] {
        if (m_looking.result() && m_probe && m_lookingAt == m_probe->path)
            emit changed(m_lookingAt);
    });
}

ProjectWatcher::~ProjectWatcher()
{
    m_timer.stop();
    m_looking.waitForFinished();
}

void ProjectWatcher::watch(const QString &path, std::shared_ptr<store::ChangeProbe> probe)
{
    m_timer.stop();
    m_probe.reset();
    if (path.isEmpty())
        return;
    m_probe = std::make_shared<Probe>();
    m_probe->path = path;
    m_probe->probe = std::move(probe);
    m_timer.start();
}

void ProjectWatcher::look()
{
    if (!m_probe || m_looking.isRunning())
        return;
    m_lookingAt = m_probe->path;
    m_looking.setFuture(QtConcurrent::run([probe = m_probe] { return probe->changed(); }));
}

} // namespace ps::app
