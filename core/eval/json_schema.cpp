// valijson aborts the process on a bad schema unless exceptions are enabled; only this file
// includes it, so the switch cannot disagree between translation units.
#define VALIJSON_USE_EXCEPTIONS 1

#include "eval/json_schema.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <stdexcept>

namespace ps::eval {

struct JsonSchema::Compiled
{
    nlohmann::json source; // valijson keeps references into it
    valijson::Schema schema;
};

JsonSchema::JsonSchema(const nlohmann::json &schema)
    : m_compiled(std::make_unique<Compiled>())
{
    if (!schema.is_object() && !schema.is_boolean())
        throw std::invalid_argument("a JSON Schema must be an object or a boolean");
    m_compiled->source = schema;
    try {
        valijson::SchemaParser parser;
        const valijson::adapters::NlohmannJsonAdapter adapter(m_compiled->source);
        parser.populateSchema(adapter, m_compiled->schema);
    } catch (const std::exception &error) {
        throw std::invalid_argument(std::string("invalid JSON Schema: ") + error.what());
    }
}

JsonSchema::~JsonSchema() = default;

std::string JsonSchema::violation(const nlohmann::json &document) const
{
    valijson::Validator validator;
    valijson::ValidationResults results;
    const valijson::adapters::NlohmannJsonAdapter adapter(document);
    if (validator.validate(m_compiled->schema, adapter, &results))
        return {};
    // valijson lists the innermost failure first (the value that broke a constraint), then
    // each enclosing one ("failed to validate item #1"); the first is the one worth reading.
    valijson::ValidationResults::Error error;
    results.popError(error);
    std::string where;
    for (const std::string &part : error.context)
        where += part;
    return error.description + (where.empty() ? "" : " (at " + where + ")");
}

std::optional<JsonSchema::Violation> JsonSchema::deepestViolation(
    const nlohmann::json &document) const
{
    valijson::Validator validator;
    valijson::ValidationResults results;
    const valijson::adapters::NlohmannJsonAdapter adapter(document);
    if (validator.validate(m_compiled->schema, adapter, &results))
        return std::nullopt;
    Violation deepest;
    bool any = false;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        // The context reads "<root>", "[key]", "[0]", ...: the brackets go, the root is implied.
        std::vector<std::string> path;
        for (const std::string &part : error.context)
            if (part.size() >= 2 && part.front() == '[' && part.back() == ']')
                path.push_back(part.substr(1, part.size() - 2));
        if (!any || path.size() > deepest.path.size()) {
            deepest = {error.description, std::move(path)};
            any = true;
        }
    }
    return deepest;
}

} // namespace ps::eval
