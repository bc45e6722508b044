// The depth check before any JSON is parsed: text it lets through is never deeper than the cap,
// so copying and printing it stays safe.
#include "util/json_depth.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const nlohmann::json value = ps::util::parseJsonOrDiscarded(text);
    if (!value.is_discarded()) {
        const nlohmann::json copy = value;
        (void)copy.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return 0;
}
