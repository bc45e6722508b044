#include "store/names.h"

#include "store/store_error.h"
#include "util/utf8.h"

#include <algorithm>
#include <cstdint>

namespace ps::store {

namespace {

[[noreturn]] void badInput(const std::string &message)
{
    throw StoreError(StoreError::Kind::BadInput, message);
}

bool isSpace(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// C0 controls and DEL, plus the C1 controls U+0080..U+009F (UTF-8: C2 80..C2 9F).
bool hasControlCharacter(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f)
            return true;
        if (c == 0xc2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9f)
                return true;
        }
    }
    return false;
}

} // namespace

bool isAllDigits(std::string_view text)
{
    return !text.empty()
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isHex(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

void checkPromptName(std::string_view name)
{
    const std::string quoted = "'" + std::string(name) + "'";
    if (name.empty())
        badInput("a prompt name may not be empty");
    if (!util::isValidUtf8(name))
        badInput("a prompt name must be valid UTF-8");
    if (name.find('@') != std::string_view::npos)
        badInput(quoted + " is not a valid prompt name: it contains '@', which starts a reference");
    if (hasControlCharacter(name))
        badInput("a prompt name may not contain control characters");
    if (isSpace(static_cast<unsigned char>(name.front()))
        || isSpace(static_cast<unsigned char>(name.back())))
        badInput(quoted + " is not a valid prompt name: it starts or ends with whitespace");
}

void checkLabel(std::string_view label)
{
    const std::string quoted = "'" + std::string(label) + "'";
    if (label.empty())
        badInput("a label may not be empty");
    const bool allowed = std::all_of(label.begin(), label.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '.' || c == '-';
    });
    if (!allowed)
        badInput(quoted + " is not a valid label: use only letters, digits, '_', '.' and '-'");
    if (isAllDigits(label))
        badInput(quoted + " is not a valid label: it is all digits, so NAME@" + std::string(label)
            + " would mean version " + std::string(label));
}

void checkText(std::string_view text, std::string_view what)
{
    if (!util::isValidUtf8(text))
        badInput("the " + std::string(what) + " is not valid UTF-8");
    if (text.find('\0') != std::string_view::npos)
        badInput("the " + std::string(what) + " contains a NUL character");
}

} // namespace ps::store
