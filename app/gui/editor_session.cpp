#include "editor_session.h"

#include "app_settings.h"
#include "prompt_workbench.h"
#include "store_writer.h"
#include "util/json_depth.h"
#include "util/user_name.h"

#include <QDateTime>
#include <QLocale>

namespace ps::app {

namespace {

constexpr int kAutosaveDelayMs = 800; // a moment after typing stops

// What a new prompt starts with: the two messages most prompts have, and one variable, so the
// Variables tab and the Preview show how a template is filled from the first keystroke.
model::VersionContent starterContent()
{
    model::VersionContent content;
    model::Message system;
    system.role = "system";
    system.content = "You are a helpful assistant.";
    model::Message user;
    user.role = "user";
    user.content = "{{input}}";
    content.messages = {system, user};
    return content;
}

} // namespace

QString EditorSession::author()
{
    const QString name = settings::userName();
    if (!name.isEmpty())
        return name;
    return QString::fromStdString(util::defaultAuthor()); // as the CLI records it
}

EditorSession::EditorSession(widgets::PromptWorkbench *workbench, StoreWriter *writer,
    WorkspaceSnapshot *workspace, QObject *parent)
    : QObject(parent)
    , m_workbench(workbench)
    , m_document(workbench->document())
    , m_writer(writer)
    , m_workspace(workspace)
{
    m_autosave.setSingleShot(true);
    m_autosave.setInterval(kAutosaveDelayMs);
    connect(&m_autosave, &QTimer::timeout, this, &EditorSession::autosave);
    m_valuesTimer.setSingleShot(true);
    m_valuesTimer.setInterval(kAutosaveDelayMs);
    connect(&m_valuesTimer, &QTimer::timeout, this, &EditorSession::rememberValues);
    connect(
        m_workbench, &widgets::PromptWorkbench::contentEdited, this, &EditorSession::contentEdited);
    connect(m_document, &widgets::PromptDocument::draftChanged, this, &EditorSession::updateState);
    connect(m_workbench, &widgets::PromptWorkbench::valuesEdited, this,
        [this] { m_valuesTimer.start(); });
    connect(m_writer, &StoreWriter::versionSaved, this, &EditorSession::showSaved);
}

QString EditorSession::promptName() const
{
    return m_workbench->promptName();
}

void EditorSession::open(const QString &prompt, std::optional<int> number)
{
    flush();
    const std::string name = prompt.toStdString();
    const auto listed = m_workspace->project.versions.find(name);
    static const std::vector<model::VersionRecord> none;
    const auto &versions = listed == m_workspace->project.versions.end() ? none : listed->second;
    settings::setLastPrompt(m_workspace->project.path, prompt);

    model::VersionContent content;
    const auto draft = m_workspace->drafts.find(name);
    bool restored = false;
    m_savingAt = -1;
    m_baseNumber = versions.empty() ? 0 : versions.back().number;
    if (!number && draft != m_workspace->drafts.end() && draftIsNewer(draft->second, versions)) {
        try {
            content = model::VersionContent::fromJson(util::parseJson(draft->second.text));
            restored = true;
            m_baseNumber = draft->second.baseNumber.value_or(0);
            const QDateTime when
                = QDateTime::fromString(QString::fromStdString(draft->second.updated), Qt::ISODate);
            emit statusMessage(
                tr("Restored the unsaved draft of %1 from %2")
                    .arg(prompt, QLocale().toString(when.toLocalTime(), QLocale::ShortFormat)));
        } catch (const std::exception &error) {
            emit statusMessage(tr("The draft of %1 cannot be read (%2); showing the newest version")
                                   .arg(prompt, QString::fromUtf8(error.what())));
        }
    }
    if (!restored) {
        for (const model::VersionRecord &version : versions)
            if (version.number == number.value_or(m_baseNumber)) {
                content = version.content;
                m_baseNumber = version.number;
            }
    }
    // A prompt with nothing saved yet starts as a conversation to fill in, not a blank page.
    const bool fresh = !restored && versions.empty();
    if (fresh)
        content = starterContent();
    const QString stored = settings::variableValues(m_workspace->project.path, prompt);
    nlohmann::json values = util::parseJsonOrDiscarded(stored.toStdString());
    if (!values.is_object())
        values = nlohmann::json::object();
    m_workbench->showPrompt(prompt, content,
        restored || fresh ? widgets::PromptDocument::Origin::UnsavedDraft
                 : widgets::PromptDocument::Origin::SavedVersion,
        values);
    m_workbench->setHistory(versions);
    updateState();
    emit opened(prompt);
}

void EditorSession::restore(int number)
{
    const std::string name = promptName().toStdString();
    const auto listed = m_workspace->project.versions.find(name);
    if (listed == m_workspace->project.versions.end())
        return;
    for (const model::VersionRecord &version : listed->second) {
        if (version.number != number)
            continue;
        m_autosave.stop();
        m_savingAt = -1;
        m_baseNumber = listed->second.back().number;
        m_workbench->showPrompt(promptName(), version.content,
            widgets::PromptDocument::Origin::UnsavedDraft, m_workbench->allValues());
        autosave(); // the restored draft is kept from the first moment, as typing would be
        updateState();
        emit statusMessage(tr("v%1 restored as a draft — Save Version makes it v%2")
                               .arg(number)
                               .arg(m_baseNumber + 1));
        return;
    }
}

bool EditorSession::isDraft() const
{
    return m_document->isDraft();
}

void EditorSession::contentEdited()
{
    updateState();
    if (isDraft()) {
        m_autosave.start();
        return;
    }
    // Undone back to the saved version: a draft left in the store would come back as changes.
    m_autosave.stop();
    if (m_workspace->drafts.erase(promptName().toStdString()) > 0)
        m_writer->discardDraft(promptName());
}

void EditorSession::updateState()
{
    QString text;
    if (isDraft() && m_baseNumber == 0 && !m_workspace->drafts.count(promptName().toStdString()))
        text = tr("new prompt · Save Version (Ctrl+S) makes v1");
    else if (isDraft())
        text = m_baseNumber > 0 ? tr("draft (from v%1) · autosaved").arg(m_baseNumber)
                                : tr("draft · autosaved");
    else if (m_baseNumber > 0)
        text = tr("v%1 · editing starts a draft").arg(m_baseNumber);
    m_workbench->setState(text);
    emit stateChanged();
}

void EditorSession::flush()
{
    if (m_autosave.isActive())
        autosave();
    if (m_valuesTimer.isActive())
        rememberValues();
}

void EditorSession::rememberValues()
{
    // Values are remembered per prompt in the settings, not in versions: they are test input.
    m_valuesTimer.stop();
    if (!promptName().isEmpty())
        settings::setVariableValues(m_workspace->project.path, promptName(),
            QString::fromStdString(m_workbench->allValues().dump()));
}

void EditorSession::autosave()
{
    m_autosave.stop();
    if (promptName().isEmpty() || !isDraft())
        return;
    store::Draft draft;
    draft.promptName = promptName().toStdString();
    if (m_baseNumber > 0)
        draft.baseNumber = m_baseNumber;
    draft.text = m_workbench->content().toJson().dump();
    // The store stamps its own time; this one serves this session's in-memory copy.
    draft.updated = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    m_workspace->drafts[draft.promptName] = draft;
    m_writer->saveDraft(draft);
}

void EditorSession::save(const QString &message)
{
    if (promptName().isEmpty())
        return;
    m_autosave.stop();
    // The next keystroke starts a new undo step, so the history's place names what is saved.
    m_document->endTyping();
    m_savingAt = m_document->history()->index();
    store::SaveRequest request;
    request.promptName = promptName().toStdString();
    request.content = m_workbench->content();
    request.message = message.toStdString();
    request.author = author().toStdString();
    if (m_baseNumber > 0)
        request.parentNumber = m_baseNumber;
    emit statusMessage(tr("Saving %1…").arg(promptName()));
    m_writer->saveVersion(request);
}

void EditorSession::showSaved(const store::SaveResult &result)
{
    const model::VersionRecord &version = result.version;
    auto &versions = m_workspace->project.versions[version.promptName];
    if (result.created)
        versions.push_back(version);
    m_workspace->drafts.erase(version.promptName);
    if (QString::fromStdString(version.promptName) == promptName()) {
        m_baseNumber = version.number;
        // Edits made while the version was being written are a draft of the new version.
        if (m_document->history()->index() == m_savingAt)
            m_document->markSaved();
        else
            m_document->forgetSaved();
        m_savingAt = -1;
        m_workbench->setHistory(versions);
        updateState();
    }
    emit versionSaved(result);
}

void EditorSession::showHistory()
{
    const auto found = m_workspace->project.versions.find(promptName().toStdString());
    if (found != m_workspace->project.versions.end())
        m_workbench->setHistory(found->second);
}

PromptSnapshot EditorSession::current() const
{
    PromptSnapshot prompt;
    prompt.promptName = promptName().toStdString();
    prompt.content = m_workbench->content();
    prompt.variables = m_workbench->values();
    prompt.baseVersion = m_baseNumber;
    prompt.isDraft = isDraft();
    return prompt;
}

} // namespace ps::app
