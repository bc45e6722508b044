#pragma once

#include "model/version_content.h"

#include <optional>
#include <string>
#include <vector>

// A prompt and one of its versions as the project holds them (DESIGN.md "Domain"): the records
// the store reads and the views show.
namespace ps::model {

struct PromptRecord
{
    std::int64_t id = 0;
    std::string name;
    std::string description;
    std::vector<std::string> tags;
    std::string created; // ISO 8601 UTC, e.g. 2026-11-29T10:42:00Z
    int versionCount = 0;
    int latestNumber = 0; // 0 when the prompt has no version yet
};

struct VersionRecord
{
    std::int64_t id = 0;
    std::string promptName;
    int number = 0;
    std::string hash; // SHA-256 hex of the normalised content
    std::optional<int> parentNumber;
    std::string author;
    std::string created; // ISO 8601 UTC
    std::string message;
    std::vector<std::string> labels; // sorted
    VersionContent content;
};

} // namespace ps::model
