#pragma once

#include "store/project.h"
#include "store/run_store.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

// Writes to the open project off the GUI thread, one job at a time and in order (drafts,
// versions, new projects, the panes' runs), and reports each result on the GUI thread.
namespace ps::app {

class StoreWriter final : public QObject
{
    Q_OBJECT
public:
    explicit StoreWriter(QObject *parent = nullptr);
    ~StoreWriter() override; // waits for the queued writes: none is lost on quit

    void setProjectPath(const QString &path) { m_path = path; }

    void saveDraft(const store::Draft &draft);
    // The editor is back at the saved version: the prompt's draft has nothing to restore.
    void discardDraft(const QString &promptName);
    // Saves the version, then discards the prompt's draft (it is in the version now).
    void saveVersion(const store::SaveRequest &request);
    void createProject(const QString &path);
    // A change to the project's prompts (add, rename, copy, remove: a core call on `project`);
    // promptsChanged(select) follows, or failed() with the store's sentence.
    void changePrompts(std::function<void(store::Project &project)> change, const QString &select);
    // Any other change (providers, targets, datasets: a core call on `project`); `done` follows
    // on the GUI thread with "" or the store's sentence, for whoever asked to show.
    void changeProject(std::function<void(store::Project &project)> change,
        std::function<void(const QString &error)> done);

    // A run of the panes, known by `key` (the caller's) until the store has given it an id: it
    // is started under `prompt` version `version` in the project open now, and its responses
    // and end go to that project even if another is opened meanwhile. Jobs run in order, so a
    // response asked for after startRun always finds its run.
    void startRun(int key, const QString &prompt, int version, std::vector<std::string> targets,
        int total, nlohmann::json options);
    // These two may be called from any thread (a run's answers end on the network thread).
    // `versionNumber` is the prompt's version the answer came from (0: the run's own).
    void addResponse(int key, store::ResponseRecord response, int versionNumber = 0);
    void finishRun(int key, model::RunStatus status);
    void waitForIdle();
    // How many connections the writer has opened (one per project while it stays open); waits
    // for the queued writes first.
    int connectionsOpened();

signals:
    void draftSaved(const QString &promptName);
    void versionSaved(const ps::store::SaveResult &result);
    void projectCreated(const QString &path);
    // The prompts changed; `select` is the one to show now ("" when the change removed it).
    void promptsChanged(const QString &select);
    // A pane run as stored in the project at `path` after each of its writes (started, one
    // more response, finished).
    void runStored(const QString &path, const ps::model::RunRecord &run);
    void failed(const QString &error);
    // The first write to a project of an older Promptsmith upgraded it; `backup` is the file
    // as it was (older builds still open it). Emitted on the writer thread.
    void upgraded(const QString &path, int fromSchema, const QString &backup);

private:
    // The connection to `path`, kept open for the jobs that follow (writer thread only); opening
    // it says when that upgraded the file.
    store::Project &openForWriting(const std::string &path);
    // Runs `job` on the writer thread, then `done` (if it did not throw) on the GUI thread.
    // Callable from any thread.
    template<typename T>
    void run(std::function<T()> job, std::function<void(const T &)> done);

    struct StoredRun
    {
        std::string path;
        std::string id;
        std::string prompt;
    };
    struct StoredRunState
    {
        std::string path;
        model::RunRecord run; // no id: nothing was stored
    };
    void emitStored(const StoredRunState &state);
    // Runs `write` on the run `key` stands for (nothing if its start failed), then reports it;
    // `last` forgets the key.
    void updateRun(int key, bool last,
        std::function<void(store::Project &, store::RunStore &, const StoredRun &)> write);
    // The run a key stands for; used on the writer thread only (the mutex is for the record).
    std::optional<StoredRun> storedRun(int key);

    QString m_path;
    std::optional<store::Project> m_open; // writer thread only
    int m_opens = 0; // writer thread only, read once idle
    std::mutex m_runsMutex;
    std::map<int, StoredRun> m_runs;
    QThreadPool m_pool;
};

} // namespace ps::app
