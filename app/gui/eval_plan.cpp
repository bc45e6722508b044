#include "eval_plan.h"

#include "store/dataset_store.h"
#include "store/project.h"
#include "store/spec_store.h"

#include <stdexcept>

namespace ps::app {

EvalPlan planOf(const store::Project &project, const widgets::EvalChoice &choice)
{
    EvalPlan plan;
    for (const QString &ref : choice.versions)
        plan.versions.push_back(project.resolve(ref.toStdString()));
    const auto dataset = store::DatasetStore(project).findLatest(choice.dataset.toStdString());
    if (!dataset)
        throw std::runtime_error("there is no dataset '" + choice.dataset.toStdString() + "'");
    run::EvalSpec &spec = plan.spec;
    spec.datasetId = dataset->id;
    for (const QString &target : choice.targets)
        spec.targets.push_back(target.toStdString());
    spec.repeat = choice.repeats;
    spec.concurrency = choice.concurrency;
    spec.useCache = choice.useCache;
    spec.batch = choice.batch;
    spec.retryFailedLive = choice.retryFailedLive;
    nlohmann::json gates = nlohmann::json::array();
    for (const QString &gate : choice.gates)
        gates.push_back(gate.toStdString());
    spec.extra = {{"gates", gates}, {"dataset", dataset->name}};
    if (choice.specsAreGates) {
        if (plan.versions.empty() || store::SpecStore(project).listOfVersion(plan.versions.front().id).empty())
            throw std::runtime_error((plan.versions.empty() ? std::string("the prompt") : plan.versions.front().promptName)
                + " has no specs to check; add one with `spec set` first");
        spec.extra["specs_are_gates"] = true;
    }
    return plan;
}

} // namespace ps::app
