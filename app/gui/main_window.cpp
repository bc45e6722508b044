#include "main_window.h"

#include "app_settings.h"
#include "conversation_editor.h"
#include "editor_session.h"
#include "dataset_tab.h"
#include "dataset_view.h"
#include "eval_results_view.h"
#include "evaluation_tab.h"
#include "evaluation_view.h"
#include "examples_files.h"
#include "prompt_images.h"
#include "first_connect.h"
#include "history_panel.h"
#include "main_status_bar.h"
#include "main_tool_bar.h"
#include "project_session.h"
#include "prompt_files.h"
#include "project_sharing.h"
#include "project_tree.h"
#include "project_tree_model.h"
#include "prompt_actions.h"
#include "present_action.h"
#include "prompt_workbench.h"
#include "provider_settings.h"
#include "badcase_tab.h"
#include "rating_tab.h"
#include "rating_view.h"
#include "recent_projects.h"
#include "response_area.h"
#include "save_version_dialog.h"
#include "store_writer.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>

#include <utility>

namespace ps::app {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tree(new widgets::ProjectTree(this))
{
    setWindowTitle(tr("Promptsmith"));

    m_workbench = new widgets::PromptWorkbench(this);
    m_workbench->showEmptyState(tr("Loading project…"));
    m_responses = new widgets::ResponseArea(this);
    m_project = std::make_unique<ProjectSession>(m_workbench, m_responses);
    m_promptActions = new PromptActions(m_project.get(), m_tree, this);
    m_providerSettings = new ProviderSettings(m_project.get(), this);
    new FirstConnect(m_project.get(), m_providerSettings, m_responses->connectBanner(), this);
    m_present = new PresentAction(m_project.get(), m_responses, this);
    connect(m_responses, &widgets::ResponseArea::priceRequested, m_providerSettings,
        &ProviderSettings::showPrice);
    auto *examplesFiles = new ExamplesFiles(m_workbench, this);
    auto *promptImages = new PromptImages(m_project.get(), m_workbench, this);
    m_promptFiles = new PromptFiles(m_project.get(), this);
    m_sharing = new ProjectSharing(m_project.get(), this);
    connect(m_workbench->historyPanel(), &widgets::HistoryPanel::restoreRequested,
        m_promptActions, &PromptActions::restoreVersion);
    connect(m_workbench->historyPanel(), &widgets::HistoryPanel::labelRequested,
        m_promptActions, &PromptActions::setLabel);

    m_promptSplitter = new QSplitter(Qt::Horizontal, this);
    m_promptSplitter->addWidget(m_workbench);
    m_promptSplitter->addWidget(m_responses);
    m_evaluationView = new widgets::EvaluationView(this);
    m_evaluation = new EvaluationTab(m_project.get(), m_evaluationView, this);
    connect(m_evaluation, &EvaluationTab::shown, this, &MainWindow::showEvaluation);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_promptSplitter, tr("&Prompt"));
    m_tabs->addTab(m_evaluationView, tr("E&valuate"));
    m_datasetView = new widgets::DatasetView(this);
    m_dataset = new DatasetTab(m_project.get(), m_datasetView, m_workbench, this);
    m_tabs->addTab(m_datasetView, tr("&Dataset"));
    m_ratingView = new widgets::RatingView(this);
    m_rating = new RatingTab(m_project.get(), m_ratingView, this);
    m_tabs->addTab(m_ratingView, tr("&Rate"));
    m_badcases = new BadcaseTab(m_project.get(), this, this);
    m_tabs->addTab(m_badcases->widget(), tr("&Bad Cases"));
    connect(m_evaluationView->resultsView(), &widgets::EvalResultsView::rateRequested, m_rating,
        &RatingTab::rateBlind);
    connect(m_rating, &RatingTab::opened, this, [this] { m_tabs->setCurrentWidget(m_ratingView); });
    connect(m_dataset, &DatasetTab::variablesFilled, this,
        [this] { m_tabs->setCurrentWidget(m_promptSplitter); });
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({240, 1200});
    setCentralWidget(m_splitter);

