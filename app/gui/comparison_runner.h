#pragma once

// Runs the response panes: renders the editor's prompt (or, comparing versions, each pane's
// version), builds each pane's call from its target and drives one core run (run::TargetRun)
// per request, so a Run all is one stored run as a CLI `run` is. Never waits for the network:
// results arrive through a CallBridge.

#include "pane_run_sink.h"
#include "prompt_source.h"
#include "response_pane.h"

#include "run/call_pricing.h"
#include "run/conversation.h"
#include "run/target_run.h"
#include "store/provider_catalog.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>

namespace ps::dispatch {
class Engine;
}

namespace ps::widgets {
class CallBridge;
class ResponseArea;
} // namespace ps::widgets

namespace ps::app {

class StoreWriter;
class KeychainKeys;
class TrustPrompt;

class ComparisonRunner final : public QObject
{
    Q_OBJECT
public:
    // Connects to the area's run and stop requests. `engine` must outlive this runner.
    ComparisonRunner(
        dispatch::Engine &engine, widgets::ResponseArea *area, QObject *parent = nullptr);
    // Cancels the calls still running; their answers are stored as the engine ends them.
    ~ComparisonRunner() override;

    // The open project's providers, targets and prices, as read with it (off the GUI thread):
    // the panes are offered its targets and runs build their calls from it. Without them
    // (unreadable) no target is offered and a run says `error`.
    void setCatalog(std::optional<store::CatalogSnapshot> catalog,
        std::optional<run::CallPricing> pricing, const QString &error);
    void setPromptSource(PromptSource source) { m_source = std::move(source); }
    void setVersionSource(VersionSource source) { m_versions = std::move(source); }
    // For each pane's target: what it overrides of `params` and what its model refuses.
    QStringList targetNotes(const model::Params &params) const;
    // Stores every run from now on through `writer`, which must outlive the engine's calls;
    // null: runs are shown only.
    void setWriter(StoreWriter *writer) { m_writer = writer; }
    // Asked before a call would send to a destination this machine has not approved; without
    // one, such a pane fails with the refusal and nothing is sent.
    void setTrustPrompt(TrustPrompt *prompt) { m_trustPrompt = prompt; }
    // Keys kept in the keychain are read through `keys` before the panes that need them run.
    void setKeychain(KeychainKeys *keys) { m_keychain = keys; }

    // The call a pane sent last (Copy as Code), or null when it has sent none.
    const dispatch::TargetCall *sentBy(int paneId) const
    {
        const auto it = m_sent.find(paneId);
        return it == m_sent.end() ? nullptr : &it->second;
    }

    // The pane's conversation after the prompt: its runs send the prompt and then its turns.
    run::Conversation &conversation(int paneId) { return m_conversations[paneId]; }

public slots:
    void run(const QList<ps::widgets::PaneRun> &panes);
    void stop(int paneId);

private:
    struct LiveCall
    {
        std::shared_ptr<run::TargetRun> run;
        std::size_t slot = 0;
        QStringList notes;
    };

    // A target as the pickers show it: its price and its provider's key, as this machine has it.
    widgets::TargetChoice describeTarget(const store::TargetRecord &target) const;
    // A version of the prompt rendered with the editor's values, or why it cannot be sent.
    struct Rendering
    {
        PromptSnapshot prompt;
        std::vector<providers::ChatMessage> messages;
        QStringList notes; // variables that rendered empty
        std::optional<widgets::AnswerError> error;
    };
    // The panes' calls, slot by slot, ready to go out as one run.
    struct PreparedCalls
    {
        std::vector<dispatch::TargetCall> calls;
        QList<int> paneIds;
        std::vector<SlotVersion> versions;
        QList<QStringList> notes;
    };
    // The version `versionKey` names ("draft" or empty: the editor's), rendered.
    Rendering render(const PromptSnapshot &editor, const QString &versionKey) const;
    // Sends the calls as one run, stored (when the prompt is saved) with each answer's version.
    void start(PreparedCalls prepared, const std::string &promptName);
    // Drops (failing their panes) the calls whose destination was refused; when others need
    // asking, or keys kept in the keychain need reading, does that and runs `panes` again
    // afterwards, returning true. True also when nothing is left to send.
    bool holdForApproval(PreparedCalls &prepared, const QList<widgets::PaneRun> &panes);
    void deliverText(quint64 callId, const QString &text);
    void discardText(quint64 callId);
    void deliverOutcome(quint64 callId, const dispatch::CallOutcome &outcome);
    // The answer's tokens shaded by probability, its mean and least sure stretch; or why a
    // provider of `kind` sent none.
    static void showConfidence(widgets::PaneAnswer &answer, const dispatch::CallOutcome &outcome,
        providers::ProviderKind kind);

    dispatch::Engine &m_engine;
    widgets::ResponseArea *m_area;
    widgets::CallBridge *m_bridge;
    PromptSource m_source;
    VersionSource m_versions;
    std::optional<store::CatalogSnapshot> m_catalog;
    std::optional<run::CallPricing> m_pricing;
    QString m_catalogError;
    std::map<int, LiveCall> m_live; // by pane id
    std::map<int, dispatch::TargetCall> m_sent; // by pane id: the call each sent last
    std::map<int, run::Conversation> m_conversations; // by pane id
    std::map<quint64, int> m_paneOfCall;
    quint64 m_nextCallId = 0;
    StoreWriter *m_writer = nullptr;
    TrustPrompt *m_trustPrompt = nullptr;
    KeychainKeys *m_keychain = nullptr;
};

} // namespace ps::app
