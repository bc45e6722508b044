#include "main_window.h"

#include "comparison_runner.h"
#include "conversation_editor.h"
#include "editor_session.h"
#include "engine.h"
#include "label_chip_delegate.h"
#include "pane_run_recorder.h"
#include "project_tree_model.h"
#include "prompt_editor.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "save_version_dialog.h"
#include "store_writer.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

namespace ps::app {

namespace {

constexpr int kMaxRecent = 8;
const QString kRecentKey = QStringLiteral("recentProjects");

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_treeModel(new widgets::ProjectTreeModel(this))
    , m_writer(new StoreWriter(this))
{
    setWindowTitle(tr("Promptsmith"));
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("projectTree"));
    m_tree->setModel(m_treeModel);
    m_tree->setHeaderHidden(true);
    m_tree->setItemDelegate(new widgets::LabelChipDelegate(
        widgets::ProjectTreeModel::LabelsRole, widgets::ProjectTreeModel::DetailRole, m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setMinimumWidth(180);

    m_workbench = new widgets::PromptWorkbench(this);
    m_workbench->showEmptyState(tr("Loading project…"));
    m_session = new EditorSession(m_workbench, m_writer, &m_workspace, this);

    m_engine = std::make_unique<Engine>();
    m_responses = new widgets::ResponseArea(this);
    m_runner = new ComparisonRunner(m_engine->dispatcher(), m_responses, this);
    m_runner->setPromptSource(promptSource());
    m_recorder = new PaneRunRecorder(*m_writer, m_engine->secrets());
    m_runner->setRecorder(m_recorder);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_workbench);
    m_splitter->addWidget(m_responses);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 1);
    m_splitter->setSizes({240, 620, 580});
    setCentralWidget(m_splitter);

    m_status = new QLabel(this);
    m_running = new QLabel(this);
    m_cost = new QLabel(this);
    m_hint = new QLabel(
        tr("Only the echo provider is set up — add a provider to compare real models"), this);
    m_hint->setObjectName(QStringLiteral("providerHint"));
    m_hint->hide();
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_running);
    statusBar()->addPermanentWidget(m_cost);
    statusBar()->addPermanentWidget(m_hint);
    setSessionCost(0.0);
    createMenus();

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) {
            if (!m_selecting)
                showSelection(current);
        });
    connect(&m_loader, &QFutureWatcher<WorkspaceSnapshot>::finished, this, [this] {
        // Filling the editor costs more than painting the window: a window on screen paints
        // first (showing "Loading…"), and the project follows at once after.
        if (isVisible() && !m_painted) {
            m_pendingWorkspace = m_loader.result();
            // Should no paint come (a minimised window), the project is not held back for it.
            QTimer::singleShot(250, this, &MainWindow::showPendingWorkspace);
        } else
            showWorkspace(m_loader.result());
    });
    connect(m_session, &EditorSession::statusMessage, m_status, &QLabel::setText);
    connect(m_workbench, &widgets::PromptWorkbench::saveRequested, this, &MainWindow::saveVersion);
    connect(m_workbench, &widgets::PromptWorkbench::versionActivated, this, [this](int number) {
        m_session->open(m_workbench->promptName(), number);
        selectTreeRow(m_workbench->promptName(), number);
    });
    connect(
        m_responses, &widgets::ResponseArea::sessionCostChanged, this, &MainWindow::setSessionCost);
    connect(m_responses, &widgets::ResponseArea::statusChanged, this, &MainWindow::setRunStatus);
    connect(m_writer, &StoreWriter::draftSaved, this, &MainWindow::draftSaved);
    connect(m_session, &EditorSession::versionSaved, this, &MainWindow::showSaved);
    connect(m_writer, &StoreWriter::projectCreated, this, &MainWindow::openProject);
    connect(m_writer, &StoreWriter::runStored, this, &MainWindow::showRun);
    connect(m_writer, &StoreWriter::failed, this,
        [this](const QString &error) { m_status->setText(error); });

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_workbench->splitter()->restoreState(
        settings.value(QStringLiteral("window/editorSplitter")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1440, 900);
}

