#pragma once

#include "io/export_inputs.h"
#include "io/prompt_bundle.h"
#include "model/prompt_record.h"
#include "store/version_import.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// GitHub Models' `.prompt.yml` (FORMATS.md; gh-models pkg/prompt): name, description, model,
// modelParameters, responseFormat and jsonSchema, messages with `{{var}}`, testData from a
// dataset and evaluators from its assertions where they mean the same.
namespace ps::io {

struct GithubPromptExport
{
    std::string text;
    std::vector<std::string> lost;
};

// `target` gives `model` ("openai/gpt-4.1-mini"); without one the file has none, said in `lost`.
// Throws tmpl errors for a template that does not parse.
GithubPromptExport githubPromptFile(const model::PromptRecord &prompt, const model::VersionRecord &version,
    const std::optional<ExportTarget> &target, const std::optional<ExportDataset> &dataset);

struct GithubPromptImport
{
    store::VersionImportRequest prompt; // one version
    std::optional<BundleDataset> dataset; // testData with the evaluators as each row's assertions
    std::vector<std::string> lost;
};

// `fileName` names the dataset's source. Throws std::invalid_argument naming the field
// ("messages[1].role: ...").
GithubPromptImport readGithubPromptFile(const nlohmann::json &document, const std::string &fileName,
    const std::string &author, const std::string &now);
bool isGithubPromptFile(const nlohmann::json &document);

} // namespace ps::io
