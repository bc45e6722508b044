#include "project_session.h"

#include "app_settings.h"
#include "parameters_panel.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "tokens/bpe_encoding.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace ps::app {

namespace {

dispatch::DispatcherOptions engineOptions(const store::ImageFileReader &images)
{
    dispatch::DispatcherOptions options;
    options.imageBytes = [&images](const std::string &sha256) { return images(sha256); };
    return options;
}

} // namespace

ProjectSession::ProjectSession(
    widgets::PromptWorkbench *workbench, widgets::ResponseArea *responses, QObject *parent)
    : QObject(parent)
    , m_editor(workbench, &m_writer, &m_workspace)
    , m_engine(engineOptions(m_images), providers::systemEnvironment(), m_keychain.lookup())
    , m_trustPrompt(m_engine, workbench)
    , m_evaluations(m_engine)
    , m_runner(m_engine, responses)
    , m_connectionTests(m_engine, &m_keychain)
    , m_stale(responses, promptSource())
    , m_exampleFromAnswer(responses, workbench, &m_stale)
    , m_datasetFromAnswer(responses, &m_stale, &m_writer, &m_workspace)
    , m_badcaseFromAnswer(responses, &m_stale, &m_writer, &m_workspace)
    , m_copyAsCode(&m_runner, responses, m_engine.env())
    , m_conversations(&m_runner, responses, workbench, &m_stale)
    , m_responses(responses)
{
    connect(&m_editor, &EditorSession::statusMessage, this, &ProjectSession::statusMessage);
    connect(&m_exampleFromAnswer, &ExampleFromAnswer::statusMessage, this,
        &ProjectSession::statusMessage);
    connect(&m_datasetFromAnswer, &DatasetFromAnswer::statusMessage, this,
        &ProjectSession::statusMessage);
    connect(&m_badcaseFromAnswer, &BadcaseFromAnswer::statusMessage, this,
        &ProjectSession::statusMessage);
    connect(&m_copyAsCode, &CopyAsCode::statusMessage, this, &ProjectSession::statusMessage);
    connect(&m_conversations, &PaneConversations::statusMessage, this,
        &ProjectSession::statusMessage);
    connect(&m_writer, &StoreWriter::upgraded, this,
        [this](const QString &path, int fromSchema, const QString &backup) {
            emit statusMessage(tr("%1 was made by an older Promptsmith (schema %2) and is "
                                  "upgraded now, so older builds cannot open it; the file as "
                                  "it was is kept as %3")
                                   .arg(QFileInfo(path).fileName())
                                   .arg(fromSchema)
                                   .arg(backup));
        });
    connect(workbench, &widgets::PromptWorkbench::contentEdited, &m_stale, &StaleAnswers::editorChanged);
    // The Parameters tab says what the targets in the panes do to the parameters.
    const auto showTargetNotes = [this, workbench] {
        workbench->parameters()->setTargetNotes(m_runner.targetNotes(workbench->content().params));
    };
    connect(workbench->document(), &widgets::PromptDocument::paramsChanged, this, showTargetNotes);
    connect(workbench->document(), &widgets::PromptDocument::loaded, this, showTargetNotes);
    connect(responses, &widgets::ResponseArea::paneTargetsChanged, this, showTargetNotes);
    // The Preview counts tokens for the models the panes send to.
    connect(responses, &widgets::ResponseArea::paneTargetsChanged, this, [workbench, responses] {
        std::vector<std::string> models;
        for (const QString &id : responses->paneTargets()) {
            for (const widgets::TargetChoice &target : responses->targets())
                if (target.id == id)
                    models.push_back(target.model.toStdString());
        }
        workbench->setCountingModels(models);
    });
    connect(&m_editor, &EditorSession::opened, &m_stale, &StaleAnswers::editorChanged);
    m_runner.setPromptSource(promptSource());
    m_runner.setVersionSource([this](int number) { return versionPrompt(number); });
    connect(&m_editor, &EditorSession::stateChanged, this, &ProjectSession::offerVersions);
    m_runner.setWriter(&m_writer);
    m_runner.setTrustPrompt(&m_trustPrompt);
    m_runner.setKeychain(&m_keychain);
    // The approvals file is read now, off the GUI thread, not at the first send.
    m_trustWarmup = QtConcurrent::run([trust = &m_engine.trust()] { (void)trust->loadError(); });
    // So are the tokenizers' rank files, which the Preview's first count would otherwise wait for.
    m_tokenizerWarmup = QtConcurrent::run([] {
        (void)tokens::BpeEncoding::get(tokens::Encoding::O200kBase);
        (void)tokens::BpeEncoding::get(tokens::Encoding::Cl100kBase);
    });
    connect(&m_loader, &QFutureWatcher<WorkspaceSnapshot>::finished, this,
        [this] { emit loaded(m_loader.result()); });
    connect(&m_writer, &StoreWriter::projectCreated, this, &ProjectSession::load);
    // What the CLI (or this window's writer) commits is read again, off the GUI thread.
    connect(&m_watcher, &ProjectWatcher::changed, this, &ProjectSession::readAgain);
    connect(&m_refresher, &QFutureWatcher<WorkspaceSnapshot>::finished, this, [this] {
        refresh(m_refresher.result());
        if (std::exchange(m_readAgain, false))
            readAgain();
    });
    connect(&m_writer, &StoreWriter::runStored, this, &ProjectSession::recordRun);
    connect(responses, &widgets::ResponseArea::paneTargetsChanged, this, [this] {
        if (!m_restoringPanes && !m_workspace.project.path.empty())
            settings::setPaneTargets(m_workspace.project.path, m_responses->paneTargets());
    });
}

