#include "demo/demo_project.h"

#include "demo/demo_resources.h"
#include "eval/dataset.h"
#include "model/version_content.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/provider_catalog.h"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace ps::demo {

namespace {

// A missing or broken demo file is a packaging bug, never a user error.
std::string_view resource(const std::string &path)
{
    const std::optional<std::string_view> data = demoResource(path);
    if (!data)
        throw std::logic_error("demo resource '" + path + "' is not compiled in");
    return *data;
}

nlohmann::json jsonResource(const std::string &path)
{
    return nlohmann::json::parse(resource(path));
}

// Long defaults (a meeting transcript) live in their own file, readable and diffable.
model::VersionContent versionContent(const nlohmann::json &entry)
{
    model::VersionContent content
        = model::VersionContent::fromJson(jsonResource(entry.at("file").get<std::string>()));
    // Held in a local: items() only refers to the object it iterates.
    const nlohmann::json fromFiles
        = entry.value("variable_defaults_from_files", nlohmann::json::object());
    for (const auto &[name, file] : fromFiles.items()) {
        for (model::Variable &variable : content.variables) {
            if (variable.name == name)
                variable.defaultValue = std::string(resource(file.get<std::string>()));
        }
    }
    return content;
}

void addPrompt(store::Project &project, const nlohmann::json &prompt)
{
    const std::string name = prompt.at("name").get<std::string>();
    project.addPrompt(name, prompt.value("description", std::string()),
        prompt.value("tags", std::vector<std::string>()));
    for (const nlohmann::json &entry : prompt.at("versions")) {
        store::SaveRequest request;
        request.promptName = name;
        request.content = versionContent(entry);
        request.message = entry.value("message", std::string());
        request.author = entry.value("author", std::string());
        project.saveVersion(request);
    }
    const nlohmann::json labels = prompt.value("labels", nlohmann::json::object());
    for (const auto &[label, number] : labels.items())
        project.setLabel(name, label, number.get<int>());
}

// Read with the same parser as `dataset import`, so the demo shows what an import stores.
void addDataset(store::Project &project, const nlohmann::json &dataset)
{
    const std::string file = dataset.at("file").get<std::string>();
    const std::vector<eval::DatasetCase> cases = eval::parseDatasetFile(resource(file), file);
    store::DatasetStore(project).importCases(
        dataset.at("name").get<std::string>(), file.substr(file.find_last_of('/') + 1), cases);
}

} // namespace

void populateDemoProject(store::Project &project)
{
    const nlohmann::json manifest = jsonResource("demo.json");
    for (const nlohmann::json &prompt : manifest.at("prompts"))
        addPrompt(project, prompt);
    for (const nlohmann::json &dataset : manifest.value("datasets", nlohmann::json::array()))
        addDataset(project, dataset);

    // The offline echo provider, so `run` works before any key is configured.
    store::ProviderCatalog catalog(project);
    providers::ProviderConfig echo;
    echo.id = "echo";
    echo.kind = providers::ProviderKind::Echo;
    catalog.addProvider(echo);
    store::TargetRecord target;
    target.id = "echo";
    target.providerId = "echo";
    target.model = "echo";
    catalog.addTarget(target);
}

} // namespace ps::demo
