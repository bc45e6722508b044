#pragma once

#include "model/prompt_record.h"
#include "store/version_import.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// Langfuse's prompt JSON (FORMATS.md): the array its import dialog accepts, one chat item per
// version ({name, type, prompt, config, labels, tags, commitMessage}).
namespace ps::io {

struct LangfuseExport
{
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    std::vector<std::string> lost; // "v3: ..." what Langfuse will not read as Promptsmith does
};

// Versions (oldest first) of one prompt. The parameters go into `config`, and so does what
// Langfuse has no field for (variables with defaults, examples), under "promptsmith", from which
// an import restores the version exactly while its messages are unchanged.
LangfuseExport langfuseItems(const model::PromptRecord &prompt,
    const std::vector<model::VersionRecord> &versions);

struct LangfuseImport
{
    std::vector<store::VersionImportRequest> prompts; // one per name, versions in file order
    std::vector<std::string> lost;
};

// Throws std::invalid_argument naming the item and field ("[2].prompt[0].role: ...").
LangfuseImport readLangfuseItems(const nlohmann::json &document, const std::string &author,
    const std::string &now);
bool isLangfuseDocument(const nlohmann::json &document);

} // namespace ps::io
