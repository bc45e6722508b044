#pragma once

#include <string>
#include <string_view>

// Byte-wise text helpers for protocol and configuration strings (hosts, header names,
// variables, keys): ASCII only, so no locale can change what they do.
namespace ps::util {

// `text` without leading and trailing ASCII whitespace (space, tab, CR, LF, VT, FF).
std::string_view trimAsciiSpace(std::string_view text);

// `text` with A-Z lowered; every other byte kept.
std::string asciiLower(std::string_view text);

} // namespace ps::util
