#pragma once

#include "store/project.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

// Adds versions made elsewhere (an imported file, a pulled repository) to a prompt in one
// transaction, keeping their authors, times and lineage, never changing what is there.
namespace ps::store {

// One version as the other side numbered it.
struct ForeignVersion
{
    int number = 0; // its number over there
    std::optional<int> parent; // over there too; nullopt: the first of its line
    std::string author;
    std::string created; // ISO 8601 UTC
    std::string message;
    model::VersionContent content;
};

struct VersionImportRequest
{
    std::string promptName;
    std::string description; // used only when the prompt is new here
    std::vector<std::string> tags; // likewise
    std::vector<ForeignVersion> versions; // parents before their children
    std::map<std::string, int> labels; // label -> a number over there
};

struct ImportedVersion
{
    int foreignNumber = 0;
    int number = 0; // here
    bool added = false; // false: a version here already had this content
};

struct VersionImportResult
{
    bool promptCreated = false;
    std::vector<ImportedVersion> versions; // in the request's order
    std::vector<std::string> labelsSet; // "production → v7"
    // Labels already here on another version, left where they are: "production stays on v3
    // (the file puts it on v5, here v7)". Moving one would change what deploys by it.
    std::vector<std::string> labelsKept;
};

// Each version whose content the prompt does not already hold is added as its next version,
// its parent mapped to the number its parent has here. All or nothing. BadInput for a parent
// that is not among the versions before it, or a label on a number the request does not hold.
VersionImportResult importVersions(Project &project, const VersionImportRequest &request);

} // namespace ps::store
