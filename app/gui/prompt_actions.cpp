#include "prompt_actions.h"

#include "app_settings.h"
#include "project_session.h"
#include "project_tree_model.h"
#include "prompt_name_dialog.h"

#include "store/names.h"
#include "store/store_error.h"

#include <QAction>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeView>

namespace ps::app {

PromptActions::PromptActions(ProjectSession *session, QTreeView *tree, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_tree(tree)
    , m_window(window)
{
    m_new = new QAction(tr("&New Prompt…"), this);
    m_new->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_new->setToolTip(tr("Start a new prompt in this project (Ctrl+Shift+N)"));
    m_rename = new QAction(tr("&Rename Prompt…"), this);
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_rename->setToolTip(tr("Rename the prompt; its versions, labels and runs follow (F2)"));
    m_duplicate = new QAction(tr("&Duplicate Prompt…"), this);
    m_duplicate->setToolTip(tr("A new prompt whose v1 is this prompt's newest version"));
    m_delete = new QAction(tr("De&lete Prompt…"), this);
    m_delete->setToolTip(tr("Take the prompt out of the project (asks first)"));
    for (QAction *action : {m_new, m_rename, m_duplicate, m_delete})
        action->setShortcutContext(Qt::WindowShortcut);

    connect(m_new, &QAction::triggered, this, &PromptActions::newPrompt);
    connect(m_rename, &QAction::triggered, this, &PromptActions::renamePrompt);
    connect(m_duplicate, &QAction::triggered, this, &PromptActions::duplicatePrompt);
    connect(m_delete, &QAction::triggered, this, &PromptActions::deletePrompt);
    connect(m_session->writer(), &StoreWriter::promptsChanged, this, &PromptActions::showChanged);
    connect(m_session, &ProjectSession::adopted, this, &PromptActions::updateEnabled);
    connect(m_session->editor(), &EditorSession::opened, this, &PromptActions::updateEnabled);

    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &PromptActions::showContextMenu);
    updateEnabled();
}

void PromptActions::addTo(QMenu *menu)
{
    connect(menu, &QMenu::aboutToShow, this, &PromptActions::updateEnabled);
    menu->addAction(m_new);
    menu->addAction(m_rename);
    menu->addAction(m_duplicate);
    menu->addAction(m_delete);
}

QString PromptActions::target() const
{
    return m_menuPrompt.isEmpty() ? m_session->editor()->promptName() : m_menuPrompt;
}

void PromptActions::updateEnabled()
{
    const bool open = !m_session->workspace().project.path.empty();
    const bool some = !target().isEmpty();
    m_new->setEnabled(open);
    m_rename->setEnabled(open && some);
    m_duplicate->setEnabled(open && some);
    m_delete->setEnabled(open && some);
}

void PromptActions::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_tree->indexAt(position);
    m_menuPrompt = index.data(widgets::ProjectTreeModel::PromptNameRole).toString();
    updateEnabled();
    auto *menu = new QMenu(m_tree);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_new);
    if (!m_menuPrompt.isEmpty()) {
        menu->addAction(m_rename);
        menu->addAction(m_duplicate);
        menu->addAction(m_delete);
    }
    // The row's prompt is the target until the chosen command has read it.
    connect(menu, &QMenu::aboutToHide, this, [this] {
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_menuPrompt.clear();
                updateEnabled();
            },
            Qt::QueuedConnection);
    });
    menu->popup(m_tree->viewport()->mapToGlobal(position));
}

QString PromptActions::nameProblem(const QString &name, const QString &renaming) const
{
    try {
        store::checkPromptName(name.toStdString());
    } catch (const store::StoreError &error) {
        QString why = QString::fromStdString(error.what());
        why[0] = why[0].toUpper();
        return why + QLatin1Char('.');
    }
    if (name == renaming)
        return {};
    for (const model::PromptRecord &prompt : m_session->workspace().project.prompts)
        if (QString::fromStdString(prompt.name) == name)
            return tr("A prompt named %1 is already in this project.").arg(name);
    return {};
}

