#include "net/http_request.h"

namespace ps::net {

std::string_view headerValue(const Headers &headers, std::string_view lowerCaseName)
{
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

} // namespace ps::net
