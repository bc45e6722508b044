#include "comparison_runner.h"

#include "call_bridge.h"
#include "pane_run_recorder.h"
#include "response_area.h"

#include "catalog/model_price.h"
#include "run/target_calls.h"
#include "store/price_overrides.h"
#include "store/project.h"
#include "store/provider_catalog.h"
#include "store/store_error.h"
#include "template/prompt_renderer.h"

#include <QThreadPool>

namespace ps::app {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

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
    metrics.finishReason = qs(outcome.result.finishReason);
    metrics.cached = outcome.cached;
    metrics.attempts = outcome.measurements.attempts;
    return metrics;
}

} // namespace

ComparisonRunner::ComparisonRunner(
    dispatch::Dispatcher &dispatcher, widgets::ResponseArea *area, QObject *parent)
    : QObject(parent)
    , m_dispatcher(dispatcher)
    , m_area(area)
    , m_bridge(new widgets::CallBridge(this))
{
    connect(m_area, &widgets::ResponseArea::runRequested, this, &ComparisonRunner::run);
    connect(m_area, &widgets::ResponseArea::stopRequested, this, &ComparisonRunner::stop);
    connect(m_area, &widgets::ResponseArea::runAllStarting, this, &ComparisonRunner::beginGroup);
    connect(m_area, &widgets::ResponseArea::runAllRequested, this, &ComparisonRunner::endGroup);
    connect(m_bridge, &widgets::CallBridge::textArrived, this, &ComparisonRunner::deliverText);
    connect(m_bridge, &widgets::CallBridge::textDiscarded, this, [this](quint64 callId) {
        if (const auto it = m_paneOfCall.find(callId); it != m_paneOfCall.end())
            if (widgets::ResponsePane *pane = m_area->paneById(it->second))
                pane->discardText();
    });
    connect(m_bridge, &widgets::CallBridge::callFinished, this, &ComparisonRunner::deliverOutcome);
    // The compiled-in price catalogue is parsed once, off the GUI thread and before the first
    // answer needs it, so neither start-up nor a first answer waits for it.
    QThreadPool::globalInstance()->start([] { run::CallPricing::prepare(); });
}

ComparisonRunner::~ComparisonRunner()
{
    for (const auto &[paneId, call] : m_live)
        call.handle.cancel();
}

bool ComparisonRunner::openProject(const QString &path, QString *error)
{
    try {
        m_project = std::make_unique<store::Project>(store::Project::open(
            std::filesystem::path(path.toStdString()), store::ProjectAccess::Read));
    } catch (const std::exception &failure) {
        m_project.reset();
        m_area->setTargets({});
        if (error)
            *error = qs(failure.what());
        return false;
    }
    reloadTargets();
    return true;
}

void ComparisonRunner::reloadTargets()
{
    if (!m_project)
        return;
    QList<widgets::TargetChoice> choices;
    try {
        const store::ProviderCatalog catalog(*m_project);
        for (const store::TargetRecord &target : catalog.targets())
            choices.append({qs(target.id), qs(target.model), qs(target.providerId)});
        m_pricing.emplace(*m_project);
    } catch (const std::exception &) {
        // An unreadable catalogue offers no targets; a run would say why.
    }
    m_area->setTargets(choices);
}

void ComparisonRunner::beginGroup()
{
    m_grouping = true;
    m_group = 0; // opened by the first call that is sent
}

void ComparisonRunner::endGroup()
{
    m_grouping = false;
    if (m_recorder && m_group)
        m_recorder->close(m_group);
    m_group = 0;
}

