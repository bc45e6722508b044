#pragma once

#include "model/prompt_record.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ps::store {
class Project;
}

// The engineering hand-off beside Copy as Code: the request body a target sends for a version,
// exactly as its kind's wire format has it (OpenAI Chat Completions, Anthropic Messages, Gemini,
// Ollama), with the variables filled in, streamed as `run`, `eval` and the panes ask. Keys travel
// in headers and are never in it.
namespace ps::io {

struct RequestBody
{
    std::string text; // the body, pretty-printed JSON
    std::string kind; // the wire format: "openai", "anthropic", ...
    std::vector<std::string> lost; // "variable 'ticket' has no value: sent empty"
};

// `values`: variable name -> text (the version's defaults fill the gaps). Throws store NotFound
// for an unknown target, run::TargetCallError for its invalid parameters, tmpl errors.
RequestBody requestBody(const store::Project &project, const model::VersionRecord &version,
    const std::string &targetId, const nlohmann::json &values);

} // namespace ps::io
