#include "run/key_redaction.h"

#include "secrets/secret_store.h"

#include <algorithm>

namespace ps::run {

std::vector<std::string> chainKeys(
    const dispatch::TargetCall &call, const secrets::SecretStore &secrets)
{
    std::vector<std::string> keys;
    for (const dispatch::TargetCall *link = &call; link; link = link->fallback.get()) {
        auto key = secrets.apiKey(link->provider);
        if (key && std::find(keys.begin(), keys.end(), *key) == keys.end())
            keys.push_back(std::move(*key));
    }
    return keys;
}

std::string redactKeys(std::string text, const std::vector<std::string> &keys)
{
    for (const std::string &key : keys)
        text = secrets::redact(std::move(text), key);
    return text;
}

dispatch::CallOutcome redactOutcome(
    const dispatch::CallOutcome &outcome, const std::vector<std::string> &keys)
{
    dispatch::CallOutcome copy = outcome;
    if (keys.empty())
        return copy;
    copy.result.text = redactKeys(copy.result.text, keys);
    if (copy.result.error)
        copy.result.error->message = redactKeys(copy.result.error->message, keys);
    if (!copy.renderedRequest.is_null())
        copy.renderedRequest = nlohmann::json::parse(redactKeys(
            copy.renderedRequest.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
            keys));
    return copy;
}

} // namespace ps::run
