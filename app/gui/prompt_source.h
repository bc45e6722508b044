#pragma once

#include "model/version_content.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

// What the comparison runner sends: the editor's current prompt and variable values.
namespace ps::app {

struct PromptSnapshot
{
    model::VersionContent content; // the editor's content (draft or saved), unrendered
    nlohmann::json variables = nlohmann::json::object(); // variable name -> string value
    std::string promptName; // empty when no prompt is open
    int baseVersion = 0; // the saved version the content starts from (0: none)
    bool isDraft = false; // edited since baseVersion was saved or opened
};

// Called on the GUI thread; returns a copy, so the runner may hand it to worker threads.
using PromptSource = std::function<PromptSnapshot()>;
// Comparing versions: version `number` of the open prompt with the editor's variable values;
// none when the prompt has no such version.
using VersionSource = std::function<std::optional<PromptSnapshot>(int number)>;

} // namespace ps::app
