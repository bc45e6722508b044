#pragma once

#include <string>
#include <string_view>
#include <vector>

// Byte-wise text helpers for protocol and configuration strings (hosts, header names,
// variables, keys): ASCII only, so no locale can change what they do.
namespace ps::util {

// `text` without leading and trailing ASCII whitespace (space, tab, CR, LF, VT, FF).
std::string_view trimAsciiSpace(std::string_view text);

// `text` with A-Z lowered; every other byte kept.
std::string asciiLower(std::string_view text);

// `text` safe in a Markdown table cell or line: |, \ and ` escaped with a backslash.
std::string markdownCell(std::string_view text);

// The parts with `separator` between them ("a, b, c").
std::string join(const std::vector<std::string> &parts, std::string_view separator = ", ");

} // namespace ps::util