    m_statusBar = new MainStatusBar(this);
    setStatusBar(m_statusBar);
    createMenus();

    connect(m_tree, &widgets::ProjectTree::rowChosen, this, &MainWindow::showSelection);
    connect(
        m_project.get(), &ProjectSession::loaded, this, [this](const WorkspaceSnapshot &workspace) {
            // Filling the editor costs more than painting the window: a window on screen paints
            // first (showing "Loading…"), and the project follows at once after.
            if (isVisible() && !m_painted) {
                m_pendingWorkspace = workspace;
                // Should no paint come (a minimised window), the project is not held back for it.
                QTimer::singleShot(250, this, &MainWindow::showPendingWorkspace);
            } else
                showWorkspace(workspace);
        });
    EditorSession *editor = m_project->editor();
    StoreWriter *writer = m_project->writer();
    connect(m_project.get(), &ProjectSession::statusMessage, m_statusBar, &MainStatusBar::setNote);
    connect(examplesFiles, &ExamplesFiles::statusMessage, m_statusBar, &MainStatusBar::setNote);
    connect(promptImages, &PromptImages::statusMessage, m_statusBar, &MainStatusBar::setNote);
    connect(m_promptFiles, &PromptFiles::statusMessage, m_statusBar, &MainStatusBar::setNote);
    connect(m_sharing, &ProjectSharing::statusMessage, m_statusBar, &MainStatusBar::setNote);
    connect(m_workbench, &widgets::PromptWorkbench::saveRequested, this, &MainWindow::saveVersion);
    connect(
        m_workbench, &widgets::PromptWorkbench::versionActivated, this, [this, editor](int number) {
            m_promptActions->openVersion(m_workbench->promptName(), number);
            m_tree->selectRow(m_workbench->promptName(), number);
        });
    connect(
        m_responses, &widgets::ResponseArea::sessionCostChanged, m_statusBar, &MainStatusBar::setSessionCost);
    connect(m_responses, &widgets::ResponseArea::statusChanged, m_statusBar, &MainStatusBar::setRunning);
    connect(writer, &StoreWriter::draftSaved, this, &MainWindow::draftSaved);
    connect(editor, &EditorSession::versionSaved, this, &MainWindow::showSaved);
    connect(m_project.get(), &ProjectSession::runShown, m_tree->treeModel(),
        &widgets::ProjectTreeModel::showRun);
    connect(m_project.get(), &ProjectSession::refreshed, this,
        [this](const WorkspaceSnapshot &workspace) {
            m_tree->refresh(workspace.project);
            m_statusBar->setOnlyEcho(workspace.onlyEcho);
        });
    connect(writer, &StoreWriter::failed, m_statusBar, &MainStatusBar::setNote);

    const settings::WindowLayout layout = settings::windowLayout();
    restoreGeometry(layout.geometry);
    m_splitter->restoreState(layout.splitter);
    m_promptSplitter->restoreState(layout.promptSplitter);
    m_workbench->splitter()->restoreState(layout.editorSplitter);
    m_firstStart = layout.geometry.isEmpty();
    if (m_firstStart) {
        // A first start fills a laptop screen (1280×800) without running off it.
        QSize size(1440, 900);
        if (const QScreen *screen = QGuiApplication::primaryScreen())
            size = size.boundedTo(screen->availableGeometry().size() * 0.95);
        resize(size);
    }
}

MainWindow::~MainWindow() = default;