void PromptActions::askName(const QString &title, const QString &intro, const QString &accept,
    const QString &name, const QString &renaming, std::function<void(const QString &)> done)
{
    auto *dialog = new widgets::PromptNameDialog(
        title, intro, accept, name,
        [this, renaming](const QString &candidate) { return nameProblem(candidate, renaming); },
        m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [dialog, done] { done(dialog->name()); });
    dialog->open();
}

void PromptActions::newPrompt()
{
    askName(tr("New Prompt"), tr("A name for the new prompt, as the team will call it:"),
        tr("Create"), QString(), QString(), [this](const QString &name) {
            m_session->editor()->flush();
            m_session->writer()->changePrompts(
                [name = name.toStdString()](store::Project &project) { project.addPrompt(name); },
                name);
        });
}

void PromptActions::renamePrompt()
{
    const QString from = target();
    if (from.isEmpty())
        return;
    askName(tr("Rename Prompt"),
        tr("Its versions, labels, draft and runs keep to it under the new name:"), tr("Rename"),
        from, from, [this, from](const QString &to) {
            if (to == from)
                return;
            // The draft typed last is written under the old name first; jobs run in order.
            m_session->editor()->flush();
            const std::string path = m_session->workspace().project.path;
            settings::setVariableValues(path, to, settings::variableValues(path, from));
            m_session->writer()->changePrompts(
                [from = from.toStdString(), to = to.toStdString()](
                    store::Project &project) { project.renamePrompt(from, to); },
                to);
        });
}

void PromptActions::duplicatePrompt()
{
    const QString from = target();
    if (from.isEmpty())
        return;
    QString name = tr("%1-copy").arg(from);
    for (int n = 2; !nameProblem(name, QString()).isEmpty() && n < 1000; ++n)
        name = tr("%1-copy-%2").arg(from).arg(n);
    askName(tr("Duplicate Prompt"),
        tr("A new prompt whose v1 is the newest saved version of %1, examples included:")
            .arg(from),
        tr("Duplicate"), name, QString(), [this, from](const QString &to) {
            m_session->editor()->flush();
            const std::string path = m_session->workspace().project.path;
            settings::setVariableValues(path, to, settings::variableValues(path, from));
            const std::string author = EditorSession::author().toStdString();
            m_session->writer()->changePrompts(
                [from = from.toStdString(), to = to.toStdString(), author](
                    store::Project &project) { project.copyPrompt(from, to, author); },
                to);
        });
}

void PromptActions::deletePrompt()
{
    const QString name = target();
    if (name.isEmpty())
        return;
    const widgets::ProjectSnapshot &project = m_session->workspace().project;
    QStringList labels;
    int versions = 0;
    if (const auto found = project.versions.find(name.toStdString()); found != project.versions.end()) {
        versions = int(found->second.size());
        for (const model::VersionRecord &version : found->second)
            for (const std::string &label : version.labels)
                labels << tr("%1 (v%2)").arg(QString::fromStdString(label)).arg(version.number);
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Prompt"),
        tr("Delete the prompt %1?").arg(name), QMessageBox::Cancel, m_window);
    box->setObjectName(QStringLiteral("deletePromptBox"));
    QString details = versions > 0
        ? tr("It leaves the project's list and its name is free again. Its %n saved version(s) "
             "and their runs stay in the project file.",
              nullptr, versions)
        : tr("It has no saved version yet; its draft is set aside.");
    if (!labels.isEmpty())
        details += QStringLiteral("\n\n")
            + tr("The label(s) %1 point into it: anything that deploys it by label will no "
                 "longer find it. They are removed with it.",
                nullptr, int(labels.size()))
                  .arg(labels.join(QStringLiteral(", ")));
    box->setInformativeText(details);
    QPushButton *remove = box->addButton(
        labels.isEmpty() ? tr("Delete Prompt") : tr("Delete Prompt and Labels"),
        QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmDeletePrompt"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, remove, name](QAbstractButton *button) {
        if (button != remove)
            return;
        m_session->editor()->flush();
        // The user has seen the labels and confirmed: force.
        m_session->writer()->changePrompts(
            [name = name.toStdString()](
                store::Project &project) { project.removePrompt(name, true); },
            QString());
    });
    box->open();
}

