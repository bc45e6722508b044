#pragma once

#include <QObject>
#include <QString>

class QAction;
class QWidget;

namespace ps::widgets {
class ResponseArea;
}

// View ▸ Present… and `promptsmith --present REF --target T`: sets a demo up (a version, a
// target, the inputs shown) and hands it to the presenter.
namespace ps::app {

class Presenter;
class ProjectSession;

class PresentAction final : public QObject
{
    Q_OBJECT
public:
    PresentAction(ProjectSession *session, widgets::ResponseArea *area, QWidget *window);

    QAction *action() const { return m_action; }
    Presenter *presenter() const { return m_presenter; }

    // NAME@N, NAME@LABEL or NAME (its newest version) of the open project, every variable shown;
    // "" or why it cannot be presented.
    QString presentReference(const QString &reference, const QString &target);

public slots:
    void setUp(); // the dialog, for the prompt in the editor

private:
    ProjectSession *m_session;
    widgets::ResponseArea *m_area;
    QWidget *m_window;
    QAction *m_action;
    Presenter *m_presenter;
};

} // namespace ps::app