MainWindow::~MainWindow()
{
    // The runner cancels its calls through the engine's dispatcher: it goes first. The
    // recorder then finishes the runs it leaves open, through the writer waited for below.
    delete m_runner;
    delete m_recorder;
    m_loader.waitForFinished();
    // A pending draft is written now rather than lost.
    m_session->flush();
    m_writer->waitForIdle();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Project…"), QKeySequence::New, this, &MainWindow::newProject);
    file->addAction(tr("&Open Project…"), QKeySequence::Open, this, &MainWindow::chooseProject);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    auto inEditor = [this](auto method) {
        return [this, method] {
            if (widgets::PromptEditor *editor = m_workbench->conversation()->currentEditor())
                (editor->*method)();
        };
    };
    edit->addAction(tr("&Undo"), QKeySequence::Undo, this, inEditor(&QsciScintilla::undo));
    edit->addAction(tr("&Redo"), QKeySequence::Redo, this, inEditor(&QsciScintilla::redo));
    edit->addSeparator();
    edit->addAction(tr("&Find…"), QKeySequence::Find, this,
        [this] { m_workbench->conversation()->openFind(false); });
    edit->addAction(tr("Find and &Replace…"), QKeySequence(Qt::CTRL | Qt::Key_H), this,
        [this] { m_workbench->conversation()->openFind(true); });
    // Qt's default editor shortcuts win inside an editor otherwise; the menu is the one place.
    for (QAction *action : edit->actions())
        action->setShortcutContext(Qt::WindowShortcut);

    QMenu *prompt = menuBar()->addMenu(tr("&Prompt"));
    QAction *save = prompt->addAction(
        tr("&Save Version…"), QKeySequence::Save, this, &MainWindow::saveVersion);
    save->setToolTip(tr("Save the editor as a new version (Ctrl+S)"));
    prompt->addAction(tr("Add &Message"), QKeySequence(Qt::CTRL | Qt::Key_M), this,
        [this] { m_workbench->conversation()->addMessage(QStringLiteral("user")); });

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_responses->runAllAction());
    run->addAction(m_responses->stopAllAction());
    run->addAction(m_responses->addPaneAction());

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
    m_session->flush();
    m_workbench->showEmptyState(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_loader.setFuture(QtConcurrent::run(&WorkspaceSnapshot::load, path.toStdString()));
}

void MainWindow::newProject()
{
    QString path = QFileDialog::getSaveFileName(
        this, tr("New Project"), QString(), tr("Promptsmith projects (*.promptsmith)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".promptsmith")))
        path += QStringLiteral(".promptsmith");
    m_writer->createProject(path);
}

void MainWindow::chooseProject()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Project"), QString(), tr("Promptsmith projects (*.promptsmith)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::rememberRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(kRecentKey, recent.mid(0, kMaxRecent));
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openProject(path); });
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
}

void MainWindow::showWorkspace(const WorkspaceSnapshot &workspace)
{
    const widgets::ProjectSnapshot &snapshot = workspace.project;
    const QString path = QString::fromStdString(snapshot.path);
    if (!snapshot.error.empty()) {
        // Not a modal box: the error stays readable and nothing waits on the user.
        m_status->setText(QString::fromStdString(snapshot.error));
        if (m_workspace.project.path.empty())
            m_workbench->showEmptyState(
                tr("Cannot open %1 — File ▸ Open Project…").arg(QFileInfo(path).fileName()));
        emit projectFailed(QString::fromStdString(snapshot.error));
        return;
    }
    m_workspace = workspace;
    m_writer->setProjectPath(path);
    rememberRecent(path);
    setWindowTitle(tr("Promptsmith — %1").arg(QFileInfo(path).fileName()));
    m_treeModel->setSnapshot(snapshot);
    m_tree->expandToDepth(0);
    m_hint->setVisible(workspace.onlyEcho);
    QString runnerError;
    if (!m_runner->openProject(path, &runnerError))
        m_status->setText(runnerError);
    std::size_t versions = 0;
    for (const auto &[name, list] : snapshot.versions)
        versions += list.size();
    m_summary = tr("%1 prompts · %2 versions").arg(snapshot.prompts.size()).arg(versions);
    m_status->setText(m_summary);

    // Open where the user was last time; else on the prompt with the most history.
    const QString remembered
        = QSettings().value(m_session->settingsKey() + QStringLiteral("/lastPrompt")).toString();
    QString start;
    std::size_t most = 0;
    for (const store::PromptRecord &prompt : snapshot.prompts) {
        const QString name = QString::fromStdString(prompt.name);
        const std::size_t count
            = snapshot.versions.count(prompt.name) ? snapshot.versions.at(prompt.name).size() : 0;
        if (name == remembered) {
            start = name;
            break;
        }
        if (start.isEmpty() || count > most) {
            start = name;
            most = count;
        }
    }
    if (start.isEmpty())
        m_workbench->showEmptyState(tr("No prompts yet — add one with promptsmith-cli prompt add"));
    else {
        selectTreeRow(start, std::nullopt);
        m_session->open(start, std::nullopt);
    }
    emit projectLoaded();
}