ProjectSession::~ProjectSession()
{
    m_loader.waitForFinished();
    m_refresher.waitForFinished();
    m_trustWarmup.waitForFinished();
    m_tokenizerWarmup.waitForFinished();
    // A pending draft is written now rather than lost; the members then end in order.
    m_editor.flush();
}

void ProjectSession::load(const QString &path)
{
    m_editor.flush();
    m_loader.setFuture(QtConcurrent::run(&WorkspaceSnapshot::load, path.toStdString(), true));
}

void ProjectSession::create(const QString &path)
{
    m_writer.createProject(path);
}

bool ProjectSession::adopt(const WorkspaceSnapshot &workspace, QString *error)
{
    m_workspace = workspace;
    const QString path = QString::fromStdString(workspace.project.path);
    m_writer.setProjectPath(path);
    m_evaluations.setProjectPath(path);
    m_images.setProject(path.toStdString());
    const QString catalogError = QString::fromStdString(workspace.catalogError);
    // The panes as this project's were left (read before the new targets reach the panes,
    // which would be remembered as a change); from here on, each change is remembered.
    const QStringList remembered = settings::paneTargets(workspace.project.path);
    m_restoringPanes = true;
    m_runner.setCatalog(workspace.catalog, workspace.pricing, catalogError);
    m_responses->restorePaneTargets(remembered);
    m_restoringPanes = false;
    m_watcher.watch(path, workspace.changes);
    m_trustPrompt.setProjectName(QFileInfo(path).fileName());
    if (error)
        *error = catalogError;
    emit adopted();
    return catalogError.isEmpty();
}

void ProjectSession::readAgain()
{
    if (m_refresher.isRunning() || m_loader.isRunning()) {
        m_readAgain = true; // once more when the read under way is done: it may predate this
        return;
    }
    m_refresher.setFuture(
        QtConcurrent::run(&WorkspaceSnapshot::load, m_workspace.project.path, false));
}

void ProjectSession::refresh(const WorkspaceSnapshot &fresh)
{
    // Another project was opened meanwhile, or the file cannot be read now (the next change
    // reads it again): the window keeps what it shows.
    if (fresh.project.path != m_workspace.project.path || !fresh.project.error.empty())
        return;
    // Prompts, versions, labels, datasets, runs, targets and prices as the file has them now;
    // the editor, its undo history and the drafts are this window's own.
    std::map<std::string, store::Draft> drafts = std::move(m_workspace.drafts);
    m_workspace = fresh;
    m_workspace.drafts = std::move(drafts);
    m_workspace.changes.reset();
    m_restoringPanes = true; // the panes keep their targets; nothing new to remember
    m_runner.setCatalog(fresh.catalog, fresh.pricing, QString::fromStdString(fresh.catalogError));
    m_restoringPanes = false;
    m_editor.showHistory();
    offerVersions();
    emit refreshed(m_workspace);
}

void ProjectSession::recordRun(const QString &path, const model::RunRecord &run)
{
    // Only runs of the project shown: a run still writing to one the user left stays there.
    if (path.toStdString() != m_workspace.project.path)
        return;
    m_workspace.recordRun(run);
    emit runShown(run);
}

PromptSnapshot ProjectSession::currentPrompt() const
{
    return m_editor.current();
}

std::optional<PromptSnapshot> ProjectSession::versionPrompt(int number) const
{
    PromptSnapshot prompt = currentPrompt();
    const auto versions = m_workspace.project.versions.find(prompt.promptName);
    if (versions == m_workspace.project.versions.end())
        return std::nullopt;
    for (const model::VersionRecord &version : versions->second)
        if (version.number == number) {
            prompt.content = version.content;
            prompt.baseVersion = number;
            prompt.isDraft = false;
            return prompt;
        }
    return std::nullopt;
}

void ProjectSession::offerVersions()
{
    QList<widgets::VersionChoice> choices;
    const PromptSnapshot editor = currentPrompt();
    if (editor.isDraft)
        choices.append({QStringLiteral("draft"),
            editor.baseVersion > 0 ? tr("Draft (from v%1)").arg(editor.baseVersion) : tr("Draft")});
    const auto versions = m_workspace.project.versions.find(editor.promptName);
    if (versions != m_workspace.project.versions.end())
        for (auto it = versions->second.rbegin(); it != versions->second.rend(); ++it) {
            QString label = QStringLiteral("v%1").arg(it->number);
            for (const std::string &name : it->labels)
                label += QStringLiteral(" · ") + QString::fromStdString(name);
            choices.append({QString::number(it->number), label});
        }
    m_responses->setVersionChoices(choices);
}

PromptSource ProjectSession::promptSource() const
{
    return [this] {
        return currentPrompt();
    };
}

} // namespace ps::app
