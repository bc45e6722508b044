#pragma once

#include "io/langfuse_format.h"
#include "io/prompt_bundle.h"
#include "store/project.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Export and import of prompts (CLI.md "Import and export"): one use case that `export` /
// `import` and the window's File ▸ Export… / Import… both drive. Export reads; import is read
// and previewed first, then applied, adding versions and never changing one.
namespace ps::io {

enum class PromptFormat { Bundle, Langfuse, Markdown, OpenAiRequest };

const char *toString(PromptFormat format);
std::optional<PromptFormat> promptFormatFromName(const std::string &name);
std::vector<PromptFormat> promptFormats(); // the ones this build writes
bool canImport(PromptFormat format); // the request body is written only
bool needsTarget(PromptFormat format); // the request body is a target's
// "Langfuse prompt list (JSON)", for a format chooser.
std::string displayName(PromptFormat format);
std::string fileSuffix(PromptFormat format); // ".promptsmith.json", ".langfuse.json", ".md"

// Refused: what and why, for the user ("--dataset goes with the bundle format").
class ExchangeError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct ExportRequest
{
    std::string ref; // NAME (every version and label; Markdown: the newest) or NAME@N|LABEL|HASH
    PromptFormat format = PromptFormat::Bundle;
    std::vector<std::string> datasets; // bundle only
    std::string target; // the request body: whose request
    nlohmann::json values = nlohmann::json::object(); // the request body: variable values
};

struct ExportedFile
{
    std::string text;
    std::string promptName;
    std::size_t versions = 0;
    std::size_t datasets = 0;
    std::vector<std::string> lost; // "v3: message 2's mocked tool calls"
};

// Throws ExchangeError, store errors (unknown prompt, version, dataset) and tmpl errors.
ExportedFile exportPrompt(const store::Project &project, const ExportRequest &request);

// A file read for import, not yet applied.
struct ImportFile
{
    PromptFormat format = PromptFormat::Bundle;
    std::optional<PromptBundle> bundle;
    std::vector<store::VersionImportRequest> prompts; // Langfuse: one per name
    std::vector<std::string> lost; // what the file says that Promptsmith cannot keep
    std::vector<std::string> warnings; // said, but kept
};

// `text`: the file's bytes; `format`: nullopt reads it from the text. Throws ExchangeError naming
// the field or line.
ImportFile readImportFile(std::string_view text, std::optional<PromptFormat> format,
    const std::string &author, const std::string &now);

// One version of the file as the project would take it.
struct PlannedVersion
{
    int foreignNumber = 0;
    bool alreadyHere = false; // a version of the prompt here has this content
    std::string author;
    std::string created;
    std::string message;
};

struct PlannedPrompt
{
    std::string name;
    bool exists = false;
    std::vector<PlannedVersion> versions;
    std::vector<std::string> labels; // "production → its v3"
};

struct ImportPreview
{
    std::vector<PlannedPrompt> prompts;
    std::vector<std::string> datasets; // "tickets (12 cases)"
    std::size_t newVersions() const;
};

// What applying would add, read from the project without changing it. `asName` renames the
// file's one prompt (ExchangeError when it holds several).
ImportPreview previewImport(
    const store::Project &project, const ImportFile &file, const std::optional<std::string> &asName);

struct ImportedPrompt
{
    std::string name;
    store::VersionImportResult versions;
};

struct ImportResult
{
    std::vector<ImportedPrompt> prompts;
    std::vector<model::DatasetRecord> datasetsAdded;
    std::vector<std::string> datasetsUnchanged;
};

ImportResult applyImport(store::Project &project, ImportFile file, const std::optional<std::string> &asName);

} // namespace ps::io
