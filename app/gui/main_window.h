#pragma once

#include "project_snapshot.h"

#include <QFutureWatcher>
#include <QMainWindow>

class QLabel;
class QSplitter;
class QTreeView;

namespace ps::widgets {
class ProjectTreeModel;
class VersionView;
} // namespace ps::widgets

// The main window: places the project tree and the version view and wires the menus.
namespace ps::app {

class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads the project off the GUI thread; projectLoaded() fires when it is shown.
    void openProject(const QString &path);
    const widgets::ProjectSnapshot &snapshot() const { return m_snapshot; }
    QString statusText() const;

signals:
    void projectLoaded();
    void projectFailed(const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void showSnapshot(const widgets::ProjectSnapshot &snapshot);
    void showSelection(const QModelIndex &index);
    void chooseProject();
    QString lastPromptKey() const;

    widgets::ProjectTreeModel *m_treeModel = nullptr;
    QTreeView *m_tree = nullptr;
    widgets::VersionView *m_versionView = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_status = nullptr;
    QFutureWatcher<widgets::ProjectSnapshot> m_loader;
    widgets::ProjectSnapshot m_snapshot;
};

} // namespace ps::app
