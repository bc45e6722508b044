#pragma once

#include "model/version_content.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// What changed between two versions: messages line by line with changed
// words marked, parameters, variables and few-shot examples.
namespace ps::diff {

enum class ChangeKind { Same, Added, Removed, Changed };

struct WordSpan
{
    ChangeKind kind = ChangeKind::Same; // Same, Added or Removed
    std::string text;
};

struct LineChange
{
    ChangeKind kind = ChangeKind::Same;
    std::string oldText; // empty for Added
    std::string newText; // empty for Removed
    std::vector<WordSpan> words; // for Changed: the old and new line's words interleaved
};

struct MessageDiff
{
    ChangeKind kind = ChangeKind::Same;
    int oldIndex = -1; // -1 when added
    int newIndex = -1; // -1 when removed
    std::string oldRole;
    std::string newRole;
    std::vector<LineChange> lines;
};

struct ValueChange
{
    std::string key; // a parameter or variable name, or a field path
    nlohmann::json before; // null when added
    nlohmann::json after; // null when removed
};

struct ExampleChange
{
    ChangeKind kind = ChangeKind::Same;
    int oldIndex = -1;
    int newIndex = -1;
    std::vector<ValueChange> fields; // for Changed
};

struct VersionDiff
{
    std::vector<MessageDiff> messages;
    std::vector<ValueChange> params;
    std::vector<ValueChange> variables;
    std::vector<ExampleChange> examples;
    std::string oldExamplesMode;
    std::string newExamplesMode;

    bool identical() const;
    nlohmann::json toJson() const;
    // Plain text for a terminal: "- "/"+ " lines, changed words in [-old-]{+new+}.
    std::string toText() const;
};

VersionDiff diffVersions(const model::VersionContent &before, const model::VersionContent &after);

} // namespace ps::diff
