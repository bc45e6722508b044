#include "main_window.h"

#include "label_chip_delegate.h"
#include "project_tree_model.h"
#include "version_view.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

namespace ps::app {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_treeModel(new widgets::ProjectTreeModel(this))
{
    setWindowTitle(tr("Promptsmith"));
    m_tree = new QTreeView(this);
    m_tree->setModel(m_treeModel);
    m_tree->setHeaderHidden(true);
    m_tree->setItemDelegate(new widgets::LabelChipDelegate(
        widgets::ProjectTreeModel::LabelsRole, widgets::ProjectTreeModel::DetailRole, m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setMinimumWidth(200);

    m_versionView = new widgets::VersionView(this);
    m_versionView->showEmptyState(tr("Loading project…"));

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_versionView);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({260, 900});
    setCentralWidget(m_splitter);

    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);
    createMenus();

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) { showSelection(current); });
    connect(&m_loader, &QFutureWatcher<widgets::ProjectSnapshot>::finished, this,
        [this] { showSnapshot(m_loader.result()); });

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1280, 800);
}

MainWindow::~MainWindow()
{
    m_loader.waitForFinished();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Project…"), this, &MainWindow::chooseProject);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

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
    m_versionView->showEmptyState(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_loader.setFuture(QtConcurrent::run(&widgets::ProjectSnapshot::load, path.toStdString()));
}

void MainWindow::chooseProject()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Project"), QString(), tr("Promptsmith projects (*.promptsmith)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::showSnapshot(const widgets::ProjectSnapshot &snapshot)
{
    const QString fileName = QFileInfo(QString::fromStdString(snapshot.path)).fileName();
    if (!snapshot.error.empty()) {
        // Not a modal box: the error stays readable and nothing waits on the user.
        m_status->setText(QString::fromStdString(snapshot.error));
        if (m_snapshot.path.empty())
            m_versionView->showEmptyState(
                tr("Cannot open %1 — File ▸ Open Project…").arg(fileName));
        emit projectFailed(QString::fromStdString(snapshot.error));
        return;
    }
    m_snapshot = snapshot;
    setWindowTitle(tr("Promptsmith — %1").arg(fileName));
    m_treeModel->setSnapshot(m_snapshot);
    m_tree->expandToDepth(0);

    std::size_t versions = 0;
    for (const auto &[name, list] : m_snapshot.versions)
        versions += list.size();
    m_status->setText(tr("%1 · %2 prompts · %3 versions")
                          .arg(QString::fromStdString(m_snapshot.path))
                          .arg(m_snapshot.prompts.size())
                          .arg(versions));

    // Open where the user was last time; else on the prompt with the most history.
    const QString remembered = QSettings().value(lastPromptKey()).toString();
    QModelIndex start;
    int mostVersions = -1;
    const QModelIndex prompts = m_treeModel->index(0, 0);
    for (int row = 0; row < m_treeModel->rowCount(prompts); ++row) {
        const QModelIndex prompt = m_treeModel->index(row, 0, prompts);
        const int versions = m_treeModel->rowCount(prompt);
        if (prompt.data(widgets::ProjectTreeModel::PromptNameRole).toString() == remembered) {
            start = prompt;
            break;
        }
        if (versions > mostVersions) {
            mostVersions = versions;
            start = prompt;
        }
    }
    const QModelIndex newest = m_treeModel->index(0, 0, start);
    if (newest.isValid()) {
        m_tree->expand(start);
        m_tree->setCurrentIndex(newest);
    } else {
        m_versionView->showEmptyState(
            tr("No prompts yet — add one with promptsmith-cli prompt add"));
    }
    emit projectLoaded();
}

void MainWindow::showSelection(const QModelIndex &index)
{
    const QString prompt = index.data(widgets::ProjectTreeModel::PromptNameRole).toString();
    const QVariant number = index.data(widgets::ProjectTreeModel::VersionNumberRole);
    const auto it = m_snapshot.versions.find(prompt.toStdString());
    if (it == m_snapshot.versions.end() || it->second.empty())
        return;
    QSettings().setValue(lastPromptKey(), prompt);
    const int wanted = number.isValid() ? number.toInt() : it->second.back().number;
    for (const store::VersionRecord &version : it->second) {
        if (version.number == wanted) {
            m_versionView->showVersion(version);
            return;
        }
    }
}

QString MainWindow::lastPromptKey() const
{
    return QStringLiteral("projects/%1/lastPrompt")
        .arg(QString::fromUtf8(QByteArray::fromStdString(m_snapshot.path).toHex()));
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    event->accept();
}

} // namespace ps::app
