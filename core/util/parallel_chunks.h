#pragma once

#include <cstddef>
#include <functional>

// Splits [0, count) into contiguous chunks and runs them on the machine's cores (the calling
// thread takes one), for CPU-bound reads such as parsing 100,000 stored cases.
namespace ps::util {

// Calls `work(begin, end)` once per chunk; the chunks cover [0, count) in order, without overlap.
// Below `serialBelow` items everything runs on the calling thread. If chunks throw, the
// exception of the lowest chunk is rethrown after all have finished, so an error names the first
// bad item in order, as a serial loop would.
void parallelChunks(std::size_t count, const std::function<void(std::size_t, std::size_t)> &work,
    std::size_t serialBelow = 2048);

} // namespace ps::util
