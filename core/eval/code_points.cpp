#include "eval/code_points.h"

#include "util/utf8.h"

namespace ps::eval {

namespace {

constexpr char32_t replacement = 0xFFFD;

} // namespace

std::u32string toCodePoints(std::string_view utf8)
{
    std::u32string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const util::Utf8Character character = util::decodeUtf8(utf8, i);
        // Each byte of a malformed sequence is one replacement character.
        out.push_back(character.length ? character.codePoint : replacement);
        i += character.length ? character.length : 1;
    }
    return out;
}

std::string toUtf8(std::u32string_view codePoints)
{
    std::string out;
    out.reserve(codePoints.size());
    for (char32_t c : codePoints) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

std::size_t countCodePoints(std::string_view utf8)
{
    return toCodePoints(utf8).size();
}

bool isPythonSpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0
        || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
        || c == 0x205F || c == 0x3000;
}

char32_t toLower(char32_t c)
{
    if (c >= U'A' && c <= U'Z')
        return c + 32;
    if (c < 0x80)
        return c;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
        || (c >= 0x410 && c <= 0x42F))
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    // Greek capitals with tonos do not sit 32 below their small letters.
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    // Latin Extended-A mostly pairs a capital with the next code point: even capitals up to
    // U+0137 and from U+014A, odd ones in U+0139..U+0148 and U+0179..U+017E. Dotted İ becomes
    // a plain i (Unicode adds a combining dot, which would stop "İSTANBUL" matching "istanbul").
    if (c == 0x130)
        return U'i';
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return (c % 2 == 0) ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178)
        return 0xFF;
    return c;
}

std::string toLower(std::string_view utf8)
{
    std::u32string text = toCodePoints(utf8);
    for (char32_t &c : text)
        c = toLower(c);
    return toUtf8(text);
}

std::string_view trim(std::string_view utf8)
{
    const std::u32string text = toCodePoints(utf8);
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isPythonSpace(text[begin]))
        ++begin;
    while (end > begin && isPythonSpace(text[end - 1]))
        --end;
    // Map code point positions back to bytes: whitespace at the ends is what was stripped.
    const std::size_t head = toUtf8(text.substr(0, begin)).size();
    const std::size_t tail = toUtf8(text.substr(end)).size();
    return utf8.substr(head, utf8.size() - head - tail);
}

} // namespace ps::eval
