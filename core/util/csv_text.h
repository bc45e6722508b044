#pragma once

#include <string>

// Writing CSV (RFC 4180): the one quoting rule every CSV Promptsmith writes follows.
namespace ps::util {

// `raw` as one CSV field: quoted, with quotes doubled, when it holds a comma, a quote or a line
// break; as it is otherwise.
std::string csvField(const std::string &raw);

} // namespace ps::util
