#pragma once

#include "template/mustache_template.h"

#include <string>
#include <vector>

// The parsed form of a Mustache template, shared by the parser and the renderer (internal).
namespace ps::tmpl {

struct MustacheTemplate::Node
{
    enum class Type { Root, Text, Variable, Section, Inverted, Partial };

    Type type = Type::Root;
    std::string text; // Text: the literal text; otherwise the tag's name as written
    std::vector<std::string> path; // the name split at '.'; empty for the implicit iterator "."
    bool escaped = true; // Variable: {{x}} (true) or {{{x}}} / {{&x}} (false)
    std::string indent; // Partial: the whitespace before a standalone partial tag
    int line = 1;
    int column = 1;
    std::vector<Node> children; // Root, Section, Inverted
};

// Parses `text` into a Root node; throws TemplateError.
MustacheTemplate::Node parseMustache(std::string_view text);

} // namespace ps::tmpl
