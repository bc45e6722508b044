#include "providers/json_fields.h"
#include "util/json_depth.h"

namespace ps::providers::json_fields {

using nlohmann::json;

std::optional<long long> countAt(const json &object, const char *key)
{
    if (!object.is_object())
        return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number())
        return std::nullopt;
    return it->is_number_float() ? static_cast<long long>(it->get<double>()) : it->get<long long>();
}

std::string stringAt(const json &object, const char *key)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json &memberAt(const json &object, const char *key)
{
    static const json none;
    if (!object.is_object())
        return none;
    const auto it = object.find(key);
    return it != object.end() ? *it : none;
}

const json *objectAt(const json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it != object.end() && it->is_object() ? &*it : nullptr;
}

const json &functionOf(const json &item)
{
    if (const json *function = objectAt(item, "function"))
        return *function;
    return item;
}

json argumentsObject(const json &arguments)
{
    if (arguments.is_object())
        return arguments;
    if (arguments.is_string()) {
        const json parsed = util::parseJsonOrDiscarded(arguments.get<std::string>());
        if (parsed.is_object())
            return parsed;
    }
    return json::object();
}

std::string_view withoutLeadingSpace(std::string_view body)
{
    const auto first = body.find_first_not_of(" \t\r\n");
    return first == std::string_view::npos ? std::string_view("") : body.substr(first);
}

std::vector<TokenLogprob> tokenLogprobs(const nlohmann::json &tokens)
{
    std::vector<TokenLogprob> out;
    if (!tokens.is_array())
        return out;
    for (const nlohmann::json &entry : tokens) {
        const nlohmann::json &logprob = memberAt(entry, "logprob");
        if (!logprob.is_number())
            continue;
        TokenLogprob token {stringAt(entry, "token"), logprob.get<double>(), {}};
        const nlohmann::json &top = memberAt(entry, "top_logprobs");
        if (top.is_array())
            for (const nlohmann::json &alternative : top)
                if (const nlohmann::json &value = memberAt(alternative, "logprob");
                    value.is_number())
                    token.top.emplace_back(stringAt(alternative, "token"), value.get<double>());
        out.push_back(std::move(token));
    }
    return out;
}

} // namespace ps::providers::json_fields