const widgets::ProjectSnapshot &MainWindow::snapshot() const
{
    return m_project->workspace().project;
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Project…"), QKeySequence::New, this, &MainWindow::newProject);
    file->addAction(tr("&Open Project…"), QKeySequence::Open, this, &MainWindow::chooseProject);
    RecentProjects::attachTo(
        file->addMenu(tr("Open &Recent")), [this](const QString &path) { openProject(path); });
    file->addSeparator();
    file->addActions({m_promptFiles->exportAction(), m_promptFiles->importAction()});
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    m_workbench->addEditActions(menuBar()->addMenu(tr("&Edit")));

    QMenu *prompt = menuBar()->addMenu(tr("&Prompt"));
    QAction *save = prompt->addAction(
        tr("&Save Version…"), QKeySequence::Save, this, &MainWindow::saveVersion);
    save->setToolTip(tr("Save the editor as a new version (Ctrl+S)"));
    addToolBar(new MainToolBar(m_responses, save, this));
    prompt->addAction(tr("Add &Message"), QKeySequence(Qt::CTRL | Qt::Key_M), this,
        [this] { m_workbench->conversation()->addMessage(QStringLiteral("user")); });
    prompt->addSeparator();
    m_promptActions->addTo(prompt);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_responses->runAllAction());
    run->addAction(m_responses->stopAllAction());
    run->addAction(m_responses->addPaneAction());
    menuBar()->addMenu(tr("&Evaluate"))->addAction(tr("&New Evaluation…"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this, &MainWindow::showEvaluation);

    m_sharing->addTo(menuBar()->addMenu(tr("&Share")));
    menuBar()->addMenu(tr("&View"))->addAction(m_present->action());
    menuBar()->addMenu(tr("&Settings"))->addAction(m_providerSettings->action());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Promptsmith"), this, [this] {
        QMessageBox::about(this, tr("About Promptsmith"),
            tr("<b>Promptsmith %1</b><p>A desktop workbench for prompt "
               "engineering: write, version, compare and evaluate prompts.</p>")
                .arg(QStringLiteral(PS_VERSION_STRING)));
    });
}

