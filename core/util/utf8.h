#pragma once

#include <string_view>

// Checks that bytes are well-formed UTF-8, so text taken from a file or a reply survives JSON.
namespace ps::util {

// Strict: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(std::string_view text);

} // namespace ps::util
