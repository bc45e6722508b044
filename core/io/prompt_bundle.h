#pragma once

#include "eval/dataset.h"
#include "model/dataset_record.h"
#include "store/project.h"
#include "store/version_import.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

// The native exchange file (CLI.md "Import and export"): a prompt with its versions, labels
// and, on request, datasets, from which an import rebuilds the same versions (equal hashes).
namespace ps::io {

// A bundle that cannot be read: `path` names the field ("versions[2].content.messages[0]").
class BundleError : public std::runtime_error
{
public:
    BundleError(const std::string &path, const std::string &reason)
        : std::runtime_error(path.empty() ? reason : path + ": " + reason)
    { }
};

struct BundleRequest
{
    std::string promptName;
    std::optional<int> onlyVersion; // nullopt: every version, with every label
    std::vector<std::string> datasets; // the newest revision of each
};

struct BundleDataset
{
    std::string name;
    std::string source; // the file it was first imported from
    std::vector<eval::DatasetCase> cases;
};

// A bundle as read: what the store adds, and the datasets beside it.
struct PromptBundle
{
    store::VersionImportRequest prompt;
    std::vector<BundleDataset> datasets;
    // The images the versions and cases show, by hash: the bytes (each checked against its hash).
    std::map<std::string, std::string> images;
    // Versions whose stated hash is not their content's (the file was edited): imported with
    // their content, and said so.
    std::vector<std::string> warnings;
};

struct BundleImport
{
    std::string promptName; // the name it was imported under
    store::VersionImportResult versions;
    std::vector<model::DatasetRecord> datasetsAdded;
    std::vector<std::string> datasetsUnchanged; // their newest revision here has the same cases
    std::vector<std::string> warnings;
};

// The bundle of a prompt (NotFound from the store for an unknown prompt, version or dataset),
// its keys in reading order: format, prompt, versions, labels, datasets, then "images" (hash →
// base64 bytes) when a version or case shows a stored image, so the file stands alone.
nlohmann::ordered_json writeBundle(const store::Project &project, const BundleRequest &request);
// Reads a bundle document; throws BundleError naming the field.
PromptBundle readBundle(const nlohmann::json &document);
// Whether `document` looks like a bundle (for telling formats apart).
bool isBundle(const nlohmann::json &document);
// Stores the bundle's images, then adds its versions (see store::importVersions) under `asName`
// when given, and each dataset whose newest revision here differs as its next revision. A
// version showing an image neither in the bundle nor here is refused (StoreError); a case's is
// said in the warnings.
BundleImport importBundle(
    store::Project &project, PromptBundle bundle, const std::optional<std::string> &asName);

// Each dataset as a new revision, unless its newest revision here holds the same cases.
void importDatasets(store::Project &project, std::vector<BundleDataset> datasets,
    std::vector<model::DatasetRecord> &added, std::vector<std::string> &unchanged);

} // namespace ps::io
