#include "eval/regex_pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdexcept>

namespace ps::eval {

namespace {
// Backtracking steps before a search gives up: a few hundred milliseconds at worst.
constexpr std::uint32_t kMatchLimit = 10'000'000;
} // namespace

struct RegexPattern::Code
{
    pcre2_code *code = nullptr;
    pcre2_match_context *context = nullptr;
};

std::shared_ptr<const RegexPattern> RegexPattern::compile(const std::string &pattern)
{
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    // UTF so that a quantifier after "é" repeats the character, not its last byte;
    // MATCH_INVALID_UTF so that an answer with broken UTF-8 is searched, not refused.
    pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
        PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errorCode, &errorOffset, nullptr);
    if (!code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(errorCode, message, sizeof message);
        throw std::invalid_argument(std::string(reinterpret_cast<const char *>(message))
            + " at offset " + std::to_string(errorOffset));
    }
    auto *holder = new Code {code, pcre2_match_context_create(nullptr)};
    pcre2_set_match_limit(holder->context, kMatchLimit);
    return std::shared_ptr<const RegexPattern>(new RegexPattern(holder));
}

RegexPattern::RegexPattern(Code *code)
    : m_code(code)
{ }

RegexPattern::~RegexPattern()
{
    pcre2_match_context_free(m_code->context);
    pcre2_code_free(m_code->code);
    delete m_code;
}

std::optional<bool> RegexPattern::search(std::string_view subject) const
{
    // Match data per call: the compiled code is shared between threads, this is not.
    pcre2_match_data *data = pcre2_match_data_create_from_pattern(m_code->code, nullptr);
    const int rc = pcre2_match(m_code->code, reinterpret_cast<PCRE2_SPTR>(subject.data()),
        subject.size(), 0, 0, data, m_code->context);
    pcre2_match_data_free(data);
    if (rc >= 0)
        return true;
    if (rc == PCRE2_ERROR_NOMATCH)
        return false;
    return std::nullopt; // match or depth limit, or no memory
}

} // namespace ps::eval
