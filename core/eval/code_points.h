// UTF-8 <-> code points, and the few Unicode-aware text helpers the metrics need.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ps::eval {

// Decodes UTF-8; each byte of a malformed sequence becomes U+FFFD, so any input has a length.
std::u32string toCodePoints(std::string_view utf8);
std::string toUtf8(std::u32string_view codePoints);
std::size_t countCodePoints(std::string_view utf8);

// Whitespace as Python's str.split() sees it, because the reference metrics are Python.
bool isPythonSpace(char32_t c);

// Simple one-to-one lower-casing of ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals:
// enough for case-insensitive assertions in the languages prompts are usually written in,
// without ICU. Other scripts (and special cases such as final sigma) are left as they are.
char32_t toLower(char32_t c);
std::string toLower(std::string_view utf8);

// Strips Python whitespace from both ends.
std::string_view trim(std::string_view utf8);

} // namespace ps::eval
