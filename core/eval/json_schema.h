// A compiled JSON Schema (draft 7, via valijson) that checks documents and explains failures.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ps::eval {

class JsonSchema
{
public:
    // Throws std::invalid_argument naming the problem when the schema itself is malformed.
    explicit JsonSchema(const nlohmann::json &schema);
    ~JsonSchema();
    JsonSchema(const JsonSchema &) = delete;
    JsonSchema &operator=(const JsonSchema &) = delete;

    // Empty when the document conforms; otherwise the first violation and where it is.
    std::string violation(const nlohmann::json &document) const;

    struct Violation
    {
        std::string description; // valijson's sentence
        std::vector<std::string> path; // keys and array indexes, outermost first
    };
    // The most specific violation (the deepest path), to point at in an editor; nullopt when the
    // document conforms.
    std::optional<Violation> deepestViolation(const nlohmann::json &document) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> m_compiled;
};

} // namespace ps::eval
