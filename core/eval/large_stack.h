// Runs a function on a thread with a stack of a chosen size, for deeply recursive library code.
#pragma once

#include <cstddef>
#include <functional>

namespace ps::eval {

// libstdc++'s std::regex matches by recursion, one level per input character for patterns such
// as "(a|b)*", and overflows an 8 MB stack on a 20,000-character answer. This runs `work` on a
// thread whose stack is `stackBytes` (reserved, touched only as used) and waits for it;
// exceptions thrown by `work` are rethrown here. Throws std::runtime_error if no such thread
// can be started.
void runOnLargeStack(std::size_t stackBytes, const std::function<void()> &work);

} // namespace ps::eval
