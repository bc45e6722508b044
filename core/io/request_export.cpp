#include "io/request_export.h"

#include "providers/provider_adapter.h"
#include "run/target_calls.h"
#include "template/prompt_renderer.h"

#include <stdexcept>

namespace ps::io {

RequestBody requestBody(const store::Project &project, const model::VersionRecord &version,
    const std::string &targetId, const nlohmann::json &values)
{
    const tmpl::RenderedPrompt rendered = tmpl::renderPrompt(version.content, values);
    const dispatch::TargetCall call = run::buildTargetCall(
        project, targetId, run::chatMessages(rendered), version.content.params, true); // as run sends it
    RequestBody body;
    for (const std::string &name : rendered.missingVariables)
        body.lost.push_back("variable '" + name + "' has no value: it is sent empty");
    // The environment is not read: the body never depends on it, and a key must not reach it.
    providers::ProviderConfig config = providers::resolveConfig(
        call.provider, [](const std::string &) { return std::optional<std::string>(); });
    if (config.kind == providers::ProviderKind::Echo) {
        // Echo sends nothing; its request is shown as an OpenAI body would carry it.
        config.kind = providers::ProviderKind::OpenAi;
        config.baseUrl = "http://echo.invalid/v1";
        body.lost.push_back("target '" + targetId + "' is the built-in echo, which sends nothing: "
            "this is the OpenAI body the same request would be");
    }
    const auto adapter = providers::makeAdapter(config.kind);
    if (!adapter)
        throw std::invalid_argument(std::string("provider kind ") + providers::toString(config.kind)
            + " has no request format yet");
    body.kind = providers::toString(config.kind);
    const nlohmann::ordered_json parsed
        = nlohmann::ordered_json::parse(adapter->buildRequest(call.request, config, {}).body);
    body.text = parsed.dump(2) + "\n";
    return body;
}

} // namespace ps::io
