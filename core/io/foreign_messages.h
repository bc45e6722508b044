#pragma once

#include "model/version_content.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

// A version's messages as a tool that only substitutes variables reads them: our Mustache
// sections and few-shot examples expanded, each variable written in that tool's own syntax.
namespace ps::io {

struct ForeignMessage
{
    std::string role;
    std::string content;
};

struct ForeignMessages
{
    std::vector<ForeignMessage> messages;
    std::vector<std::string> variables; // in order of first appearance
    std::vector<std::string> lost; // what the other tool will not read as Promptsmith does
};

// `placeholder("ticket")` is how the tool writes a variable ("{{ticket}}", "{{ ticket }}");
// `syntax` the sequences it reads as its own ("{{"). Sections on a variable are kept as if it
// were set, and said so; literal text holding `syntax`, tool messages and mocked tool calls are
// listed in `lost`. Throws tmpl::PromptTemplateError for a template that does not parse.
ForeignMessages foreignMessages(const model::VersionContent &content,
    const std::function<std::string(const std::string &)> &placeholder,
    const std::vector<std::string> &syntax);

// For a tool that can escape its syntax (Nunjucks): each stretch of literal text goes through
// `escape` (told whether a variable follows it directly), so literal text arrives as written and
// is not listed as lost.
using LiteralEscape = std::function<std::string(std::string_view literal, bool beforeVariable)>;
ForeignMessages foreignMessages(const model::VersionContent &content,
    const std::function<std::string(const std::string &)> &placeholder,
    const std::vector<std::string> &syntax, const LiteralEscape &escape);

} // namespace ps::io
