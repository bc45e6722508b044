#pragma once

// Text placed in HTML or SVG: the five characters that could end it escaped.

#include <string>
#include <string_view>

namespace ps::util {

std::string htmlEscaped(std::string_view text);

} // namespace ps::util
