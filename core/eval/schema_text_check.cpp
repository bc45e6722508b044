#include "eval/schema_text_check.h"

#include "eval/json_schema.h"
#include "eval/schema_resources.h"
#include "util/json_depth.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <stdexcept>
#include <vector>

namespace ps::eval {

namespace {

using nlohmann::json;

// The draft-07 meta-schema, compiled once: a schema is valid when it conforms to it.
const JsonSchema &metaSchema()
{
    static const JsonSchema compiled(
        util::parseJson(*schemaResource("json-schema-draft-07.json")));
    return compiled;
}

// Parses `text`, or says where it stops being JSON.
std::optional<TextProblem> parse(std::string_view text, json &out)
{
    try {
        out = util::parseJson(text);
        return std::nullopt;
    } catch (const util::JsonTooDeep &error) {
        return TextProblem {"nested deeper than any schema needs", util::positionOfOffset(text, error.offset())};
    } catch (const json::parse_error &error) {
        // nlohmann says "[json.exception.parse_error.101] parse error at line 3, column 5:
        // syntax error while parsing ..."; the position is shown by the mark, the rest is read.
        std::string reason = error.what();
        if (const auto colon = reason.find(": ", reason.find("parse error")); colon != std::string::npos)
            reason = reason.substr(colon + 2);
        const std::size_t byte = error.byte > 0 ? error.byte - 1 : 0;
        return TextProblem {"not JSON: " + reason, util::positionOfOffset(text, byte)};
    }
}

// "properties › label › type: ", the steps after the first `hidden` ones ("" for none).
std::string where(const std::vector<std::string> &path, std::size_t hidden)
{
    std::string out;
    for (std::size_t i = hidden; i < path.size(); ++i)
        out += (out.empty() ? "" : " › ") + path[i];
    return out.empty() ? out : out + ": ";
}

// What a keyword takes, in words, for the mistakes people make most; "" for the rest, where
// valijson's own sentence is shown.
std::string expected(const std::string &keyword)
{
    static const std::map<std::string, std::string> words = {
        {"type", "not a JSON Schema type (use array, boolean, integer, null, number, object or "
                 "string)"},
        {"required", "a list of property names, e.g. [\"label\"]"},
        {"properties", "an object with a schema for each property"},
        {"definitions", "an object with a schema for each name"},
        {"enum", "a list of the allowed values"},
        {"minLength", "a whole number, 0 or more"},
        {"maxLength", "a whole number, 0 or more"},
        {"minItems", "a whole number, 0 or more"},
        {"maxItems", "a whole number, 0 or more"},
        {"minProperties", "a whole number, 0 or more"},
        {"maxProperties", "a whole number, 0 or more"},
        {"additionalProperties", "a schema, or true or false"},
        {"items", "a schema, or a list of schemas"},
    };
    const auto found = words.find(keyword);
    return found == words.end() ? std::string() : found->second;
}

// `schema` (found at `prefix` in `text`, whose first `hidden` steps the message leaves out)
// against the meta-schema and valijson's own parser.
std::optional<TextProblem> checkSchemaValue(std::string_view text, const json &schema,
    const std::vector<std::string> &prefix, std::size_t hidden = 0)
{
    if (!schema.is_object())
        return TextProblem {where(prefix, hidden)
                + "a schema is a JSON object, e.g. {\"type\": \"object\", \"properties\": {…}}",
            util::locateJsonPath(text, prefix)};
    if (auto violation = metaSchema().deepestViolation(schema)) {
        std::vector<std::string> path = prefix;
        path.insert(path.end(), violation->path.begin(), violation->path.end());
        std::string message = violation->path.empty() ? std::string() : expected(path.back());
        if (message.empty())
            message = violation->description;
        return TextProblem {where(path, hidden) + message, util::locateJsonPath(text, path)};
    }
    try {
        JsonSchema compiled(schema); // what the meta-schema cannot see: a $ref to nowhere
    } catch (const std::invalid_argument &error) {
        return TextProblem {error.what(), util::locateJsonPath(text, prefix)};
    }
    return std::nullopt;
}

bool isFunctionName(const std::string &name)
{
    if (name.empty() || name.size() > 64)
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-'))
            return false;
    return true;
}

} // namespace

std::optional<TextProblem> checkSchemaText(std::string_view text)
{
    json schema;
    if (auto problem = parse(text, schema))
        return problem;
    return checkSchemaValue(text, schema, {});
}

std::optional<TextProblem> checkToolsText(std::string_view text)
{
    json tools;
    if (auto problem = parse(text, tools))
        return problem;
    if (!tools.is_array())
        return TextProblem {"a list of tools is a JSON list: [{\"name\": …, \"description\": …, "
                            "\"parameters\": {…}}]",
            util::TextPosition {}};
    std::set<std::string> names;
    for (std::size_t i = 0; i < tools.size(); ++i) {
        const json &tool = tools[i];
        const std::string at = std::to_string(i);
        const std::string which = "tool " + std::to_string(i + 1);
        if (!tool.is_object())
            return TextProblem {which + " is not an object", util::locateJsonPath(text, {at})};
        const auto name = tool.find("name");
        if (name == tool.end() || !name->is_string())
            return TextProblem {which + " needs a \"name\"", util::locateJsonPath(text, {at})};
        const std::string toolName = name->get<std::string>();
        if (!isFunctionName(toolName))
            return TextProblem {which + ": \"" + toolName
                    + "\" is not a function name (letters, digits, '_' and '-', at most 64)",
                util::locateJsonPath(text, {at, "name"})};
        if (!names.insert(toolName).second)
            return TextProblem {which + ": another tool is called \"" + toolName + "\"",
                util::locateJsonPath(text, {at, "name"})};
        if (const auto description = tool.find("description");
            description != tool.end() && !description->is_string())
            return TextProblem {which + ": \"description\" is text",
                util::locateJsonPath(text, {at, "description"})};
        if (const auto parameters = tool.find("parameters"); parameters != tool.end()) {
            if (auto problem = checkSchemaValue(text, *parameters, {at, "parameters"}, 1)) {
                problem->message = which + " (" + toolName + "): " + problem->message;
                return problem;
            }
            if (parameters->value("type", json()) != "object")
                return TextProblem {which + " (" + toolName
                        + "): its parameters are a schema of \"type\": \"object\"",
                    util::locateJsonPath(text, {at, "parameters"})};
        }
    }
    return std::nullopt;
}

} // namespace ps::eval
