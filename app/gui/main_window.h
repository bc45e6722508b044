#pragma once

#include "prompt_source.h"
#include "workspace_snapshot.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;

namespace ps::widgets {
class DatasetView;
class EvaluationView;
class ProjectTree;
class RatingView;
class PromptWorkbench;
class ResponseArea;
} // namespace ps::widgets

// The main window: places the project tree, the prompt workbench and the response area, and
// wires menus and the status bar to the project session behind them.
namespace ps::app {

class DatasetTab;
class EvaluationTab;
class MainStatusBar;
class ProjectSession;
class PromptActions;
class BadcaseTab;
class RatingTab;
class PresentAction;
class PromptFiles;
class ProjectSharing;
class ProviderSettings;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads the project off the GUI thread; projectLoaded() fires when it is shown.
    void openProject(const QString &path);
    const widgets::ProjectSnapshot &snapshot() const;
    QString statusText() const;
    QString hintText() const;

    // The prompt as it would be sent now: what the comparison runner asks for.
    PromptSnapshot currentPrompt() const;
    PromptSource promptSource() const;

    widgets::ResponseArea *responseArea() const { return m_responses; }
    ProviderSettings *providerSettings() const { return m_providerSettings; }
    PresentAction *presentAction() const { return m_present; }
    PromptFiles *promptFiles() const { return m_promptFiles; }
    ProjectSharing *sharing() const { return m_sharing; }
    widgets::EvaluationView *evaluationView() const { return m_evaluationView; }
    widgets::DatasetView *datasetView() const { return m_datasetView; }
    widgets::RatingView *ratingView() const { return m_ratingView; }
    RatingTab *ratingTab() const { return m_rating; }
    BadcaseTab *badcaseTab() const { return m_badcases; }
    // Shows the Evaluate tab (Evaluate ▸ New Evaluation, or an evaluation run opened).
    void showEvaluation();

public slots:
    // Ctrl+S: asks for a message, then saves a version off the GUI thread.
    void saveVersion();

signals:
    void projectLoaded();
    void projectFailed(const QString &error);
    void draftSaved(const QString &promptName);
    void versionSaved(int number);

protected:
    bool event(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void showWorkspace(const WorkspaceSnapshot &workspace);
    void showPendingWorkspace();
    void showSelection(const QModelIndex &index);
    void showSaved(const store::SaveResult &result);
    void newProject();
    void chooseProject();

    widgets::ProjectTree *m_tree;
    widgets::PromptWorkbench *m_workbench = nullptr;
    widgets::ResponseArea *m_responses = nullptr;
    // A member, so it ends before the views it drives (they are children, deleted after).
    std::unique_ptr<ProjectSession> m_project;
    PromptActions *m_promptActions = nullptr;
    ProviderSettings *m_providerSettings = nullptr;
    PresentAction *m_present = nullptr;
    PromptFiles *m_promptFiles = nullptr;
    ProjectSharing *m_sharing = nullptr;
    QSplitter *m_splitter = nullptr; // the tree, then the tabs
    QTabWidget *m_tabs = nullptr; // Prompt (editor and panes), Evaluate
    QSplitter *m_promptSplitter = nullptr; // the editor, then the panes
    widgets::EvaluationView *m_evaluationView = nullptr;
    EvaluationTab *m_evaluation = nullptr;
    widgets::DatasetView *m_datasetView = nullptr;
    DatasetTab *m_dataset = nullptr;
    widgets::RatingView *m_ratingView = nullptr;
    RatingTab *m_rating = nullptr;
    BadcaseTab *m_badcases = nullptr;
    MainStatusBar *m_statusBar = nullptr;
    QString m_summary; // "3 prompts · 5 versions", shown when there is nothing newer to say
    std::optional<WorkspaceSnapshot> m_pendingWorkspace; // loaded before the first paint
    bool m_painted = false;
    bool m_firstStart = false; // no layout saved yet: the splitter is laid out at first paint
};

} // namespace ps::app
