#pragma once

#include "model/prompt_record.h"
#include "store/version_import.h"

#include <string>
#include <string_view>
#include <vector>

// A version as a Markdown page for a PRD or a pull request, readable on GitHub: purpose,
// messages, variables, parameters, examples, labels and the history up to it. The version's
// content rides along in an HTML comment (invisible there), so that importing the page gives
// the version back; messages edited on the page are imported as the page shows them.
namespace ps::io {

// `history`: the prompt's versions up to and including `version`, oldest first.
std::string markdownPage(const model::PromptRecord &prompt, const model::VersionRecord &version,
    const std::vector<model::VersionRecord> &history);

bool isMarkdownPage(std::string_view text);

struct MarkdownImport
{
    store::VersionImportRequest prompt;
    std::vector<std::string> lost;
};

// Reads a page markdownPage wrote (or one written by hand in its shape: "# name", then
// "## Messages" with a "### Role" heading and a fenced block per message). Throws
// std::invalid_argument naming the line.
MarkdownImport readMarkdownPage(std::string_view text, const std::string &author, const std::string &now);

} // namespace ps::io
