#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QAction;
class QMenu;
class QTreeView;
class QWidget;

// The prompt-level commands of the Prompt menu and the project tree's context menu (new,
// rename, duplicate, delete) and of the History tab (restore, label): asks the user, has the
// store writer make the change through core, then shows the project again on the prompt the
// change is about.
namespace ps::app {

class ProjectSession;

class PromptActions final : public QObject
{
    Q_OBJECT
public:
    // `tree` gets the context menu; dialogs open over `window`.
    PromptActions(ProjectSession *session, QTreeView *tree, QWidget *window);

    QAction *newAction() const { return m_new; }
    QAction *renameAction() const { return m_rename; }
    QAction *duplicateAction() const { return m_duplicate; }
    QAction *deleteAction() const { return m_delete; }
    // Adds the four to `menu`, kept enabled as they apply whenever it opens.
    void addTo(QMenu *menu);

    // The History tab's Restore: version `number` of the prompt being edited as a new draft;
    // asks first when that would replace a draft.
    void restoreVersion(int number);
    // Opens version `number` of `prompt` (the newest or the draft without one). A draft of the
    // same prompt is never silently dropped: opening another of its versions asks first.
    void openVersion(const QString &prompt, std::optional<int> number);
    // The History tab's Label: points `label` at version `number` of the prompt being edited;
    // moving production (which something may deploy) asks first.
    void setLabel(int number, const QString &label);

private:
    // The prompt the commands act on: the one whose row the context menu is for, else the one
    // being edited.
    QString target() const;
    void updateEnabled();
    void showContextMenu(const QPoint &position);
    // Asks for a name; `done` gets it once accepted.
    void askName(const QString &title, const QString &intro, const QString &accept,
        const QString &name, const QString &renaming, std::function<void(const QString &)> done);
    // "" when `name` can be a prompt's name here (`renaming` may keep its own), else why not.
    QString nameProblem(const QString &name, const QString &renaming) const;
    void newPrompt();
    void renamePrompt();
    void duplicatePrompt();
    void deletePrompt();
    // After a change: the project is read again and `select` opened ("" for the default).
    void showChanged(const QString &select);

    ProjectSession *m_session;
    QTreeView *m_tree;
    QWidget *m_window;
    QAction *m_new = nullptr;
    QAction *m_rename = nullptr;
    QAction *m_duplicate = nullptr;
    QAction *m_delete = nullptr;
    QString m_menuPrompt; // the prompt row a context menu is open for
};

} // namespace ps::app
