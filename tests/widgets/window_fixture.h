#pragma once

#include "providers/provider_config.h"

#include <QString>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace ps::store {
class Project;
}

// What the window's test suites set up alike: a project whose provider is the fake provider,
// and settings kept inside the test's own folder.
namespace ps::test {

// Adds target `id`: `model` on provider `providerId`, with parameter overrides `params`.
void addTarget(const store::Project &project, const std::string &id,
    const std::string &providerId, const std::string &model,
    const nlohmann::json &params = nlohmann::json::object());

// Approves sending `config`'s key (or prompts) to its host on this machine, as `provider trust`
// does, in the approvals XDG_CONFIG_HOME holds.
void approveHere(const providers::ProviderConfig &config);

// Adds the provider "fake" (OpenAI-compatible, at `baseUrl`) and one target per {id, model}.
void addFakeTargets(const store::Project &project, const std::string &baseUrl,
    const std::vector<std::pair<std::string, std::string>> &targets);

// Saves v1 of "ticket-triage": a system message and the user message "Ticket: I was charged
// twice for May", as the pane suites send it.
void saveTriageVersion(store::Project &project);

// Keeps QSettings (remembered values, last prompt, geometry) in `dir`, not the user's.
void keepSettingsIn(const QString &dir);

// The demo project as `dir`/demo.promptsmith, with the settings kept in `dir`/settings; returns
// the project's path.
QString demoProjectIn(const QString &dir);

} // namespace ps::test