void PromptActions::openVersion(const QString &prompt, std::optional<int> number)
{
    EditorSession *editor = m_session->editor();
    // Another prompt keeps its draft (one per prompt, in the file); a version of this one would
    // be typed over it at the next autosave.
    if (!number || prompt != editor->promptName() || !editor->isDraft()) {
        editor->open(prompt, number);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Open v%1").arg(*number),
        tr("Open v%1 of %2 instead of your unsaved draft?").arg(*number).arg(prompt),
        QMessageBox::Cancel, m_window);
    box->setObjectName(QStringLiteral("openOverDraftBox"));
    box->setInformativeText(tr("The draft's changes are in no version: save them first "
                               "(Ctrl+S) to keep them."));
    QPushButton *open = box->addButton(tr("Discard Draft and Open"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this,
        [editor, open, prompt, number](QAbstractButton *button) {
            if (button == open)
                editor->open(prompt, number);
        });
    box->open();
}

void PromptActions::restoreVersion(int number)
{
    EditorSession *editor = m_session->editor();
    if (!editor->isDraft()) {
        editor->restore(number);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Restore v%1").arg(number),
        tr("Replace your unsaved draft of %1 with v%2?").arg(editor->promptName()).arg(number),
        QMessageBox::Cancel, m_window);
    box->setObjectName(QStringLiteral("restoreOverDraftBox"));
    box->setInformativeText(tr("The draft's changes are in no version; they are lost unless "
                               "you save them first (Ctrl+S)."));
    QPushButton *replace = box->addButton(tr("Replace Draft"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [editor, replace, number](QAbstractButton *button) {
        if (button == replace)
            editor->restore(number);
    });
    box->open();
}

void PromptActions::setLabel(int number, const QString &label)
{
    const QString prompt = m_session->editor()->promptName();
    if (prompt.isEmpty())
        return;
    const auto apply = [this, prompt, number, label] {
        m_session->editor()->flush();
        m_session->writer()->changePrompts(
            [prompt = prompt.toStdString(), label = label.toStdString(), number](
                store::Project &project) { project.setLabel(prompt, label, number); },
            prompt);
    };
    int now = 0;
    const auto &versions = m_session->workspace().project.versions;
    if (const auto found = versions.find(prompt.toStdString()); found != versions.end())
        for (const model::VersionRecord &version : found->second)
            for (const std::string &name : version.labels)
                if (QString::fromStdString(name) == label)
                    now = version.number;
    if (label != QStringLiteral("production") || now == 0 || now == number) {
        apply();
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Move production"),
        tr("Move production of %1 from v%2 to v%3?").arg(prompt).arg(now).arg(number),
        QMessageBox::Cancel, m_window);
    box->setObjectName(QStringLiteral("moveProductionBox"));
    box->setInformativeText(tr("Whatever deploys %1@production serves v%2 from then on.")
                                .arg(prompt)
                                .arg(number));
    QPushButton *move = box->addButton(tr("Move production"), QMessageBox::AcceptRole);
    move->setObjectName(QStringLiteral("confirmMoveProduction"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [apply, move](QAbstractButton *button) {
        if (button == move)
            apply();
    });
    box->open();
}

void PromptActions::showChanged(const QString &select)
{
    const std::string path = m_session->workspace().project.path;
    settings::setLastPrompt(path, select);
    m_session->load(QString::fromStdString(path));
}

} // namespace ps::app
