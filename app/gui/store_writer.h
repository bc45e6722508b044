#pragma once

#include "store/project.h"

#include <QObject>
#include <QThreadPool>

#include <functional>

// Writes to the open project off the GUI thread, one job at a time and in order (drafts,
// versions, new projects), and reports each result on the GUI thread.
namespace ps::app {

class StoreWriter final : public QObject
{
    Q_OBJECT
public:
    explicit StoreWriter(QObject *parent = nullptr);
    ~StoreWriter() override; // waits for the queued writes: none is lost on quit

    void setProjectPath(const QString &path) { m_path = path; }

    void saveDraft(const store::Draft &draft);
    // Saves the version, then discards the prompt's draft (it is in the version now).
    void saveVersion(const store::SaveRequest &request);
    void createProject(const QString &path);
    void waitForIdle();

signals:
    void draftSaved(const QString &promptName);
    void versionSaved(const ps::store::SaveResult &result);
    void projectCreated(const QString &path);
    void failed(const QString &error);

private:
    // Runs `job` on the writer thread, then `done` (if it did not throw) on the GUI thread.
    template<typename T>
    void run(std::function<T()> job, std::function<void(const T &)> done);

    QString m_path;
    QThreadPool m_pool;
};

} // namespace ps::app