void ComparisonRunner::run(int paneId, const QString &targetId)
{
    widgets::ResponsePane *pane = m_area->paneById(paneId);
    if (!pane || m_live.count(paneId))
        return;
    if (!m_project) {
        pane->failBeforeStart({QStringLiteral("not_found"), tr("No project is open."), 0});
        return;
    }
    const PromptSnapshot snapshot = m_source ? m_source() : PromptSnapshot {};
    if (snapshot.content.messages.empty()) {
        pane->failBeforeStart({QStringLiteral("template"),
            tr("The prompt has no messages yet: write one in the editor, then run."), 0});
        return;
    }

    LiveCall live;
    tmpl::RenderedPrompt rendered;
    try {
        rendered = tmpl::renderPrompt(snapshot.content, snapshot.variables);
    } catch (const tmpl::PromptTemplateError &error) {
        pane->failBeforeStart({QStringLiteral("template"),
            tr("Message %1, line %2, column %3: %4")
                .arg(error.messageIndex() + 1)
                .arg(error.line())
                .arg(error.column())
                .arg(qs(error.reason())),
            0});
        return;
    }
    for (const std::string &name : rendered.missingVariables)
        live.notes
            << tr("The variable %1 has no value and no default; it rendered empty.").arg(qs(name));

    dispatch::TargetCall call;
    try {
        call = run::buildTargetCall(*m_project, targetId.toStdString(), run::chatMessages(rendered),
            snapshot.content.params, true);
    } catch (const run::TargetCallError &error) {
        pane->failBeforeStart({QStringLiteral("content"), qs(error.what()), 0});
        return;
    } catch (const store::StoreError &error) {
        pane->failBeforeStart({qs(store::toString(error.kind())), qs(error.what()), 0});
        return;
    }

    live.callId = ++m_nextCallId;
    live.call = call;
    live.model = call.request.model;
    if (m_recorder) {
        // A Run all is one run; a pane run alone is a run of its own.
        if (!m_grouping)
            live.group = m_recorder->open(snapshot);
        else if (!m_group)
            live.group = m_group = m_recorder->open(snapshot);
        else
            live.group = m_group;
        m_recorder->addCall(live.group, call);
        if (!m_grouping)
            m_recorder->close(live.group);
    }
    pane->begin(qs(live.model));
    m_paneOfCall[live.callId] = paneId;
    // The callbacks only queue; even an echo answer that ends inside submit() is shown later.
    live.handle = m_dispatcher.submit(std::move(call), m_bridge->callbacks(live.callId));
    m_live.emplace(paneId, std::move(live));
}

void ComparisonRunner::stop(int paneId)
{
    const auto it = m_live.find(paneId);
    if (it != m_live.end())
        it->second.handle.cancel();
}

void ComparisonRunner::stopAll()
{
    for (const auto &[paneId, call] : m_live)
        call.handle.cancel();
}

void ComparisonRunner::deliverText(quint64 callId, const QString &text)
{
    const auto it = m_paneOfCall.find(callId);
    if (it == m_paneOfCall.end())
        return;
    if (widgets::ResponsePane *pane = m_area->paneById(it->second))
        pane->appendText(text);
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

    const std::optional<double> cost
        = m_pricing ? m_pricing->cost(live.call, outcome) : std::nullopt;
    if (m_recorder && live.group)
        m_recorder->record(live.group, outcome, live.model, cost);
    widgets::ResponsePane *pane = m_area->paneById(paneId);
    if (!pane)
        return; // removed while it ran

    widgets::PaneAnswer answer;
    answer.text = qs(outcome.result.text);
    answer.model = qs(outcome.model.empty() ? live.model : outcome.model);
    answer.metrics = answerMetrics(outcome);
    answer.metrics.costUsd = cost;
    if (outcome.result.error)
        answer.error = answerError(*outcome.result.error);
    answer.notes = live.notes;
    if (outcome.fellBackFrom)
        answer.notes << tr("Target %1 failed; its fallback %2 answered.")
                            .arg(qs(*outcome.fellBackFrom), qs(outcome.targetId));
    for (const std::string &note : outcome.notes)
        answer.notes << qs(note);
    pane->finish(answer);
    emit callFinished(paneId);
}

} // namespace ps::app
