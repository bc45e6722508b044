#include "store/stored_text.h"

#include "util/json_depth.h"
#include "util/utf8.h"

#include <algorithm>

namespace ps::store {

using nlohmann::json;

std::string jsonText(const json &value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string safeText(const std::string &text)
{
    if (util::isValidUtf8(text) && text.find('\0') == std::string::npos)
        return text;
    const std::string dumped = json(text).dump(-1, ' ', false, json::error_handler_t::replace);
    std::string repaired = util::parseJson(dumped).get<std::string>();
    std::erase(repaired, '\0');
    return repaired;
}

} // namespace ps::store
