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

struct ValueChange
{
    std::string key; // a parameter or variable name, or a field path
    nlohmann::json before; // null when added
    nlohmann::json after; // null when removed
};

struct MessageDiff
{
    ChangeKind kind = ChangeKind::Same;
    int oldIndex = -1; // -1 when added
    int newIndex = -1; // -1 when removed
    std::string oldRole;
    std::string newRole;
    // Same messages: empty. Added/Removed: every line. Changed: every line, Same ones included,
    // so a view can show the whole message with its changes in place.
    std::vector<LineChange> lines;
    std::vector<ValueChange> fields; // Changed: "tool_call_id" / "tool_calls" when they differ
};

struct ExampleChange
{
    ChangeKind kind = ChangeKind::Same;
    int oldIndex = -1;
    int newIndex = -1;
    std::vector<ValueChange> fields; // for Changed: "output", "input.<name>", "note", ...
    std::string summary; // one line a reader recognises: ticket="charged twice…" → billing
};

struct VersionDiff
{
    std::vector<MessageDiff> messages; // aligned: every message of both versions, in order
    // Only what differs: params by key, variables by name, examples aligned by content.
    std::vector<ValueChange> params;
    std::vector<ValueChange> variables;
    std::vector<ExampleChange> examples;
    std::string oldExamplesMode;
    std::string newExamplesMode;

    bool identical() const;
    // {"identical", "messages": [{"kind", "old_index", "new_index", "old_role", "new_role",
    //   "lines": [{"kind", "old", "new", "words": [{"kind", "text"}]}], "fields"}],
    //  "params" / "variables": [{"key", "before", "after"}],
    //  "examples": [{"kind", "old_index", "new_index", "fields", "summary"}],
    //  "examples_mode": {"before", "after"} or null}. Indexes are 0-based, null when absent.
    nlohmann::json toJson() const;
    // Plain text for a terminal: "- "/"+ " lines, changed words in [-old-]{+new+}.
    std::string toText() const;
};

const char *toString(ChangeKind kind); // "same", "added", "removed", "changed"
// A parameter's or variable's value as every diff shows it: "unset", 0 for 0.0, a long value
// cut with an ellipsis.
std::string valueText(const nlohmann::json &value);

VersionDiff diffVersions(const model::VersionContent &before, const model::VersionContent &after);

} // namespace ps::diff
