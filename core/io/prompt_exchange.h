#pragma once

#include "io/langfuse_format.h"
#include "io/prompt_bundle.h"
#include "io/promptfoo_config.h"
#include "store/project.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Export and import of prompts (CLI.md "Import and export"): one use case that `export` /
// `import` and the window's File ▸ Export… / Import… both drive. Export reads; import is read
// and previewed first, then applied, adding versions and never changing one.
namespace ps::io {

enum class PromptFormat { Bundle, Promptfoo, PromptYml, Prompty, Langfuse, Markdown, OpenAiRequest };

const char *toString(PromptFormat format);
std::optional<PromptFormat> promptFormatFromName(const std::string &name);
std::vector<PromptFormat> promptFormats(); // the ones this build writes
bool canImport(PromptFormat format); // the request body is written only
bool needsTarget(PromptFormat format); // the request body is a target's
bool takesTargets(PromptFormat format); // promptfoo's providers, the request body's target
bool takesDataset(PromptFormat format); // the bundle carries datasets; promptfoo one as its tests
bool isOneVersion(PromptFormat format); // a page, a config, a request: one version, the newest by default
bool writesFolder(PromptFormat format); // promptfoo: a config and its prompt file beside it
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
    std::vector<std::string> datasets; // the bundle's; promptfoo's tests (one)
    std::vector<std::string> targets; // promptfoo's providers; the request body's target (one)
    nlohmann::json values = nlohmann::json::object(); // the request body: variable values
};

// A file written beside the main one, its path relative to the main file's folder.
struct BesideFile
{
    std::string path; // "prompts/ticket-triage.json"
    std::string text;
};

struct ExportedFile
{
    std::string text;
    std::string fileName; // the main file's name where the format fixes it ("promptfooconfig.yaml")
    std::vector<BesideFile> beside;
    std::string promptName;
    std::size_t versions = 0;
    std::size_t datasets = 0;
    std::vector<std::string> lost; // "v3: message 2's mocked tool calls"
};

// Throws ExchangeError, store errors (unknown prompt, version, dataset) and tmpl errors.
ExportedFile exportPrompt(const store::Project &project, const ExportRequest &request);

// Where an export goes: `output` is the file, or for a format that writes a folder, the folder
// (or the main file's path in it, "out/promptfooconfig.yaml").
struct ExportPaths
{
    std::filesystem::path main;
    std::vector<std::filesystem::path> beside; // in ExportedFile::beside's order
};
ExportPaths exportPaths(const ExportedFile &file, const std::filesystem::path &output);
// Writes each file whole (atomically), making the folders it needs. Throws util::FileWriteError.
void writeExport(const ExportedFile &file, const ExportPaths &paths);

// A file read for import, not yet applied.
struct ImportFile
{
    PromptFormat format = PromptFormat::Bundle;
    std::optional<PromptBundle> bundle;
    std::vector<store::VersionImportRequest> prompts; // Langfuse: one per name
    std::vector<BundleDataset> datasets; // a .prompt.yml's testData (a bundle's are in `bundle`)
    std::vector<std::string> lost; // what the file says that Promptsmith cannot keep
    std::vector<std::string> warnings; // said, but kept
};

// `text`: the file's bytes; `format`: nullopt reads it from the text; `fileName` names it (a
// prompt or dataset may be named after it); `readBeside` reads the files a promptfoo config names
// (none: such a config is refused). Throws ExchangeError naming the field or line.
ImportFile readImportFile(std::string_view text, std::optional<PromptFormat> format, const std::string &fileName,
    const std::string &author, const std::string &now, const BesideReader &readBeside = {});

// Reads the files beside `file` a config names: relative paths inside its folder only (a shared
// config must not pull `~/.ssh/id_rsa` or `../../secrets` into a prompt), at most `maxBytes`.
BesideReader filesBeside(const std::filesystem::path &file, std::size_t maxBytes = 16 * 1024 * 1024);

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
