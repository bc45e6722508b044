#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace ps::store {
class Project;
}

// Share ▸ Connect to Repository…, Push and Pull: the window's front end of core/share (the use
// case `share` drives). The git work and the project's changes run on the store writer's thread;
// the status bar says what is happening and then what came in.
namespace ps::app {

class ProjectSession;

class ProjectSharing final : public QObject
{
    Q_OBJECT
public:
    ProjectSharing(ProjectSession *session, QWidget *window);

    void addTo(QMenu *menu);
    QAction *pushAction() const { return m_push; }
    QAction *pullAction() const { return m_pull; }

    // What Connect… leads to after its dialog; the tests call it directly.
    void connectTo(const QString &repository, const QString &folder);

signals:
    void statusMessage(const QString &text);
    void busy(bool working); // a push or pull is under way: the actions wait
    void finished(const QString &summary); // what a connect, push or pull did, or why it failed

private:
    void askRepository();
    void push();
    void pull();
    void run(const QString &doing, std::function<QString(store::Project &)> work);

    ProjectSession *m_session;
    QWidget *m_window;
    QAction *m_connect;
    QAction *m_push;
    QAction *m_pull;
};

} // namespace ps::app
