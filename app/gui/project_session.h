#pragma once

#include "comparison_runner.h"
#include "connection_tests.h"
#include "copy_as_code.h"
#include "editor_session.h"
#include "evaluation_runner.h"
#include "prompt_source.h"
#include "badcase_from_answer.h"
#include "dataset_from_answer.h"
#include "example_from_answer.h"
#include "pane_conversations.h"
#include "keychain_keys.h"
#include "project_watcher.h"
#include "stale_answers.h"
#include "trust_prompt.h"
#include "store_writer.h"
#include "workspace_snapshot.h"

#include "dispatch/engine.h"
#include "store/image_store.h"

#include <QFutureWatcher>
#include <QObject>

namespace ps::widgets {
class PromptWorkbench;
class ResponseArea;
} // namespace ps::widgets

// The open project behind the window (DESIGN.md "The window's document"): owns the store
// writer, the editor session, the engine and the runner as members in teardown order, loads
// projects off the GUI thread and keeps the workspace the views show.
namespace ps::app {

class ProjectSession final : public QObject
{
    Q_OBJECT
public:
    // `workbench` and `responses` are the views the editor session and the runner drive; they
    // must outlive the session.
    ProjectSession(widgets::PromptWorkbench *workbench, widgets::ResponseArea *responses,
        QObject *parent = nullptr);
    // Writes a pending draft, stops the runs (their answers stored as cancelled) and waits for
    // the writer: the members' order does it.
    ~ProjectSession() override;

    // Reads the project off the GUI thread; loaded() follows with it, or with its error.
    void load(const QString &path);
    // Creates a project file off the GUI thread, then loads it.
    void create(const QString &path);
    // Makes a loaded workspace the current one; false with `error` set when its providers and
    // targets cannot be read, so nothing can run (the project is shown all the same).
    bool adopt(const WorkspaceSnapshot &workspace, QString *error);

    const WorkspaceSnapshot &workspace() const { return m_workspace; }
    EditorSession *editor() { return &m_editor; }
    StoreWriter *writer() { return &m_writer; }
    ExampleFromAnswer *exampleFromAnswer() { return &m_exampleFromAnswer; }
    DatasetFromAnswer *datasetFromAnswer() { return &m_datasetFromAnswer; }
    BadcaseFromAnswer *badcaseFromAnswer() { return &m_badcaseFromAnswer; }
    ConnectionTests *connectionTests() { return &m_connectionTests; }
    dispatch::Engine &engine() { return m_engine; }
    // The open project's images by hash; safe from any thread (each read its own connection).
    const store::ImageFileReader &images() const { return m_images; }
    EvaluationRunner *evaluations() { return &m_evaluations; }
    KeychainKeys *keychain() { return &m_keychain; }
    CopyAsCode *copyAsCode() { return &m_copyAsCode; }
    TrustPrompt *trustPrompt() { return &m_trustPrompt; }

    // The prompt as it would be sent now, and the source the runner asks it from.
    PromptSnapshot currentPrompt() const;
    PromptSource promptSource() const;
    // Version `number` of the open prompt, with the editor's variable values.
    std::optional<PromptSnapshot> versionPrompt(int number) const;

signals:
    void loaded(const ps::app::WorkspaceSnapshot &workspace);
    // A loaded workspace became the current one (adopt()).
    void adopted();
    // What the session has to say in the status bar (the editor's, an answer made an example,
    // an older file upgraded).
    void statusMessage(const QString &text);
    // A run of the current project was stored or updated (and is in workspace() now).
    void runShown(const ps::model::RunRecord &run);
    // The project was changed by another program (or this window's writer) and read again:
    // workspace() has its prompts, versions, runs and targets as they are now.
    void refreshed(const ps::app::WorkspaceSnapshot &workspace);

private:
    void recordRun(const QString &path, const model::RunRecord &run);
    // What the panes may hold when they compare versions: the draft, then newest first.
    void offerVersions();
    void readAgain();
    void refresh(const WorkspaceSnapshot &fresh);

    // Declaration order is teardown order reversed. The runner goes first and cancels its
    // calls; the engine then ends them, their answers going to the writer, which goes last
    // and waits for every queued write.
    StoreWriter m_writer;
    WorkspaceSnapshot m_workspace;
    EditorSession m_editor; // writes through m_writer, reads m_workspace
    KeychainKeys m_keychain; // the keys kept in the OS keychain, read when a send needs one
    store::ImageFileReader m_images; // the open project's images, for the messages that show them
    dispatch::Engine m_engine; // reads keys through m_keychain, images through m_images
    TrustPrompt m_trustPrompt; // approves through m_engine
    EvaluationRunner m_evaluations; // sends through m_engine; stops (and waits) before it ends
    ComparisonRunner m_runner; // calls through m_engine, stores through m_writer, asks m_trustPrompt
    ConnectionTests m_connectionTests; // asks through m_engine, reads m_keychain
    StaleAnswers m_stale; // reads m_editor
    ExampleFromAnswer m_exampleFromAnswer; // reads m_stale
    DatasetFromAnswer m_datasetFromAnswer; // reads m_stale and m_workspace, writes via m_writer
    BadcaseFromAnswer m_badcaseFromAnswer; // the same
    CopyAsCode m_copyAsCode; // reads m_runner
    PaneConversations m_conversations; // runs through m_runner, reads m_stale
    QFutureWatcher<WorkspaceSnapshot> m_loader;
    QFutureWatcher<WorkspaceSnapshot> m_refresher; // reads the project again after a change
    ProjectWatcher m_watcher;
    bool m_readAgain = false;
    QFuture<void> m_trustWarmup; // reads the approvals file before the first send needs it
    QFuture<void> m_tokenizerWarmup; // reads the rank files before the first count needs them
    widgets::ResponseArea *m_responses;
    bool m_restoringPanes = false;
};

} // namespace ps::app
