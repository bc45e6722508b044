#include "pane_run_recorder.h"

#include "store_writer.h"

#include "run/key_redaction.h"
#include "run/response_record.h"

#include <algorithm>

namespace ps::app {

PaneRunRecorder::PaneRunRecorder(
    StoreWriter &writer, const secrets::SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_writer(writer)
    , m_secrets(secrets)
{ }

PaneRunRecorder::~PaneRunRecorder()
{
    for (const auto &[group, state] : m_groups) {
        if (state.closed)
            m_writer.finishRun(group, model::RunStatus::Cancelled);
    }
}

int PaneRunRecorder::open(const PromptSnapshot &prompt)
{
    if (prompt.promptName.empty() || prompt.baseVersion <= 0)
        return 0;
    const int group = ++m_nextGroup;
    Group &state = m_groups[group];
    state.prompt = QString::fromStdString(prompt.promptName);
    state.version = prompt.baseVersion;
    state.draft = prompt.isDraft;
    return group;
}

void PaneRunRecorder::addCall(int group, const dispatch::TargetCall &call)
{
    const auto it = m_groups.find(group);
    if (it == m_groups.end() || it->second.closed)
        return;
    Group &state = it->second;
    state.targets.push_back(call.targetId);
    for (std::string &key : run::chainKeys(call, m_secrets)) {
        if (std::find(state.keys.begin(), state.keys.end(), key) == state.keys.end())
            state.keys.push_back(std::move(key));
    }
}

void PaneRunRecorder::close(int group)
{
    const auto it = m_groups.find(group);
    if (it == m_groups.end() || it->second.closed)
        return;
    Group &state = it->second;
    if (state.targets.empty()) {
        m_groups.erase(it);
        return;
    }
    state.closed = true;
    // What a reader of the run needs to tell a window run from a CLI one, and whether it ran
    // the saved version or unsaved edits on top of it (each response keeps what was sent).
    const nlohmann::json options = {{"source", "window"}, {"draft", state.draft}};
    const int total = static_cast<int>(state.targets.size());
    m_writer.startRun(group, state.prompt, state.version, state.targets, total, options);
}

void PaneRunRecorder::record(int group, const dispatch::CallOutcome &outcome,
    const std::string &requestedModel, std::optional<double> costUsd)
{
    const auto it = m_groups.find(group);
    if (it == m_groups.end() || !it->second.closed)
        return;
    Group &state = it->second;
    const dispatch::CallOutcome redacted = run::redactOutcome(outcome, state.keys);
    store::ResponseRecord response
        = run::responseRecord(redacted, redacted.targetId, requestedModel);
    response.costUsd = costUsd;
    if (outcome.result.error
        && outcome.result.error->category == providers::ErrorCategory::Cancelled)
        state.cancelled = true;
    m_writer.addResponse(group, std::move(response));
    ++state.recorded;
    finishIfDone(group);
}

void PaneRunRecorder::finishIfDone(int group)
{
    const auto it = m_groups.find(group);
    if (it == m_groups.end())
        return;
    const Group &state = it->second;
    if (state.recorded < static_cast<int>(state.targets.size()))
        return;
    m_writer.finishRun(
        group, state.cancelled ? model::RunStatus::Cancelled : model::RunStatus::Complete);
    m_groups.erase(it);
}

} // namespace ps::app
