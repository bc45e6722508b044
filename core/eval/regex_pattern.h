#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

// A compiled regular expression (PCRE2, UTF-8 aware) whose search is bounded, so a
// pathological pattern or a long answer costs a refusal rather than minutes or a crash.
namespace ps::eval {

class RegexPattern
{
public:
    // Throws std::invalid_argument with PCRE2's reason and the offset when `pattern` is invalid.
    static std::shared_ptr<const RegexPattern> compile(const std::string &pattern);
    ~RegexPattern();
    RegexPattern(const RegexPattern &) = delete;
    RegexPattern &operator=(const RegexPattern &) = delete;

    // Whether the pattern matches anywhere in `subject`; nullopt when the search gave up
    // (its backtracking limit was reached). Safe to call from several threads at once.
    std::optional<bool> search(std::string_view subject) const;

private:
    struct Code;
    explicit RegexPattern(Code *code);
    Code *m_code;
};

} // namespace ps::eval
