#pragma once

#include "io/export_inputs.h"
#include "io/prompt_bundle.h"
#include "model/prompt_record.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// promptfoo's promptfooconfig.yaml (FORMATS.md): one version as a chat prompt file beside the
// config, the chosen targets as its providers, a dataset as its tests with our assertions in
// promptfoo's terms, the version's variable defaults as defaultTest's vars.
namespace ps::io {

struct PromptfooExport
{
    std::string config; // promptfooconfig.yaml
    std::string promptPath; // "prompts/ticket-triage.json", relative to the config
    std::string promptText; // the chat prompt file: a JSON array of {role, content}
    std::vector<std::string> lost;
};

// Targets' parameters are laid over the version's as a run lays them. Throws tmpl errors for a
// template that does not parse, model::ContentError for a target's invalid parameters.
PromptfooExport promptfooConfig(const model::PromptRecord &prompt, const model::VersionRecord &version,
    const std::vector<ExportTarget> &targets, const std::optional<ExportDataset> &dataset);

struct PromptfooImport
{
    std::vector<store::VersionImportRequest> prompts; // the config's prompts, grouped by name
    std::optional<BundleDataset> dataset; // its tests
    std::vector<std::string> lost;
};

// Reads a file the config names ("prompts/triage.json", relative to it); throws
// std::invalid_argument saying why it cannot.
using BesideReader = std::function<std::string(const std::string &relativePath)>;

// A promptfoo config as versions and a dataset: each prompt (a JSON chat file, a text file or
// inline text) a version, Nunjucks turned into our Mustache (`{{ var }}` a variable, escapes and
// raw blocks literal text), defaultTest's vars the variables' defaults, the first provider's
// options the parameters, its tests a dataset with the assertions read back into ours. Throws
// std::invalid_argument naming the field.
PromptfooImport readPromptfooConfig(const nlohmann::json &config, const BesideReader &readBeside,
    const std::string &fileName, const std::string &author, const std::string &now);
bool isPromptfooConfig(const nlohmann::json &document);

// Nunjucks template text as Mustache that renders the same; what has no counterpart (logic,
// filters) stays as literal text and is named in `lost`.
std::string mustacheFromNunjucks(std::string_view text, std::vector<std::string> &lost);

// Text as Nunjucks renders it back literally: `{` that would open a tag, comment or variable is
// written `{{ '{' }}`, and `#` that would close a comment `{{ '#' }}`. `beforeVariable`: a
// variable's `{{` follows directly.
std::string nunjucksLiteral(std::string_view text, bool beforeVariable = false);

// promptfoo's provider id for a target: "openai:chat:gpt-4o-mini", "anthropic:messages:…".
std::string promptfooProviderId(const ExportTarget &target);

} // namespace ps::io
