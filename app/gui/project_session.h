#pragma once

#include "prompt_source.h"
#include "workspace_snapshot.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace ps::widgets {
class PromptWorkbench;
class ResponseArea;
} // namespace ps::widgets

// The open project behind the window (DESIGN.md "The window's document"): owns the engine, the
// store writer, the editor session, the runner and the recorder in teardown order, loads
// projects off the GUI thread and keeps the workspace the views show.
namespace ps::dispatch {
class Engine;
} // namespace ps::dispatch

namespace ps::app {

class ComparisonRunner;
class EditorSession;
class PaneRunRecorder;
class StoreWriter;

class ProjectSession final : public QObject
{
    Q_OBJECT
public:
    // `workbench` and `responses` are the views the editor session and the runner drive; they
    // must outlive the session.
    ProjectSession(widgets::PromptWorkbench *workbench, widgets::ResponseArea *responses,
        QObject *parent = nullptr);
    // Stops the runs (their runs stored as cancelled), writes a pending draft and waits for the
    // writer.
    ~ProjectSession() override;

    // Reads the project off the GUI thread; loaded() follows with it, or with its error.
    void load(const QString &path);
    // Creates a project file off the GUI thread, then loads it.
    void create(const QString &path);
    // Makes a loaded workspace the current one; false with `error` set when its runs cannot be
    // stored (the project is shown all the same).
    bool adopt(const WorkspaceSnapshot &workspace, QString *error);

    const WorkspaceSnapshot &workspace() const { return m_workspace; }
    EditorSession *editor() const { return m_editor; }
    StoreWriter *writer() const { return m_writer; }

    // The prompt as it would be sent now, and the source the runner asks it from.
    PromptSnapshot currentPrompt() const;
    PromptSource promptSource() const;

signals:
    void loaded(const ps::app::WorkspaceSnapshot &workspace);
    // A run of the current project was stored or updated (and is in workspace() now).
    void runShown(const ps::model::RunRecord &run);

private:
    void recordRun(const QString &path, const model::RunRecord &run);

    StoreWriter *m_writer = nullptr;
    EditorSession *m_editor = nullptr;
    std::unique_ptr<dispatch::Engine>
        m_engine; // outlives the runner (deleted first in the destructor)
    ComparisonRunner *m_runner = nullptr;
    PaneRunRecorder *m_recorder = nullptr; // deleted after the runner, before the writer
    QFutureWatcher<WorkspaceSnapshot> m_loader;
    WorkspaceSnapshot m_workspace;
};

} // namespace ps::app
