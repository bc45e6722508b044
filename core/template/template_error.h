#pragma once

#include <stdexcept>
#include <string>
#include <utility>

// A template that cannot be parsed: the reason and the 1-based line and column where it happened.
namespace ps::tmpl {

class TemplateError : public std::runtime_error
{
public:
    TemplateError(std::string reason, int line, int column)
        : std::runtime_error(
            "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + reason)
        , m_reason(std::move(reason))
        , m_line(line)
        , m_column(column)
    { }
    const std::string &reason() const { return m_reason; }
    int line() const { return m_line; }
    int column() const { return m_column; }

private:
    std::string m_reason;
    int m_line;
    int m_column;
};

} // namespace ps::tmpl
