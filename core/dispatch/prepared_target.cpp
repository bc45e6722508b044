#include "dispatch/prepared_target.h"

#include "dispatch/http_call.h"
#include "dispatch/response_cache.h"
#include "dispatch/trust_check.h"
#include "providers/echo_provider.h"
#include "providers/model_quirks.h"
#include "providers/provider_error.h"
#include "secrets/secret_store.h"
#include "util/base64.h"
#include "util/json_depth.h"

#include <utility>

namespace ps::dispatch {

namespace {

using providers::ErrorCategory;
using providers::ProviderKind;

// The echo provider has no wire format; its request is shown as an OpenAI body would carry it.
nlohmann::json renderEchoRequest(const providers::ChatRequest &request)
{
    providers::ProviderConfig config;
    config.kind = ProviderKind::OpenAi;
    config.baseUrl = "http://echo.invalid/v1";
    const auto adapter = providers::makeAdapter(ProviderKind::OpenAi);
    if (!adapter)
        return nlohmann::json::object();
    return util::parseJsonOrDiscarded(adapter->buildRequest(request, config, {}).body, true);
}

bool hasStoredImages(const providers::ChatRequest &request)
{
    for (const providers::ChatMessage &message : request.messages)
        for (const providers::ImagePart &part : message.images)
            if (!part.image.sha256.empty())
                return true;
    return false;
}

// Reads each stored image's bytes into the request; what is missing, or "".
std::string attachImageBytes(providers::ChatRequest &request,
    const std::function<std::optional<std::string>(const std::string &)> &imageBytes)
{
    for (providers::ChatMessage &message : request.messages) {
        for (providers::ImagePart &part : message.images) {
            if (part.image.sha256.empty() || !part.base64.empty())
                continue;
            const std::optional<std::string> bytes = imageBytes ? imageBytes(part.image.sha256) : std::nullopt;
            if (!bytes)
                return "image " + part.image.sha256.substr(0, 12) + " is not in the project";
            part.base64 = util::base64Encode(*bytes);
        }
    }
    return {};
}

PreparedTarget failed(PreparedTarget target, ErrorCategory category, std::string message)
{
    target.error = providers::makeError(category, std::move(message));
    return target;
}

} // namespace

PreparedTarget prepareTarget(std::shared_ptr<const TargetCall> call,
    const secrets::SecretStore &secrets, const secrets::TrustStore &trust,
    const providers::EnvLookup &env, bool withCache,
    const std::function<std::optional<std::string>(const std::string &)> &imageBytes)
{
    PreparedTarget target;
    target.call = std::move(call);
    const TargetCall &source = *target.call;
    target.base.targetId = source.targetId;
    target.base.model = source.request.model;

    target.config = providers::resolveConfig(source.provider, env);
    if (std::string problem = providers::validateConfig(target.config); !problem.empty())
        return failed(std::move(target), ErrorCategory::BadRequest, std::move(problem));
    if (source.useCache && withCache)
        target.cacheKey = cacheKey(target.config, source.request);

    providers::ChatRequest request = source.request;
    target.base.notes = providers::adaptRequestForModel(request, target.config.kind);
    if (auto refusal = providers::imageRefusal(target.config.kind, request))
        return failed(std::move(target), ErrorCategory::BadRequest, std::move(*refusal));

    if (target.config.kind == ProviderKind::Echo) {
        target.base.renderedRequest = renderEchoRequest(request);
        return target;
    }

    if (auto refusal = trustRefusal(target.config, trust))
        return failed(std::move(target), ErrorCategory::Auth, refusal->what());
    target.apiKey = secrets.apiKey(target.config).value_or(std::string());
    const std::string variable = secrets::EnvSecretStore::variableFor(target.config);
    if (target.apiKey.empty() && !variable.empty()) {
        // Named before `target` is moved: the order arguments are evaluated in is the compiler's.
        std::string message = secrets.missingKeyMessage(target.config);
        return failed(std::move(target), ErrorCategory::Auth, std::move(message));
    }
    if (secrets::hasControlCharacters(target.apiKey)) {
        target.apiKey.clear(); // never sent, and not named
        return failed(std::move(target), ErrorCategory::Auth,
            variable + " holds a control character (a line break?) inside the key; set it again");
    }

    // A target or model named after the key (a slip of the paste) must not bring it back.
    target.base.targetId = secrets::redact(std::move(target.base.targetId), target.apiKey);
    target.base.model = secrets::redact(std::move(target.base.model), target.apiKey);

    target.adapter = providers::makeAdapter(target.config.kind);
    if (!target.adapter) {
        std::string message = std::string("provider kind ") + providers::toString(target.config.kind)
            + " is not supported yet";
        return failed(std::move(target), ErrorCategory::BadRequest, std::move(message));
    }

    // What is kept with the answer names each image by hash; the body sent carries its bytes.
    const nlohmann::json shown = hasStoredImages(request)
        ? util::parseJsonOrDiscarded(target.adapter->buildRequest(request, target.config, {}).body, true)
        : nlohmann::json();
    if (std::string missing = attachImageBytes(request, imageBytes); !missing.empty())
        return failed(std::move(target), ErrorCategory::BadRequest, std::move(missing));
    target.request = target.adapter->buildRequest(request, target.config, target.apiKey);
    const std::chrono::milliseconds limit(std::chrono::seconds(target.config.timeoutSeconds));
    target.request.timeouts.connect = std::chrono::seconds(10);
    target.request.timeouts.firstByte = limit;
    target.request.timeouts.idle = limit;
    target.request.timeouts.total = std::chrono::seconds(target.config.totalTimeoutSeconds);
    target.base.renderedRequest
        = shown.is_null() ? util::parseJsonOrDiscarded(target.request.body, true) : shown;
    redactJson(target.base.renderedRequest, target.apiKey);
    return target;
}

CallOutcome answerWithEcho(const PreparedTarget &target,
    const std::function<void(std::string_view)> &onText,
    std::chrono::steady_clock::time_point start)
{
    CallOutcome outcome = target.base;
    providers::ChatRequest request = target.call->request;
    providers::adaptRequestForModel(request, target.config.kind);
    for (const providers::ChatEvent &event : providers::EchoProvider::reply(request)) {
        if (const auto *delta = std::get_if<providers::TextDelta>(&event)) {
            if (delta->text.empty())
                continue;
            if (!outcome.measurements.ttftMs)
                outcome.measurements.ttftMs = millisecondsSince(start);
            if (onText)
                onText(delta->text);
        }
        outcome.result.apply(event);
    }
    outcome.measurements.totalMs = millisecondsSince(start);
    return outcome;
}

} // namespace ps::dispatch