void MainWindow::showSelection(const QModelIndex &index)
{
    const QString prompt = index.data(widgets::ProjectTreeModel::PromptNameRole).toString();
    if (prompt.isEmpty())
        return;
    m_status->setText(m_summary); // a note about the previous prompt no longer applies
    const QVariant number = index.data(widgets::ProjectTreeModel::VersionNumberRole);
    m_session->open(prompt, number.isValid() ? std::optional<int>(number.toInt()) : std::nullopt);
}

void MainWindow::saveVersion()
{
    const QString prompt = m_session->promptName();
    if (prompt.isEmpty())
        return;
    const int base = m_session->baseNumber();
    auto *dialog = new widgets::SaveVersionDialog(base > 0
            ? tr("%1 · new version from v%2").arg(prompt).arg(base)
            : tr("%1 · first version").arg(prompt),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, prompt] {
        if (prompt == m_session->promptName())
            m_session->save(dialog->message());
    });
    dialog->open();
}

void MainWindow::showSaved(const store::SaveResult &result)
{
    // The session has updated the workspace's versions; the tree follows.
    const store::VersionRecord &version = result.version;
    const QString prompt = QString::fromStdString(version.promptName);
    m_treeModel->setSnapshot(m_workspace.project);
    m_tree->expandToDepth(0);
    selectTreeRow(prompt, version.number);
    m_status->setText(result.created
            ? tr("Saved %1 v%2").arg(prompt).arg(version.number)
            : tr("Nothing changed since v%1 — no new version").arg(version.number));
    emit versionSaved(version.number);
}

void MainWindow::showRun(const QString &path, const store::RunRecord &run)
{
    // Only runs of the project shown: a run still writing to one the user left stays there.
    if (path.toStdString() != m_workspace.project.path)
        return;
    std::vector<store::RunRecord> &runs = m_workspace.project.runs;
    const auto it = std::find_if(runs.begin(), runs.end(),
        [&run](const store::RunRecord &known) { return known.id == run.id; });
    if (it != runs.end())
        *it = run;
    else
        runs.insert(runs.begin(), run);
    if (runs.size() > widgets::ProjectSnapshot::kRecentRuns)
        runs.resize(widgets::ProjectSnapshot::kRecentRuns);
    m_treeModel->showRun(run);
}

void MainWindow::selectTreeRow(const QString &prompt, std::optional<int> number)
{
    const QModelIndex prompts = m_treeModel->index(0, 0);
    for (int row = 0; row < m_treeModel->rowCount(prompts); ++row) {
        const QModelIndex item = m_treeModel->index(row, 0, prompts);
        if (item.data(widgets::ProjectTreeModel::PromptNameRole).toString() != prompt)
            continue;
        QModelIndex target = item;
        for (int child = 0; number && child < m_treeModel->rowCount(item); ++child) {
            const QModelIndex version = m_treeModel->index(child, 0, item);
            if (version.data(widgets::ProjectTreeModel::VersionNumberRole).toInt() == *number)
                target = version;
        }
        m_selecting = true;
        m_tree->expand(item);
        m_tree->setCurrentIndex(target);
        m_selecting = false;
        return;
    }
}

PromptSnapshot MainWindow::currentPrompt() const
{
    return m_session->current();
}

PromptSource MainWindow::promptSource() const
{
    return [this] {
        return currentPrompt();
    };
}

void MainWindow::setSessionCost(double dollars)
{
    // Small sums keep their digits ($0.00012), never exponent notation; nothing spent is $0.00.
    const int decimals = dollars > 0 && dollars < 0.01 ? 5 : 2;
    m_cost->setText(tr("Session: $%1").arg(QString::number(dollars, 'f', decimals)));
    m_cost->setToolTip(tr("Money spent on model calls since Promptsmith started"));
}

void MainWindow::setRunStatus(const QString &text)
{
    m_running->setText(text);
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

QString MainWindow::hintText() const
{
    return m_hint->isHidden() ? QString() : m_hint->text();
}

bool MainWindow::event(QEvent *event)
{
    const bool handled = QMainWindow::event(event);
    if (event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        QTimer::singleShot(0, this, &MainWindow::showPendingWorkspace);
    }
    return handled;
}

void MainWindow::showPendingWorkspace()
{
    if (!m_pendingWorkspace)
        return;
    const WorkspaceSnapshot workspace = std::move(*m_pendingWorkspace);
    m_pendingWorkspace.reset();
    showWorkspace(workspace);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(
        QStringLiteral("window/editorSplitter"), m_workbench->splitter()->saveState());
    event->accept();
}

} // namespace ps::app
