#include "app_settings.h"

#include <QSettings>

namespace ps::app::settings {

namespace {

const QString kRecentProjects = QStringLiteral("recentProjects");
const QString kUserName = QStringLiteral("user/name");
const QString kGeometry = QStringLiteral("window/geometry");
// The tree beside the tabs; "window/splitter" held tree, editor and panes before the Evaluate tab.
const QString kSplitter = QStringLiteral("window/mainSplitter");
const QString kPromptSplitter = QStringLiteral("window/promptSplitter");
const QString kEditorSplitter = QStringLiteral("window/editorSplitter");
const QString kConnectDismissed = QStringLiteral("firstStart/connectOfferDismissed");

// "projects/<hex of the path>/": any path is a valid key that way.
QString projectGroup(const std::string &projectPath)
{
    return QStringLiteral("projects/%1/")
        .arg(QString::fromLatin1(QByteArray::fromStdString(projectPath).toHex()));
}

QString lastPromptKey(const std::string &projectPath)
{
    return projectGroup(projectPath) + QStringLiteral("lastPrompt");
}

QString paneTargetsKey(const std::string &projectPath)
{
    return projectGroup(projectPath) + QStringLiteral("paneTargets");
}

QString valuesKey(const std::string &projectPath, const QString &prompt)
{
    return projectGroup(projectPath) + QStringLiteral("values/") + prompt;
}

} // namespace

QStringList recentProjects()
{
    return QSettings().value(kRecentProjects).toStringList();
}

void setRecentProjects(const QStringList &paths)
{
    QSettings().setValue(kRecentProjects, paths);
}

QString userName()
{
    return QSettings().value(kUserName).toString();
}

WindowLayout windowLayout()
{
    const QSettings settings;
    return {settings.value(kGeometry).toByteArray(), settings.value(kSplitter).toByteArray(),
        settings.value(kEditorSplitter).toByteArray(), settings.value(kPromptSplitter).toByteArray()};
}

void setWindowLayout(const WindowLayout &layout)
{
    QSettings settings;
    settings.setValue(kGeometry, layout.geometry);
    settings.setValue(kSplitter, layout.splitter);
    settings.setValue(kEditorSplitter, layout.editorSplitter);
    settings.setValue(kPromptSplitter, layout.promptSplitter);
}

QString lastPrompt(const std::string &projectPath)
{
    return QSettings().value(lastPromptKey(projectPath)).toString();
}

void setLastPrompt(const std::string &projectPath, const QString &prompt)
{
    QSettings().setValue(lastPromptKey(projectPath), prompt);
}

QString variableValues(const std::string &projectPath, const QString &prompt)
{
    return QSettings().value(valuesKey(projectPath, prompt)).toString();
}

void setVariableValues(const std::string &projectPath, const QString &prompt, const QString &json)
{
    QSettings().setValue(valuesKey(projectPath, prompt), json);
}

bool connectOfferDismissed()
{
    return QSettings().value(kConnectDismissed, false).toBool();
}

void setConnectOfferDismissed()
{
    QSettings().setValue(kConnectDismissed, true);
}

QStringList paneTargets(const std::string &projectPath)
{
    return QSettings().value(paneTargetsKey(projectPath)).toStringList();
}

void setPaneTargets(const std::string &projectPath, const QStringList &targets)
{
    QSettings().setValue(paneTargetsKey(projectPath), targets);
}

} // namespace ps::app::settings
