#include "comparison_runner.h"

#include "call_bridge.h"
#include "pane_run_sink.h"
#include "response_area.h"
#include "keychain_keys.h"
#include "std_text.h"
#include "trust_prompt.h"

#include "dispatch/engine.h"
#include "dispatch/trust_check.h"
#include "providers/finish_reason.h"
#include "run/target_calls.h"
#include "run/target_notes.h"
#include "run/token_confidence.h"
#include "store/provider_catalog.h"
#include "store/store_error.h"
#include "secrets/secret_store.h"
#include "template/prompt_renderer.h"
#include "util/number_text.h"

#include <QThreadPool>

#include <algorithm>
#include <cmath>

namespace ps::app {

using widgets::qs;

namespace {

widgets::AnswerError answerError(const providers::ProviderError &error)
{
    return {qs(providers::toString(error.category)), qs(error.message), error.status};
}

widgets::AnswerMetrics answerMetrics(const dispatch::CallOutcome &outcome)
{
    widgets::AnswerMetrics metrics;
    metrics.ttftMs = outcome.measurements.ttftMs;
    metrics.totalMs = outcome.measurements.totalMs;
    metrics.tokensPerSecond = outcome.measurements.outputTokensPerSecond;
    metrics.inputTokens = outcome.result.usage.inputTokens;
    metrics.outputTokens = outcome.result.usage.outputTokens;
    metrics.finishReason = qs(providers::commonFinishReason(outcome.result.finishReason));
    metrics.finishReasonRaw = qs(outcome.result.finishReason);
    metrics.cached = outcome.cached;
    metrics.attempts = outcome.measurements.attempts;
    return metrics;
}

} // namespace

ComparisonRunner::ComparisonRunner(
    dispatch::Engine &engine, widgets::ResponseArea *area, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_area(area)
    , m_bridge(new widgets::CallBridge(this))
{
    connect(m_area, &widgets::ResponseArea::runRequested, this, &ComparisonRunner::run);
    connect(m_area, &widgets::ResponseArea::stopRequested, this, &ComparisonRunner::stop);
    connect(m_bridge, &widgets::CallBridge::textArrived, this, &ComparisonRunner::deliverText);
    connect(m_bridge, &widgets::CallBridge::textDiscarded, this, &ComparisonRunner::discardText);
    connect(m_bridge, &widgets::CallBridge::callFinished, this, &ComparisonRunner::deliverOutcome);
    // The compiled-in price catalogue is parsed once, off the GUI thread and before the first
    // answer needs it, so neither start-up nor a first answer waits for it.
    QThreadPool::globalInstance()->start([] { run::CallPricing::prepare(); });
}

ComparisonRunner::~ComparisonRunner()
{
    for (const auto &[paneId, live] : m_live)
        live.run->cancel(live.slot);
}

void ComparisonRunner::setCatalog(std::optional<store::CatalogSnapshot> catalog,
    std::optional<run::CallPricing> pricing, const QString &error)
{
    m_catalog = std::move(catalog);
    m_pricing = std::move(pricing);
    m_catalogError = error;
    QList<widgets::TargetChoice> choices;
    if (m_catalog)
        for (const store::TargetRecord &target : m_catalog->targets())
            choices.append(describeTarget(target));
    // Grouped by provider in the pickers, each provider's targets together.
    std::stable_sort(choices.begin(), choices.end(),
        [](const widgets::TargetChoice &a, const widgets::TargetChoice &b) {
            return a.provider < b.provider;
        });
    m_area->setTargets(choices);
}

widgets::TargetChoice ComparisonRunner::describeTarget(const store::TargetRecord &target) const
{
    widgets::TargetChoice choice {qs(target.id), qs(target.model), qs(target.providerId), {}, {}};
    const auto provider = std::find_if(m_catalog->providers().begin(),
        m_catalog->providers().end(),
        [&target](const providers::ProviderConfig &config) { return config.id == target.providerId; });
    if (provider == m_catalog->providers().end())
        return choice;
    const providers::ProviderConfig resolved = providers::resolveConfig(*provider, m_engine.env());
    const std::string variable = secrets::EnvSecretStore::variableFor(resolved);
    // (The engine's keychain holds only the keys already read: the keychain is asked when a
    // pane sends, not to fill a menu.)
    if (!variable.empty())
        choice.keyNote = m_engine.secrets().apiKey(resolved)
            ? tr("key set")
            : resolved.keyInKeychain ? tr("key in keychain")
                                     : tr("%1 not set").arg(qs(variable));
    if (const auto price = m_pricing ? m_pricing->priceOf(provider->kind, target.model) : std::nullopt)
        choice.price = price->input == 0 && price->output == 0
            ? tr("free")
            : tr("%1 / %2 per 1M tokens in / out")
                  .arg(qs(util::dollars(price->input)), qs(util::dollars(price->output)));
    return choice;
}

QStringList ComparisonRunner::targetNotes(const model::Params &params) const
{
    QStringList notes;
    if (!m_catalog)
        return notes;
    QStringList seen;
    for (int i = 0; i < m_area->paneCount(); ++i) {
        const QString target = m_area->pane(i)->targetId();
        if (target.isEmpty() || seen.contains(target))
            continue;
        seen << target;
        for (const std::string &note : run::targetNotes(*m_catalog, target.toStdString(), params))
            notes << qs(note);
    }
    return notes;
}

void ComparisonRunner::run(const QList<widgets::PaneRun> &panes)
{
    QList<widgets::PaneRun> ready;
    for (const widgets::PaneRun &pane : panes) {
        if (m_area->paneById(pane.paneId) && !m_live.count(pane.paneId))
            ready.append(pane);
    }
    if (ready.isEmpty())
        return;
    if (!m_catalog || !m_pricing) {
        for (const widgets::PaneRun &pane : ready)
            m_area->paneById(pane.paneId)->failBeforeStart({QStringLiteral("not_found"),
                m_catalogError.isEmpty() ? tr("No project is open.") : m_catalogError, 0});
        return;
    }
    // Comparing versions each pane sends its own version's rendering (the draft is the
    // editor's content) with the same values; all go out as one run whose answers each name
    // the version they came from.
    const PromptSnapshot editor = m_source ? m_source() : PromptSnapshot {};
    std::map<QString, Rendering> renderings; // by version key
    PreparedCalls prepared;
    for (const widgets::PaneRun &pane : ready) {
        auto found = renderings.find(pane.versionKey);
        if (found == renderings.end())
            found = renderings.emplace(pane.versionKey, render(editor, pane.versionKey)).first;
        widgets::ResponsePane *view = m_area->paneById(pane.paneId);
        const Rendering &rendering = found->second;
        if (rendering.error) {
            view->failBeforeStart(*rendering.error);
            continue;
        }
        try {
            // A pane showing token confidence asks for log-probabilities (five alternatives).
            model::Params params = rendering.prompt.content.params;
            if (view->showsConfidence()) {
                if (!params.extra.is_object())
                    params.extra = nlohmann::json::object();
                params.extra["logprobs"] = true;
                if (!params.extra.contains("top_logprobs"))
                    params.extra["top_logprobs"] = 5;
            }
            // A pane's conversation goes on after the prompt (just the prompt without one).
            prepared.calls.push_back(run::buildTargetCall(*m_catalog, pane.targetId.toStdString(),
                m_conversations[pane.paneId].messagesAfter(rendering.messages), params, true));
            prepared.paneIds.append(pane.paneId);
            prepared.versions.push_back(
                {rendering.prompt.baseVersion, rendering.prompt.isDraft});
            prepared.notes.push_back(rendering.notes);
        } catch (const run::TargetCallError &error) {
            view->failBeforeStart({QStringLiteral("content"), qs(error.what()), 0});
        } catch (const store::StoreError &error) {
            view->failBeforeStart({qs(store::toString(error.kind())), qs(error.what()), 0});
        }
    }
    if (prepared.calls.empty())
        return;
    if (holdForApproval(prepared, ready))
        return;
    start(std::move(prepared), editor.promptName);
}

ComparisonRunner::Rendering ComparisonRunner::render(
    const PromptSnapshot &editor, const QString &versionKey) const
{
    Rendering rendering;
    bool numbered = false;
    const int number = versionKey.toInt(&numbered);
    if (!numbered) {
        rendering.prompt = editor;
    } else if (const std::optional<PromptSnapshot> version
               = m_versions ? m_versions(number) : std::nullopt) {
        rendering.prompt = *version;
    } else {
        rendering.error = widgets::AnswerError {QStringLiteral("not_found"),
            tr("%1 has no version %2.").arg(qs(editor.promptName)).arg(number), 0};
        return rendering;
    }
    const PromptSnapshot &snapshot = rendering.prompt;
    if (snapshot.content.messages.empty()) {
        rendering.error = widgets::AnswerError {QStringLiteral("template"),
            tr("The prompt has no messages yet: write one in the editor, then run."), 0};
        return rendering;
    }
    try {
        const tmpl::RenderedPrompt rendered
            = tmpl::renderPrompt(snapshot.content, snapshot.variables);
        for (const std::string &name : rendered.missingVariables)
            rendering.notes << tr("The variable %1 has no value and no default; it rendered empty.")
                                   .arg(qs(name));
        rendering.messages = run::chatMessages(rendered);
    } catch (const tmpl::PromptTemplateError &error) {
        rendering.error = widgets::AnswerError {QStringLiteral("template"),
            tr("Message %1, line %2, column %3: %4")
                .arg(error.messageIndex() + 1)
                .arg(error.line())
                .arg(error.column())
                .arg(qs(error.reason())),
            0};
    }
    return rendering;
}

void ComparisonRunner::start(PreparedCalls prepared, const std::string &promptName)
{
    const std::vector<SlotVersion> versions = prepared.versions;
    const auto targetRun = std::make_shared<run::TargetRun>(
        std::move(prepared.calls), *m_pricing, m_engine.secrets());
    auto forward = std::make_shared<std::vector<dispatch::CallCallbacks>>();
    for (std::size_t slot = 0; slot < targetRun->calls().size(); ++slot) {
        const int paneId = prepared.paneIds.at(static_cast<qsizetype>(slot));
        const quint64 callId = ++m_nextCallId;
        m_paneOfCall[callId] = paneId;
        forward->push_back(m_bridge->callbacks(callId));
        m_area->paneById(paneId)->begin(qs(targetRun->calls()[slot].request.model));
        m_live[paneId] = {targetRun, slot, prepared.notes[slot]};
        m_sent[paneId] = targetRun->calls()[slot];
    }
    // The bridge's callbacks only queue: even an answer that ends inside start() shows later.
    run::SlotObserver observer;
    observer.onText = [forward](std::size_t slot, std::string_view text) {
        (*forward)[slot].onText(text);
    };
    observer.onTextDiscarded = [forward](std::size_t slot) {
        (*forward)[slot].onTextDiscarded();
    };
    observer.onDone = [forward](std::size_t slot, const dispatch::CallOutcome &outcome) {
        (*forward)[slot].onDone(outcome);
    };
    // Stored when every version sent is a saved one or edits on one (a new prompt's first
    // draft has none to store under: it is shown only).
    const bool storable = m_writer && !promptName.empty()
        && std::all_of(versions.begin(), versions.end(),
            [](const SlotVersion &version) { return version.number > 0; });
    const auto sink = storable
        ? std::make_shared<PaneRunSink>(*m_writer, qs(promptName), versions)
        : nullptr;
    targetRun->start(m_engine.dispatcher(), sink, std::move(observer));
}

bool ComparisonRunner::holdForApproval(PreparedCalls &prepared, const QList<widgets::PaneRun> &panes)
{
    std::vector<dispatch::TargetCall> &calls = prepared.calls;
    QList<int> &paneIds = prepared.paneIds;
    // Nothing goes to a destination this machine has not approved: the user is asked first
    // (then the panes run again), and a pane whose destination was refused fails, unsent.
    std::vector<dispatch::UntrustedProviderError> asking;
    for (std::size_t i = calls.size(); i-- > 0;) {
        QString refusal;
        std::vector<dispatch::UntrustedProviderError> unapproved;
        if (m_trustPrompt)
            unapproved = m_trustPrompt->toAsk(calls[i], &refusal);
        else if (const auto refusals
                 = dispatch::trustRefusals(calls[i], m_engine.trust(), m_engine.env());
            !refusals.empty())
            refusal = qs(refusals.front().what()); // nobody to ask: refused
        if (!refusal.isEmpty()) {
            m_area->paneById(paneIds.at(qsizetype(i)))
                ->failBeforeStart({QStringLiteral("auth"), refusal, 0});
            calls.erase(calls.begin() + std::ptrdiff_t(i));
            paneIds.removeAt(qsizetype(i));
            prepared.versions.erase(prepared.versions.begin() + std::ptrdiff_t(i));
            prepared.notes.removeAt(qsizetype(i));
            continue;
        }
        asking.insert(asking.end(), unapproved.begin(), unapproved.end());
    }
    QList<widgets::PaneRun> again;
    for (const widgets::PaneRun &pane : panes)
        if (paneIds.contains(pane.paneId))
            again.append(pane);
    if (asking.empty()) {
        // Approved: the keys kept in the keychain are read (without a wait here), then the
        // panes run again.
        const auto approved = [this](const providers::ProviderConfig &resolved) {
            return !dispatch::trustRefusal(resolved, m_engine.trust());
        };
        return calls.empty()
            || (m_keychain
                && m_keychain->readFirst(
                    calls, m_engine.env(), approved, [this, again] { run(again); }));
    }
    m_trustPrompt->ask(std::move(asking), [this, again] { run(again); });
    return true;
}

void ComparisonRunner::stop(int paneId)
{
    const auto it = m_live.find(paneId);
    if (it != m_live.end())
        it->second.run->cancel(it->second.slot);
}

void ComparisonRunner::deliverText(quint64 callId, const QString &text)
{
    const auto it = m_paneOfCall.find(callId);
    if (it == m_paneOfCall.end())
        return;
    if (widgets::ResponsePane *pane = m_area->paneById(it->second))
        pane->appendText(text);
}

void ComparisonRunner::discardText(quint64 callId)
{
    const auto it = m_paneOfCall.find(callId);
    if (it == m_paneOfCall.end())
        return;
    if (widgets::ResponsePane *pane = m_area->paneById(it->second))
        pane->discardText();
}

void ComparisonRunner::deliverOutcome(quint64 callId, const dispatch::CallOutcome &outcome)
{
    const auto it = m_paneOfCall.find(callId);
    if (it == m_paneOfCall.end())
        return;
    const int paneId = it->second;
    m_paneOfCall.erase(it);
    const auto liveIt = m_live.find(paneId);
    if (liveIt == m_live.end())
        return;
    const LiveCall live = std::move(liveIt->second);
    m_live.erase(liveIt);
    widgets::ResponsePane *pane = m_area->paneById(paneId);
    if (!pane)
        return; // removed while it ran

    // The run priced and stored it; the pane shows the same figures.
    const run::RunSlot slot = live.run->slot(live.slot);
    widgets::PaneAnswer answer;
    answer.text = qs(outcome.result.text);
    answer.model = qs(outcome.model.empty() ? slot.model : outcome.model);
    answer.metrics = answerMetrics(outcome);
    answer.metrics.costUsd = slot.costUsd;
    answer.metrics.imageTokens = slot.imageTokens;
    if (outcome.result.error)
        answer.error = answerError(*outcome.result.error);
    answer.notes = live.notes;
    if (outcome.fellBackFrom)
        answer.notes << tr("Target %1 failed; its fallback %2 answered.")
                            .arg(qs(*outcome.fellBackFrom), qs(outcome.targetId));
    for (const std::string &note : outcome.notes)
        answer.notes << qs(note);
    if (!outcome.result.error)
        m_conversations[paneId].answered(outcome.result);
    showConfidence(answer, outcome, live.run->calls()[live.slot].provider.kind);
    for (const providers::ToolCall &call : outcome.result.toolCalls)
        answer.toolCalls.append({qs(call.id), qs(call.name), qs(call.arguments)});
    pane->finish(answer);
}

void ComparisonRunner::showConfidence(widgets::PaneAnswer &answer,
    const dispatch::CallOutcome &outcome, providers::ProviderKind kind)
{
    const std::vector<providers::TokenLogprob> &tokens = outcome.result.logprobs;
    if (const auto summary = run::summarizeConfidence(tokens)) {
        answer.metrics.confidence = summary->meanProbability;
        answer.metrics.leastSure = qs(summary->lowestText);
        answer.metrics.leastSureConfidence = summary->lowestProbability;
    } else {
        answer.noConfidence = qs(run::whyNoConfidence(kind, outcome.notes));
    }
    for (const providers::TokenLogprob &token : tokens) {
        QStringList alternatives;
        for (const auto &[text, logprob] : token.top)
            if (text != token.token)
                alternatives << QStringLiteral("“%1” %2%")
                                    .arg(qs(text).trimmed())
                                    .arg(std::exp(logprob) * 100, 0, 'f', 1);
        answer.tokens.append({qs(token.token), std::exp(token.logprob),
            alternatives.join(QStringLiteral(" · "))});
    }
}

} // namespace ps::app
