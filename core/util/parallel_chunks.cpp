#include "parallel_chunks.h"

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace ps::util {

void parallelChunks(
    std::size_t count, const std::function<void(std::size_t, std::size_t)> &work, std::size_t serialBelow)
{
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t chunks = count < serialBelow ? 1 : std::min<std::size_t>(cores, 8);
    if (chunks <= 1) {
        if (count > 0)
            work(0, count);
        return;
    }
    std::vector<std::exception_ptr> errors(chunks);
    const auto run = [&](std::size_t chunk) {
        try {
            work(count * chunk / chunks, count * (chunk + 1) / chunks);
        } catch (...) {
            errors[chunk] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(chunks - 1);
    for (std::size_t chunk = 1; chunk < chunks; ++chunk)
        threads.emplace_back(run, chunk);
    run(0);
    for (std::thread &thread : threads)
        thread.join();
    for (const std::exception_ptr &error : errors)
        if (error)
            std::rethrow_exception(error);
}

} // namespace ps::util
