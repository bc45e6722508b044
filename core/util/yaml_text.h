#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

// YAML as JSON values: the files other tools keep their prompts in (promptfoo's config,
// GitHub's .prompt.yml, Prompty's front matter), written so they read well in a diff and read
// back the same, and read from outside with limits.
namespace ps::util {

// A YAML text that cannot be read: "line 3, column 5: ..." (1-based; the column left out when
// the fault is the line's).
class YamlError : public std::runtime_error
{
public:
    YamlError(int line, int column, const std::string &reason);
    int line() const { return m_line; }
    int column() const { return m_column; }

private:
    int m_line;
    int m_column;
};

// Block style: maps and sequences indented by two, text with newlines as `|` blocks, and every
// other string plain only where no YAML reader could take it for anything else (true, 1.5,
// null, "a: b" are quoted). Keys keep their order.
std::string yamlText(const nlohmann::ordered_json &value);

// The document as JSON: quoted and block scalars are strings; plain ones are null, booleans and
// numbers where YAML 1.2's core schema reads them so, else strings. Refuses (YamlError) what JSON
// cannot hold (a key that is not text) and hostile input: nesting deeper than kMaxJsonDepth, or
// aliases that would expand beyond a million values.
nlohmann::ordered_json parseYaml(std::string_view text);

} // namespace ps::util
