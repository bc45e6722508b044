#include "workspace_snapshot.h"

#include "store/badcase_store.h"
#include "store/dataset_store.h"
#include "store/spec_store.h"
#include "store/rating_store.h"
#include "store/provider_catalog.h"
#include "store/run_store.h"
#include "store/store_error.h"

#include <algorithm>

namespace ps::app {

WorkspaceSnapshot WorkspaceSnapshot::load(const std::string &path, bool watch)
{
    WorkspaceSnapshot snapshot;
    widgets::ProjectSnapshot &views = snapshot.project;
    views.path = path;
    try {
        const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
        if (watch) {
            try {
                snapshot.changes = std::make_shared<store::ChangeProbe>(path);
            } catch (const store::StoreError &) {
                // Not followed then; the project itself is still shown.
            }
        }
        views.prompts = project.listPrompts();
        for (const model::PromptRecord &prompt : views.prompts) {
            views.versions[prompt.name] = project.listVersions(prompt.name);
            if (std::optional<store::Draft> draft = project.draft(prompt.name))
                snapshot.drafts[prompt.name] = *draft;
        }
        views.datasets = store::DatasetStore(project).list();
        snapshot.specs = store::SpecStore(project).all();
        snapshot.ratingSessions = store::RatingStore(project).list();
        snapshot.badcaseTags = store::BadcaseStore(project).tags();
        views.runs = store::RunStore(project).listRuns();
        if (views.runs.size() > widgets::ProjectSnapshot::kRecentRuns)
            views.runs.resize(widgets::ProjectSnapshot::kRecentRuns);
        try {
            snapshot.catalog = store::CatalogSnapshot::read(project);
            snapshot.pricing.emplace(project);
        } catch (const std::exception &error) {
            snapshot.catalog.reset();
            snapshot.catalogError = error.what();
        }
        if (snapshot.catalog)
            for (const providers::ProviderConfig &provider : snapshot.catalog->providers())
                if (provider.kind != providers::ProviderKind::Echo)
                    snapshot.onlyEcho = false;
    } catch (const std::exception &error) {
        views.error = error.what();
    }
    return snapshot;
}

std::string WorkspaceSnapshot::startPrompt(const std::string &remembered) const
{
    std::string start;
    std::size_t most = 0;
    for (const model::PromptRecord &prompt : project.prompts) {
        if (prompt.name == remembered)
            return prompt.name;
        const auto found = project.versions.find(prompt.name);
        const std::size_t count = found == project.versions.end() ? 0 : found->second.size();
        if (start.empty() || count > most) {
            start = prompt.name;
            most = count;
        }
    }
    return start;
}

std::size_t WorkspaceSnapshot::versionCount() const
{
    std::size_t versions = 0;
    for (const auto &[name, list] : project.versions)
        versions += list.size();
    return versions;
}

void WorkspaceSnapshot::recordRun(const model::RunRecord &run)
{
    std::vector<model::RunRecord> &runs = project.runs;
    const auto it = std::find_if(runs.begin(), runs.end(),
        [&run](const model::RunRecord &known) { return known.id == run.id; });
    if (it != runs.end())
        *it = run;
    else
        runs.insert(runs.begin(), run);
    if (runs.size() > widgets::ProjectSnapshot::kRecentRuns)
        runs.resize(widgets::ProjectSnapshot::kRecentRuns);
}

bool draftIsNewer(const store::Draft &draft, const std::vector<model::VersionRecord> &versions)
{
    // ISO 8601 UTC stamps of one format compare as strings; same second counts as newer,
    // since saving a version discards the draft.
    return versions.empty() || draft.updated >= versions.back().created;
}

} // namespace ps::app
