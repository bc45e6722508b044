#pragma once

#include "dispatch/dispatcher.h"
#include "model/version_content.h"
#include "providers/chat_types.h"
#include "template/prompt_renderer.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace ps::store {
class CatalogSnapshot;
class Project;
} // namespace ps::store

// Turns a rendered version and a project's target into the dispatcher's call — the one place
// the CLI's run and eval and the window's panes build what they send.
namespace ps::run {

// A target whose merged parameters are invalid, or whose fallback chain loops: `what()` names
// the target and the field.
class TargetCallError : public std::runtime_error
{
public:
    TargetCallError(std::string targetId, std::string field, const std::string &message);
    const std::string &targetId() const { return m_targetId; }
    const std::string &field() const { return m_field; }

private:
    std::string m_targetId;
    std::string m_field;
};

// The rendered messages as the provider-neutral chat messages.
std::vector<providers::ChatMessage> chatMessages(const tmpl::RenderedPrompt &prompt);

// The call for `targetId`: its provider, `versionParams` with the target's overrides laid over,
// the messages, and its fallback chain (each fallback its own provider and overrides over the
// same version params, its own fallback after it). A fallbackMinLogprob asks the provider for
// log-probabilities. Throws store::StoreError NotFound for an unknown target or provider, and
// TargetCallError for invalid params or a chain that returns to a target already in it.
dispatch::TargetCall buildTargetCall(const store::Project &project, const std::string &targetId,
    const std::vector<providers::ChatMessage> &messages, const model::Params &versionParams,
    bool stream);
// The same from providers and targets read earlier (the window's, read off the GUI thread).
dispatch::TargetCall buildTargetCall(const store::CatalogSnapshot &catalog,
    const std::string &targetId, const std::vector<providers::ChatMessage> &messages,
    const model::Params &versionParams, bool stream);

// `call` with useCache set on it and on every fallback after it (the dispatcher asks the cache
// per link; the chain's links are shared and const, so they are copied).
dispatch::TargetCall withCache(dispatch::TargetCall call, bool useCache);

// Throws store::StoreError BadInput when `call`'s provider has no batch API (a run or an
// estimate that goes as a batch is refused before anything is sent).
void requireBatchApi(const std::string &targetId, const dispatch::TargetCall &call);

} // namespace ps::run
