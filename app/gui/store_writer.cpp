#include "store_writer.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <variant>

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
}

void StoreWriter::waitForIdle()
{
    m_pool.waitForDone();
}

template<typename T>
void StoreWriter::run(std::function<T()> job, std::function<void(const T &)> done)
{
    using Outcome = std::variant<T, std::string>;
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, done] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        if (const auto *error = std::get_if<std::string>(&outcome))
            emit failed(QString::fromStdString(*error));
        else
            done(std::get<T>(outcome));
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [job]() -> Outcome {
        try {
            return job();
        } catch (const std::exception &error) {
            return std::string(error.what());
        }
    }));
}

void StoreWriter::saveDraft(const store::Draft &draft)
{
    const std::string path = m_path.toStdString();
    run<bool>(
        [path, draft] {
            store::Project::open(path).saveDraft(draft);
            return true;
        },
        [this, name = QString::fromStdString(draft.promptName)](
            const bool &) { emit draftSaved(name); });
}

void StoreWriter::saveVersion(const store::SaveRequest &request)
{
    const std::string path = m_path.toStdString();
    run<store::SaveResult>(
        [path, request] {
            store::Project project = store::Project::open(path);
            store::SaveResult result = project.saveVersion(request);
            project.discardDraft(request.promptName);
            // Labels are read back so the record is complete as the views show it.
            result.version = project.version(request.promptName, result.version.number);
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

} // namespace ps::app
