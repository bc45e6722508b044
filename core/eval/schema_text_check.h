#pragma once

#include "util/json_locator.h"

#include <optional>
#include <string>
#include <string_view>

// JSON typed into an editor — a structured output's schema, a list of tools — checked as the
// user types: what is wrong, and the line and column to mark.
namespace ps::eval {

struct TextProblem
{
    std::string message; // one sentence, e.g. "properties › label › type: "strin" is not a type …"
    util::TextPosition position;
};

// A JSON Schema (draft 7) as typed: nullopt when it parses, is an object and is a valid schema.
std::optional<TextProblem> checkSchemaText(std::string_view text);

// A list of tools as typed: a JSON list of {"name", "description", "parameters"}, each name a
// function name providers take (letters, digits, '_' and '-', at most 64), each parameters a
// valid JSON Schema of an object, no name twice.
std::optional<TextProblem> checkToolsText(std::string_view text);

} // namespace ps::eval
