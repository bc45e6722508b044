#include "workspace_snapshot.h"

#include "store/provider_catalog.h"

namespace ps::app {

WorkspaceSnapshot WorkspaceSnapshot::load(const std::string &path)
{
    WorkspaceSnapshot snapshot;
    snapshot.project = widgets::ProjectSnapshot::load(path);
    if (!snapshot.project.error.empty())
        return snapshot;
    try {
        const store::Project project = store::Project::open(path);
        for (const store::PromptRecord &prompt : snapshot.project.prompts)
            if (std::optional<store::Draft> draft = project.draft(prompt.name))
                snapshot.drafts[prompt.name] = *draft;
        for (const providers::ProviderConfig &provider :
            store::ProviderCatalog(project).providers())
            if (provider.kind != providers::ProviderKind::Echo)
                snapshot.onlyEcho = false;
    } catch (const std::exception &error) {
        snapshot.project.error = error.what();
    }
    return snapshot;
}

bool draftIsNewer(const store::Draft &draft, const std::vector<store::VersionRecord> &versions)
{
    // ISO 8601 UTC stamps of one format compare as strings; same second counts as newer,
    // since saving a version discards the draft.
    return versions.empty() || draft.updated >= versions.back().created;
}

} // namespace ps::app
