#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// The window's settings, each key declared once (in app_settings.cpp), read and written typed.
// They live in the user's QSettings; nothing in them belongs in a project file.
namespace ps::app::settings {

QStringList recentProjects();
void setRecentProjects(const QStringList &paths);

// The name versions are saved under; empty when none is set.
QString userName();

// Where the window and its splitters were; empty arrays before the first close.
struct WindowLayout
{
    QByteArray geometry;
    QByteArray splitter;
    QByteArray editorSplitter;
    QByteArray promptSplitter; // the editor beside the panes
};
WindowLayout windowLayout();
void setWindowLayout(const WindowLayout &layout);

// The panes' "Connect a model" offer was dismissed: it is not made again on this machine.
bool connectOfferDismissed();
void setConnectOfferDismissed();

// Per project (by its path): the prompt open last, and each prompt's variable values (JSON).
QString lastPrompt(const std::string &projectPath);
void setLastPrompt(const std::string &projectPath, const QString &prompt);
QString variableValues(const std::string &projectPath, const QString &prompt);
void setVariableValues(const std::string &projectPath, const QString &prompt, const QString &json);
// The response panes as they were left: one target id per pane, left to right.
QStringList paneTargets(const std::string &projectPath);
void setPaneTargets(const std::string &projectPath, const QStringList &targets);

} // namespace ps::app::settings
