#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// Where something is in JSON text, for marking a problem in an editor: a byte offset as a line
// and column, and the place a value named by its path begins.
namespace ps::util {

struct TextPosition
{
    int line = 1; // 1-based
    int column = 1; // 1-based, in bytes
};

TextPosition positionOfOffset(std::string_view text, std::size_t offset);

// Where the value at `path` (object keys and array indexes as decimal text, outermost first)
// begins in `text`, which must be valid JSON; where a step is missing, the deepest value found.
TextPosition locateJsonPath(std::string_view text, const std::vector<std::string> &path);

} // namespace ps::util
