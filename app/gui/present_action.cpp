#include "present_action.h"

#include "editor_session.h"
#include "present_setup_dialog.h"
#include "presenter.h"
#include "project_session.h"
#include "response_area.h"
#include "std_text.h"

#include "template/prompt_renderer.h"

#include <QAction>
#include <QMessageBox>

namespace ps::app {

using widgets::qs;

namespace {

QStringList variablesOf(const model::VersionContent &content)
{
    QStringList names;
    for (const std::string &name : tmpl::discoverVariables(content))
        names << qs(name);
    return names;
}

} // namespace

PresentAction::PresentAction(ProjectSession *session, widgets::ResponseArea *area, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_area(area)
    , m_window(window)
    , m_action(new QAction(tr("&Present…"), this))
    , m_presenter(new Presenter(session, this))
{
    m_action->setShortcut(QKeySequence(Qt::Key_F5));
    m_action->setToolTip(tr("Show this prompt to stakeholders: full screen, inputs and the "
                            "answer only (F5)"));
    connect(m_action, &QAction::triggered, this, &PresentAction::setUp);
}

void PresentAction::setUp()
{
    const QString prompt = m_session->editor()->promptName();
    const auto &all = m_session->workspace().project.versions;
    const auto versions = all.find(prompt.toStdString());
    if (prompt.isEmpty() || versions == all.end() || versions->second.empty()) {
        QMessageBox::information(m_window, tr("Present"),
            tr("Save a version first (Ctrl+S): a demo shows a saved version, never a draft."));
        return;
    }
    QList<widgets::PresentSetupDialog::Version> choices;
    for (auto it = versions->second.rbegin(); it != versions->second.rend(); ++it) {
        QString label = QStringLiteral("v%1").arg(it->number);
        for (const std::string &name : it->labels)
            label += QStringLiteral(" · ") + qs(name);
        choices.append({it->number, label});
    }
    QStringList targets;
    for (const widgets::TargetChoice &target : m_area->targets())
        targets << target.id;
    const int base = m_session->editor()->baseNumber();
    auto *dialog = new widgets::PresentSetupDialog(prompt, choices,
        base > 0 ? base : versions->second.back().number, targets,
        m_area->paneCount() > 0 ? m_area->pane(0)->targetId() : QString(),
        variablesOf(versions->second.back().content), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, prompt] {
        PresentOptions options;
        options.prompt = prompt;
        options.version = dialog->version();
        options.target = dialog->target();
        options.exposed = dialog->exposed();
        options.conversation = dialog->conversation();
        options.showCost = dialog->showCost();
        options.showFallback = dialog->showFallback();
        if (const QString why = m_presenter->present(options); !why.isEmpty())
            QMessageBox::warning(m_window, tr("Present"), why);
    });
    dialog->open();
}

QString PresentAction::presentReference(const QString &reference, const QString &target)
{
    const QString name = reference.section(QLatin1Char('@'), 0, 0);
    const QString which = reference.section(QLatin1Char('@'), 1);
    const auto &all = m_session->workspace().project.versions;
    const auto versions = all.find(name.toStdString());
    if (versions == all.end() || versions->second.empty())
        return tr("There is no saved version of %1 to present").arg(name);
    const model::VersionRecord *chosen = which.isEmpty() ? &versions->second.back() : nullptr;
    for (const model::VersionRecord &version : versions->second) {
        const bool labelled = std::find(version.labels.begin(), version.labels.end(),
                                  which.toStdString())
            != version.labels.end();
        if (labelled || (!which.isEmpty() && which == QString::number(version.number)))
            chosen = &version;
    }
    if (!chosen)
        return tr("%1 has no version or label %2").arg(name, which);
    PresentOptions options;
    options.prompt = name;
    options.version = chosen->number;
    options.target = target;
    options.exposed = variablesOf(chosen->content);
    return m_presenter->present(options);
}

} // namespace ps::app