void MainWindow::openProject(const QString &path)
{
    // The draft typed in the last moment is written while its prompt is still open.
    m_project->editor()->flush();
    m_workbench->showEmptyState(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_project->load(path);
}

void MainWindow::newProject()
{
    QString path = QFileDialog::getSaveFileName(
        this, tr("New Project"), QString(), tr("Promptsmith projects (*.promptsmith)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".promptsmith")))
        path += QStringLiteral(".promptsmith");
    m_project->create(path);
}

void MainWindow::chooseProject()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Project"), QString(), tr("Promptsmith projects (*.promptsmith)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::showWorkspace(const WorkspaceSnapshot &workspace)
{
    const widgets::ProjectSnapshot &snapshot = workspace.project;
    const QString path = QString::fromStdString(snapshot.path);
    if (!snapshot.error.empty()) {
        // Not a modal box: the error stays readable and nothing waits on the user.
        m_statusBar->setNote(QString::fromStdString(snapshot.error));
        if (m_project->workspace().project.path.empty())
            m_workbench->showEmptyState(
                tr("Cannot open %1 — File ▸ Open Project…").arg(QFileInfo(path).fileName()));
        emit projectFailed(QString::fromStdString(snapshot.error));
        return;
    }
    QString runnerError;
    const bool runnable = m_project->adopt(workspace, &runnerError);
    RecentProjects::remember(path);
    setWindowTitle(tr("Promptsmith — %1").arg(QFileInfo(path).fileName()));
    m_tree->showProject(snapshot);
    m_statusBar->setOnlyEcho(workspace.onlyEcho);
    m_summary
        = tr("%1 prompts · %2 versions").arg(snapshot.prompts.size()).arg(workspace.versionCount());
    m_statusBar->setNote(runnable ? m_summary : m_summary + QStringLiteral(" · ") + runnerError);

    // Open where the user was last time; else on the prompt with the most history.
    EditorSession *editor = m_project->editor();
    const QString remembered = settings::lastPrompt(snapshot.path);
    const QString start = QString::fromStdString(workspace.startPrompt(remembered.toStdString()));
    if (start.isEmpty())
        m_workbench->showEmptyState(
            tr("No prompts in this project yet. A prompt keeps every version of one task's "
               "instructions, with its examples and parameters."),
            m_promptActions->newAction());
    else {
        m_tree->selectRow(start, std::nullopt);
        editor->open(start, std::nullopt);
    }
    emit projectLoaded();
}

void MainWindow::showSelection(const QModelIndex &index)
{
    const QString prompt = index.data(widgets::ProjectTreeModel::PromptNameRole).toString();
    if (prompt.isEmpty()) {
        const QString dataset = index.data(widgets::ProjectTreeModel::DatasetNameRole).toString();
        if (!dataset.isEmpty()) {
            m_dataset->open(dataset);
            m_tabs->setCurrentWidget(m_datasetView);
        } else
            m_evaluation->openRun(index.data(widgets::ProjectTreeModel::RunIdRole).toString());
        return;
    }
    m_statusBar->setNote(m_summary); // a note about the previous prompt no longer applies
    if (m_tabs->currentWidget() != m_promptSplitter)
        m_tabs->setCurrentWidget(m_promptSplitter);
    const QVariant number = index.data(widgets::ProjectTreeModel::VersionNumberRole);
    m_promptActions->openVersion(
        prompt, number.isValid() ? std::optional<int>(number.toInt()) : std::nullopt);
}

void MainWindow::saveVersion()
{
    EditorSession *editor = m_project->editor();
    const QString prompt = editor->promptName();
    if (prompt.isEmpty())
        return;
    if (const QString why = m_workbench->unsavableReason(); !why.isEmpty()) {
        m_workbench->showParameters(); // where the mistake is marked
        m_statusBar->setNote(tr("Not saved: %1").arg(why));
        return;
    }
    const int base = editor->baseNumber();
    auto *dialog = new widgets::SaveVersionDialog(base > 0
            ? tr("%1 · new version from v%2").arg(prompt).arg(base)
            : tr("%1 · first version").arg(prompt),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [editor, dialog, prompt] {
        if (prompt == editor->promptName())
            editor->save(dialog->message());
    });
    dialog->open();
}

void MainWindow::showSaved(const store::SaveResult &result)
{
    // The session has updated the workspace's versions; the tree follows.
    const model::VersionRecord &version = result.version;
    const QString prompt = QString::fromStdString(version.promptName);
    m_tree->refresh(m_project->workspace().project);
    m_tree->selectRow(prompt, version.number);
    m_statusBar->setNote(result.created
            ? tr("Saved %1 v%2").arg(prompt).arg(version.number)
            : tr("Nothing changed since v%1 — no new version").arg(version.number));
    emit versionSaved(version.number);
}

PromptSnapshot MainWindow::currentPrompt() const
{
    return m_project->currentPrompt();
}

PromptSource MainWindow::promptSource() const
{
    return m_project->promptSource();
}

QString MainWindow::statusText() const
{
    return m_statusBar->note();
}

QString MainWindow::hintText() const
{
    return m_statusBar->hint();
}

bool MainWindow::event(QEvent *event)
{
    const bool handled = QMainWindow::event(event);
    if (event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        if (m_firstStart) { // tree, editor and panes in proportion to the window as it opened
            m_splitter->setSizes({width() * 17 / 100, width() * 83 / 100});
            m_promptSplitter->setSizes({width() * 43 / 100, width() * 40 / 100});
        }
        QTimer::singleShot(0, this, &MainWindow::showPendingWorkspace);
    }
    return handled;
}

void MainWindow::showEvaluation()
{
    m_tabs->setCurrentWidget(m_evaluationView);
}

void MainWindow::showPendingWorkspace()
{
    if (m_pendingWorkspace)
        showWorkspace(*std::exchange(m_pendingWorkspace, std::nullopt));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    settings::setWindowLayout({saveGeometry(), m_splitter->saveState(),
        m_workbench->splitter()->saveState(), m_promptSplitter->saveState()});
    event->accept();
}

} // namespace ps::app
