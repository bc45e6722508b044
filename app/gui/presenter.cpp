#include "presenter.h"

#include "app_settings.h"
#include "call_bridge.h"
#include "pane_run_sink.h"
#include "presenter_view.h"
#include "project_session.h"
#include "std_text.h"
#include "trust_prompt.h"

#include "dispatch/engine.h"
#include "run/target_calls.h"
#include "run/target_run.h"
#include "store/store_error.h"
#include "template/prompt_renderer.h"
#include "util/json_depth.h"
#include "util/number_text.h"

namespace ps::app {

using widgets::qs;

namespace {

providers::ChatMessage turn(const char *role, std::string content)
{
    providers::ChatMessage message;
    message.role = role;
    message.content = std::move(content);
    return message;
}

} // namespace

Presenter::Presenter(ProjectSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_bridge(new widgets::CallBridge(this))
{
    connect(m_bridge, &widgets::CallBridge::textArrived, this, [this](quint64 id, const QString &text) {
        if (id == m_callId && m_view)
            m_view->appendText(text);
    });
    connect(m_bridge, &widgets::CallBridge::textDiscarded, this, [this](quint64 id) {
        if (id == m_callId && m_view)
            m_view->discardText();
    });
    connect(m_bridge, &widgets::CallBridge::callFinished, this,
        [this](quint64 id, const dispatch::CallOutcome &outcome) {
            if (id == m_callId)
                finished(outcome);
        });
}

Presenter::~Presenter()
{
    if (m_run)
        m_run->cancel();
}

widgets::PresenterView *Presenter::view() const
{
    return m_view;
}

QString Presenter::present(const PresentOptions &options)
{
    const WorkspaceSnapshot &workspace = m_session->workspace();
    const auto versions = workspace.project.versions.find(options.prompt.toStdString());
    const model::VersionRecord *version = nullptr;
    if (versions != workspace.project.versions.end())
        for (const model::VersionRecord &candidate : versions->second)
            if (candidate.number == options.version)
                version = &candidate;
    if (!version)
        return tr("%1 has no version %2 to present").arg(options.prompt).arg(options.version);
    const bool known = workspace.catalog && workspace.pricing
        && std::any_of(workspace.catalog->targets().begin(), workspace.catalog->targets().end(),
            [&options](const store::TargetRecord &target) {
                return qs(target.id) == options.target;
            });
    if (!known)
        return tr("There is no target %1 in this project").arg(options.target);

    m_options = options;
    m_prompt = {};
    m_prompt.promptName = options.prompt.toStdString();
    m_prompt.content = version->content;
    m_prompt.baseVersion = version->number;
    // The values the prompt was last tried with; the audience changes the exposed ones.
    nlohmann::json saved = util::parseJsonOrDiscarded(
        settings::variableValues(workspace.project.path, options.prompt).toStdString());
    m_prompt.variables = saved.is_object() ? saved : nlohmann::json::object();
    m_exchange.clear();

    QList<widgets::PresenterView::Field> fields;
    for (const std::string &name : tmpl::discoverVariables(m_prompt.content)) {
        const QString variable = qs(name);
        if (!options.exposed.contains(variable))
            continue;
        QString value;
        if (const auto it = m_prompt.variables.find(name);
            it != m_prompt.variables.end() && it->is_string())
            value = qs(it->get<std::string>());
        else
            for (const model::Variable &declared : m_prompt.content.variables)
                if (declared.name == name)
                    value = qs(declared.defaultValue);
        fields.append({variable, value});
    }
    QString subtitle;
    for (const model::PromptRecord &record : workspace.project.prompts)
        if (record.name == m_prompt.promptName)
            subtitle = qs(record.description);

    if (m_view)
        m_view->close();
    m_view = new widgets::PresenterView;
    m_view->setAttribute(Qt::WA_DeleteOnClose);
    m_view->setTitle(options.prompt, subtitle);
    m_view->setFields(fields);
    m_view->setConversation(options.conversation);
    connect(m_view, &widgets::PresenterView::askRequested, this, &Presenter::ask);
    connect(m_view, &widgets::PresenterView::startOverRequested, this, [this] { m_exchange.clear(); });
    connect(m_view, &widgets::PresenterView::closed, this, [this] {
        if (m_run)
            m_run->cancel();
    });
    m_view->showFullScreen();
    m_view->activateWindow();
    return {};
}

void Presenter::ask()
{
    if (!m_view || (m_run && !m_run->waitUntilDone(std::chrono::milliseconds(0))))
        return;
    PromptSnapshot prompt = m_prompt;
    const QMap<QString, QString> values = m_view->values();
    for (auto it = values.begin(); it != values.end(); ++it)
        prompt.variables[it.key().toStdString()] = it.value().toStdString();
    const QString reply = m_view->followUp();

    const WorkspaceSnapshot &workspace = m_session->workspace();
    dispatch::TargetCall call;
    try {
        std::vector<providers::ChatMessage> messages
            = run::chatMessages(tmpl::renderPrompt(prompt.content, prompt.variables));
        messages.insert(messages.end(), m_exchange.begin(), m_exchange.end());
        if (!reply.isEmpty())
            messages.push_back(turn("user", reply.toStdString()));
        call = run::buildTargetCall(*workspace.catalog, m_options.target.toStdString(), messages,
            prompt.content.params, true);
    } catch (const std::exception &error) {
        m_view->finish({}, {}, qs(error.what()));
        return;
    }
    // As the panes do: nothing goes to a destination this machine has not approved.
    QString refusal;
    std::vector<dispatch::UntrustedProviderError> unapproved
        = m_session->trustPrompt()->toAsk(call, &refusal);
    if (!refusal.isEmpty()) {
        m_view->finish({}, {}, refusal);
        return;
    }
    if (!unapproved.empty()) {
        m_session->trustPrompt()->ask(std::move(unapproved), [this] { ask(); });
        return;
    }
    dispatch::Engine &engine = m_session->engine();
    const auto approved = [&engine](const providers::ProviderConfig &resolved) {
        return !dispatch::trustRefusal(resolved, engine.trust());
    };
    if (m_session->keychain()->readFirst({call}, engine.env(), approved, [this] { ask(); }))
        return;

    m_pendingReply = reply;
    m_view->begin(reply);
    m_run = std::make_shared<run::TargetRun>(
        std::vector<dispatch::TargetCall> {std::move(call)}, *workspace.pricing, engine.secrets());
    m_callId = m_callId + 1;
    const dispatch::CallCallbacks forward = m_bridge->callbacks(m_callId);
    run::SlotObserver observer;
    observer.onText = [forward](std::size_t, std::string_view text) { forward.onText(text); };
    observer.onTextDiscarded = [forward](std::size_t) { forward.onTextDiscarded(); };
    observer.onDone = [forward](std::size_t, const dispatch::CallOutcome &outcome) {
        forward.onDone(outcome);
    };
    const auto sink = PaneRunSink::forPrompt(*m_session->writer(), prompt);
    m_run->start(engine.dispatcher(), sink, std::move(observer));
}

void Presenter::finished(const dispatch::CallOutcome &outcome)
{
    if (!m_view)
        return;
    if (outcome.result.error) {
        m_view->finish({}, {},
            qs(providers::toString(outcome.result.error->category)) + QStringLiteral(": ")
                + qs(outcome.result.error->message));
        return;
    }
    QStringList badges;
    if (m_options.showCost && m_run) {
        const std::optional<double> cost = m_run->slot(0).costUsd;
        badges << (cost ? qs(util::dollars(*cost)) : tr("cost unknown"));
    }
    const double ms = outcome.measurements.totalMs;
    badges << (ms < 1000 ? tr("%1 ms").arg(qRound(ms)) : tr("%1 s").arg(ms / 1000.0, 0, 'f', 1));
    if (m_options.showFallback && outcome.fellBackFrom)
        badges << tr("answered by a fallback");
    m_view->finish(qs(outcome.result.text), badges.join(QStringLiteral(" · ")), {});
    if (m_options.conversation) {
        if (!m_pendingReply.isEmpty())
            m_exchange.push_back(turn("user", m_pendingReply.toStdString()));
        m_exchange.push_back(turn("assistant", outcome.result.text));
    }
}

} // namespace ps::app
