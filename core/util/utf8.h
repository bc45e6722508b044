#pragma once

#include <cstddef>
#include <string_view>

// Reading UTF-8 by the one strict rule (RFC 3629), so text taken from a file or a reply survives
// JSON, and every part of the program agrees on what a character is.
namespace ps::util {

struct Utf8Character
{
    char32_t codePoint = 0;
    std::size_t length = 0; // bytes; 0: no well-formed character starts there
};

// The character starting at byte `at` of `text`. Length 0 for a byte that cannot start one, a
// sequence cut off by the end, an overlong form, a surrogate or a value past U+10FFFF.
Utf8Character decodeUtf8(std::string_view text, std::size_t at);

// Every byte belongs to a well-formed character.
bool isValidUtf8(std::string_view text);

// How much of `text` to take now when more may follow: all of it but a character cut off at its
// end (a streamed piece that split one). Malformed bytes are not waited for.
std::size_t wholeCharactersPrefix(std::string_view text);

} // namespace ps::util
