#pragma once

#include "prompt_source.h"
#include "workspace_snapshot.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace ps::widgets {
class PromptDocument;
class PromptWorkbench;
} // namespace ps::widgets

// The prompt open in the workbench: which version it starts from, whether it is a draft, the
// draft's autosave, remembered variable values, and saving it as a version.
namespace ps::app {

class StoreWriter;

class EditorSession final : public QObject
{
    Q_OBJECT
public:
    // `workspace` is the window's picture of the project; the session keeps its drafts and
    // versions current as it saves.
    EditorSession(widgets::PromptWorkbench *workbench, StoreWriter *writer,
        WorkspaceSnapshot *workspace, QObject *parent = nullptr);

    // Opens a version, or (no number) the prompt's draft when newer, else its newest version.
    void open(const QString &prompt, std::optional<int> number);
    // Writes a pending draft now (before switching prompts or quitting).
    void flush();
    // Replaces the editor with version `number`'s content as a new draft on top of the newest
    // version (autosaved at once); saving it makes a new version. The caller asks first when
    // the editor holds a draft.
    void restore(int number);
    bool isDraft() const;
    // Saves the editor as a version with `message` (off the GUI thread).
    void save(const QString &message);

    QString promptName() const;
    // The name versions are saved under: the setting, else the login name, as the CLI records.
    static QString author();
    int baseNumber() const { return m_baseNumber; }
    // The open prompt's versions as the workspace has them now (read again after a change).
    void showHistory();
    PromptSnapshot current() const;

signals:
    void statusMessage(const QString &text);
    void versionSaved(const ps::store::SaveResult &result);
    void opened(const QString &prompt);
    // The prompt opened, became a draft or stopped being one, or was saved.
    void stateChanged();

private:
    void contentEdited();
    void autosave();
    void rememberValues();
    void showSaved(const store::SaveResult &result);
    void updateState();

    widgets::PromptWorkbench *m_workbench;
    widgets::PromptDocument *m_document;
    StoreWriter *m_writer;
    WorkspaceSnapshot *m_workspace;
    QTimer m_autosave;
    QTimer m_valuesTimer;
    int m_baseNumber = 0; // the version the editor started from (0: none)
    int m_savingAt = -1; // the history's place when the version being saved was asked for
};

} // namespace ps::app
