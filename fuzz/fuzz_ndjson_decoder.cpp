// NdjsonDecoder on arbitrary bytes, whole and in two pieces: the same lines either way.
#include "net/ndjson_decoder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view bytes(reinterpret_cast<const char *>(data) + 1, size - 1);
    const std::size_t cut = std::min<std::size_t>(data[0] % size, bytes.size());
    ps::net::NdjsonDecoder whole;
    auto once = whole.feed(bytes);
    if (auto rest = whole.finish(); !rest.empty())
        once.push_back(rest);
    ps::net::NdjsonDecoder split;
    auto pieces = split.feed(bytes.substr(0, cut));
    for (auto &line : split.feed(bytes.substr(cut)))
        pieces.push_back(std::move(line));
    if (auto rest = split.finish(); !rest.empty())
        pieces.push_back(rest);
    if (once != pieces)
        std::abort();
    return 0;
}
