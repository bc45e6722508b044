#include "project_sharing.h"

#include "editor_session.h"
#include "project_session.h"
#include "std_text.h"
#include "store_writer.h"

#include "share/git_repository.h"
#include "share/prompt_share.h"
#include "store/version_queries.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QFileInfo>
#include <QFormLayout>
#include <QLineEdit>
#include <QMenu>
#include <QWidget>

#include <memory>

namespace ps::app {

using widgets::qs;

namespace {

// What a pull brought, in a sentence and a list.
QString pulledText(const share::PullResult &pulled)
{
    QStringList parts;
    for (const share::PulledPrompt &prompt : pulled.prompts) {
        if (prompt.added == 0)
            continue;
        QString part = (prompt.added == 1 ? ProjectSharing::tr("1 version of %1")
                                          : ProjectSharing::tr("%1 versions of %2").arg(prompt.added))
                           .arg(qs(prompt.name));
        if (prompt.bothChanged)
            part += ProjectSharing::tr(" (changed here and there: both kept)");
        parts << part;
    }
    for (const std::string &label : pulled.labels)
        parts << ProjectSharing::tr("label %1").arg(qs(label));
    for (const std::string &conflict : pulled.labelConflicts)
        parts << qs(conflict);
    for (const std::string &dataset : pulled.datasets)
        parts << ProjectSharing::tr("dataset %1").arg(qs(dataset));
    return parts.join(QStringLiteral("; "));
}

} // namespace

ProjectSharing::ProjectSharing(ProjectSession *session, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
    , m_connect(new QAction(tr("&Connect to Repository…"), this))
    , m_push(new QAction(tr("&Push"), this))
    , m_pull(new QAction(tr("P&ull"), this))
{
    m_connect->setToolTip(tr("Share this project's prompts through a git repository (a path, ssh:// or https://)"));
    m_push->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P));
    m_push->setToolTip(tr("Commit the versions the repository lacks and push them (Ctrl+Alt+P)"));
    m_pull->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_U));
    m_pull->setToolTip(tr("Add the versions made elsewhere; nothing here is changed (Ctrl+Alt+U)"));
    connect(m_connect, &QAction::triggered, this, &ProjectSharing::askRepository);
    connect(m_push, &QAction::triggered, this, &ProjectSharing::push);
    connect(m_pull, &QAction::triggered, this, &ProjectSharing::pull);
    connect(this, &ProjectSharing::busy, this, [this](bool working) {
        for (QAction *action : {m_connect, m_push, m_pull})
            action->setEnabled(!working);
    });
}

void ProjectSharing::addTo(QMenu *menu)
{
    menu->addAction(m_connect);
    menu->addSeparator();
    menu->addActions({m_push, m_pull});
}

void ProjectSharing::askRepository()
{
    QDialog dialog(m_window);
    dialog.setWindowTitle(tr("Connect to Repository"));
    auto *repository = new QLineEdit(&dialog);
    repository->setPlaceholderText(tr("/path/to/team.git, ssh://git@host/team/prompts.git or https://…"));
    repository->setAccessibleName(tr("Repository"));
    auto *folder = new QLineEdit(QStringLiteral("prompts"), &dialog);
    folder->setAccessibleName(tr("Folder in the repository"));
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("&Repository:"), repository);
    form->addRow(tr("&Folder:"), folder);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    dialog.resize(560, dialog.sizeHint().height());
    if (dialog.exec() == QDialog::Accepted && !repository->text().trimmed().isEmpty())
        connectTo(repository->text().trimmed(), folder->text().trimmed());
}

void ProjectSharing::connectTo(const QString &repository, const QString &folder)
{
    const std::string remote = repository.toStdString();
    const std::string path = folder.isEmpty() ? "prompts" : folder.toStdString();
    run(tr("Connecting to %1…").arg(repository), [remote, path](store::Project &project) {
        const share::ShareStatus status = share::shareInit(project, {remote, path, {}});
        const QString ahead = status.ahead == 1 ? tr("1 version") : tr("%1 versions").arg(status.ahead);
        return tr("Shared through %1 (%2): %3 to push").arg(qs(status.remote), qs(status.branch), ahead);
    });
}

void ProjectSharing::push()
{
    const std::string author = EditorSession::author().toStdString();
    run(tr("Pushing…"), [author](store::Project &project) {
        const share::PushResult pushed = share::sharePush(project, author, store::utcNow());
        QString summary = pushed.versionsPushed == 1 ? tr("Pushed 1 version") : tr("Pushed %1 versions").arg(pushed.versionsPushed);
        if (pushed.pulled.versionsAdded() > 0 || !pushed.pulled.labelConflicts.empty())
            summary += tr(", after pulling: %1").arg(pulledText(pushed.pulled));
        return summary;
    });
}

void ProjectSharing::pull()
{
    run(tr("Pulling…"), [](store::Project &project) {
        const share::PullResult pulled = share::sharePull(project, store::utcNow());
        if (pulled.versionsAdded() == 0 && pulled.labels.empty() && pulled.datasets.empty() && pulled.labelConflicts.empty())
            return tr("Up to date: nothing new in the repository");
        return tr("Pulled %1").arg(pulledText(pulled));
    });
}

void ProjectSharing::run(const QString &doing, std::function<QString(store::Project &)> work)
{
    emit busy(true);
    emit statusMessage(doing);
    auto summary = std::make_shared<QString>();
    m_session->writer()->changeProject(
        [work = std::move(work), summary](store::Project &project) {
            try {
                *summary = work(project);
            } catch (const share::ShareError &error) {
                *summary = tr("Sharing failed: %1").arg(qs(error.what()));
            }
        },
        [this, summary](const QString &error) {
            const QString said = error.isEmpty() ? *summary : tr("Sharing failed: %1").arg(error);
            emit busy(false);
            emit statusMessage(said);
            emit finished(said);
        });
}

} // namespace ps::app
