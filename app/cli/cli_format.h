#pragma once

// Shared output shapes of promptsmith-cli: JSON views of records and aligned text tables.

#include "store/project.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ps::cli {

// {"number", "hash", "labels", "message", "author", "created", "parent"} (CLI.md version list).
nlohmann::json versionSummaryJson(const model::VersionRecord &version);
// {"name", "description", "tags", "versions", "created"} (prompt list).
nlohmann::json promptJson(const model::PromptRecord &prompt);

// "2026-11-29T09:55:00Z" -> "2026-11-29 09:55" (UTC, as stored).
std::string shortTimestamp(const std::string &iso);
// The first 7 hex digits, the least a REF accepts.
std::string shortHash(const std::string &hash);
// NAME@N, the canonical reference of a version.
std::string versionRef(const model::VersionRecord &version);
std::string joined(const std::vector<std::string> &parts, const std::string &separator);
// `text` on one line (line breaks and tabs as spaces), cut to `limit` characters with an ellipsis.
std::string brief(const std::string &text, std::size_t limit = 40);

// Rows of cells printed as columns separated by two spaces, each padded to its widest cell.
class TextTable
{
public:
    void addRow(std::vector<std::string> cells);
    std::string toString() const;

private:
    std::vector<std::vector<std::string>> m_rows;
};

} // namespace ps::cli
