#include "store_writer.h"

#include <QMetaObject>

namespace ps::app {

StoreWriter::StoreWriter(QObject *parent)
    : QObject(parent)
{
    // One writer thread: jobs run in the order they were asked for.
    m_pool.setMaxThreadCount(1);
}

StoreWriter::~StoreWriter()
{
    m_pool.waitForDone();
    m_open.reset(); // closing the last connection checkpoints the log into the file
}

int StoreWriter::connectionsOpened()
{
    m_pool.waitForDone();
    return m_opens;
}

void StoreWriter::waitForIdle()
{
    m_pool.waitForDone();
}

template<typename T>
void StoreWriter::run(std::function<T()> job, std::function<void(const T &)> done)
{
    // Any thread may queue a job (a run's answers end on the network thread); the result is
    // posted back to this object's thread, and dropped if the writer is gone by then.
    m_pool.start([this, job = std::move(job), done = std::move(done)] {
        std::optional<T> result;
        std::string error;
        try {
            result = job();
        } catch (const std::exception &failure) {
            error = failure.what();
        }
        QMetaObject::invokeMethod(
            this,
            [this, result = std::move(result), error = std::move(error), done] {
                if (result)
                    done(*result);
                else
                    emit failed(QString::fromStdString(error));
            },
            Qt::QueuedConnection);
    });
}

store::Project &StoreWriter::openForWriting(const std::string &path)
{
    if (m_open && m_open->path() == path)
        return *m_open;
    m_open.reset(); // another project was opened meanwhile: its connection is done
    m_open = store::Project::open(path);
    ++m_opens;
    // The window reads an older project as it is; the first write upgrades it (on this thread).
    if (const auto &upgrade = m_open->upgrade())
        emit upgraded(QString::fromStdString(path), upgrade->fromSchema,
            QString::fromStdString(upgrade->backup.string()));
    return *m_open;
}

void StoreWriter::saveDraft(const store::Draft &draft)
{
    const std::string path = m_path.toStdString();
    run<bool>(
        [this, path, draft] {
            openForWriting(path).saveDraft(draft);
            return true;
        },
        [this, name = QString::fromStdString(draft.promptName)](
            const bool &) { emit draftSaved(name); });
}

void StoreWriter::discardDraft(const QString &promptName)
{
    const std::string path = m_path.toStdString();
    run<bool>(
        [this, path, name = promptName.toStdString()] {
            openForWriting(path).discardDraft(name);
            return true;
        },
        [](const bool &) {});
}

void StoreWriter::saveVersion(const store::SaveRequest &request)
{
    const std::string path = m_path.toStdString();
    run<store::SaveResult>(
        [this, path, request] {
            store::Project &project = openForWriting(path);
            store::SaveResult result = project.saveVersion(request);
            project.discardDraft(request.promptName);
            // Labels are read back so the record is complete as the views show it.
            result.version = project.version(request.promptName, result.version.number);
            project.checkpoint(); // a copy of the file alone has the version, window still open
            return result;
        },
        [this](const store::SaveResult &result) { emit versionSaved(result); });
}

void StoreWriter::createProject(const QString &path)
{
    run<bool>(
        [file = path.toStdString()] {
            store::Project::create(file);
            return true;
        },
        [this, path](const bool &) { emit projectCreated(path); });
}

void StoreWriter::changePrompts(
    std::function<void(store::Project &project)> change, const QString &select)
{
    const std::string path = m_path.toStdString();
    run<bool>(
        [this, path, change = std::move(change)] {
            store::Project &project = openForWriting(path);
            change(project);
            project.checkpoint();
            return true;
        },
        [this, select](const bool &) { emit promptsChanged(select); });
}

void StoreWriter::changeProject(std::function<void(store::Project &project)> change,
    std::function<void(const QString &error)> done)
{
    const std::string path = m_path.toStdString();
    run<std::string>(
        [this, path, change = std::move(change)]() -> std::string {
            store::Project &project = openForWriting(path);
            try {
                change(project);
            } catch (const std::exception &refused) {
                return refused.what();
            }
            project.checkpoint();
            return {};
        },
        [done = std::move(done)](const std::string &error) {
            done(QString::fromStdString(error));
        });
}

void StoreWriter::emitStored(const StoredRunState &state)
{
    if (!state.run.id.empty())
        emit runStored(QString::fromStdString(state.path), state.run);
}

std::optional<StoreWriter::StoredRun> StoreWriter::storedRun(int key)
{
    std::lock_guard lock(m_runsMutex);
    const auto it = m_runs.find(key);
    if (it == m_runs.end())
        return std::nullopt;
    return it->second;
}

void StoreWriter::startRun(int key, const QString &prompt, int version,
    std::vector<std::string> targets, int total, nlohmann::json options)
{
    const std::string path = m_path.toStdString();
    run<StoredRunState>(
        [this, key, path, name = prompt.toStdString(), version, targets = std::move(targets), total,
            options = std::move(options)] {
            store::Project &project = openForWriting(path);
            const model::RunRecord run = store::RunStore(project).startRun(
                "run", project.version(name, version), targets, total, std::nullopt, options);
            std::lock_guard lock(m_runsMutex);
            m_runs[key] = {path, run.id, name};
            return StoredRunState {path, run};
        },
        [this](const StoredRunState &state) { emitStored(state); });
}

void StoreWriter::updateRun(int key, bool last,
    std::function<void(store::Project &, store::RunStore &, const StoredRun &)> write)
{
    run<StoredRunState>(
        [this, key, last, write = std::move(write)] {
            const auto stored = storedRun(key);
            if (!stored) // its start failed, and said so
                return StoredRunState {};
            if (last) {
                std::lock_guard lock(m_runsMutex);
                m_runs.erase(key);
            }
            store::Project &project = openForWriting(stored->path);
            store::RunStore runs(project);
            write(project, runs, *stored);
            if (last)
                project.checkpoint(); // the finished run is in the file itself
            return StoredRunState {
                stored->path, runs.findRun(stored->id).value_or(model::RunRecord {})};
        },
        [this](const StoredRunState &state) { emitStored(state); });
}

void StoreWriter::addResponse(int key, store::ResponseRecord response, int versionNumber)
{
    updateRun(key, false,
        [response = std::move(response), versionNumber](
            store::Project &project, store::RunStore &runs, const StoredRun &stored) mutable {
            if (versionNumber > 0)
                response.versionId = project.version(stored.prompt, versionNumber).id;
            runs.addResponse(stored.id, response);
        });
}

void StoreWriter::finishRun(int key, model::RunStatus status)
{
    updateRun(key, true,
        [status](store::Project &, store::RunStore &runs, const StoredRun &stored) {
            runs.finishRun(stored.id, status);
        });
}

} // namespace ps::app
