#pragma once

#include <string>
#include <string_view>

// Text from models and project files made safe to show on a terminal: an escape sequence in an
// answer or a prompt could otherwise move the cursor, rewrite what was printed or retitle the
// window.
namespace ps::util {

// `text` with every control character but line feed and tab shown as an escape: "\x1b", "\r"
// as "\x0d", DEL as "\x7f", and the C1 controls (U+0080..U+009F) as "\u0085". Everything else,
// UTF-8 included, is kept as it is.
std::string escapeControlCharacters(std::string_view text);

} // namespace ps::util
