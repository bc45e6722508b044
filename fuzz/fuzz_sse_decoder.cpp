// SseDecoder on arbitrary bytes, fed whole and in two pieces split where the first byte says:
// both must give the same events.
#include "net/sse_decoder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::size_t cut = data[0] % size;
    const std::string_view bytes(reinterpret_cast<const char *>(data) + 1, size - 1);
    ps::net::SseDecoder whole;
    const auto once = whole.feed(bytes);
    whole.finish();
    ps::net::SseDecoder split;
    auto pieces = split.feed(bytes.substr(0, std::min(cut, bytes.size())));
    for (auto &event : split.feed(bytes.substr(std::min(cut, bytes.size()))))
        pieces.push_back(std::move(event));
    split.finish();
    if (once.size() != pieces.size())
        std::abort(); // where a stream is cut must not change what it says
    return 0;
}
