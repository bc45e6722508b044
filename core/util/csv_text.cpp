#include "util/csv_text.h"

namespace ps::util {

std::string csvField(const std::string &raw)
{
    if (raw.find_first_of(",\"\r\n") == std::string::npos)
        return raw;
    std::string quoted = "\"";
    for (const char c : raw) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

} // namespace ps::util
