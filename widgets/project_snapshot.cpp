#include "project_snapshot.h"

namespace ps::widgets {

ProjectSnapshot ProjectSnapshot::load(const std::string &path)
{
    ProjectSnapshot snapshot;
    snapshot.path = path;
    try {
        const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
        snapshot.prompts = project.listPrompts();
        for (const store::PromptRecord &prompt : snapshot.prompts)
            snapshot.versions[prompt.name] = project.listVersions(prompt.name);
        snapshot.datasets = store::DatasetStore(project).list();
        snapshot.runs = store::RunStore(project).listRuns();
        if (snapshot.runs.size() > kRecentRuns)
            snapshot.runs.resize(kRecentRuns);
    } catch (const std::exception &error) {
        snapshot.error = error.what();
    }
    return snapshot;
}

} // namespace ps::widgets
