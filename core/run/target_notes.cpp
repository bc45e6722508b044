#include "run/target_notes.h"

#include "diff/version_diff.h"
#include "providers/model_quirks.h"
#include "run/target_calls.h"
#include "store/provider_catalog.h"

#include <exception>

namespace ps::run {

std::vector<std::string> targetNotes(const store::CatalogSnapshot &catalog,
    const std::string &targetId, const model::Params &versionParams)
{
    std::vector<std::string> notes;
    try {
        const store::TargetRecord target = catalog.target(targetId);
        if (target.params.is_object())
            for (const auto &[key, value] : target.params.items())
                notes.push_back(targetId + " sets " + key + " to " + diff::valueText(value));
        // The call as the pane would send it, then what the model's family makes of it.
        dispatch::TargetCall call = buildTargetCall(
            catalog, targetId, {{"user", "…", {}, nlohmann::json::array(), {}}}, versionParams, true);
        for (const std::string &note : providers::adaptRequestForModel(call.request, call.provider.kind))
            notes.push_back(targetId + ": " + note);
    } catch (const std::exception &error) {
        notes.push_back(targetId + ": " + error.what());
    }
    return notes;
}

} // namespace ps::run
