// provider add/list/trust/untrust and target add/list: where prompts are sent, stored without
// any key, and which destinations this machine approved.

#include "cli_format.h"
#include "commands.h"
#include "secret_service.h"
#include "target_params.h"

#include "dispatch/connection_test.h"
#include "dispatch/engine.h"
#include "dispatch/trust_check.h"
#include "net/url_parts.h"
#include "providers/provider_config.h"
#include "secrets/secret_store.h"
#include "secrets/trust_store.h"
#include "store/provider_catalog.h"

#include <sstream>

namespace ps::cli {

namespace {

using providers::ProviderKind;

// An environment variable's name. Checked so that a key pasted by mistake in place of its
// variable's name is refused, and never stored nor repeated in the message.
bool isVariableName(const std::string &text)
{
    if (text.empty() || text.size() > 128 || (text[0] >= '0' && text[0] <= '9'))
        return false;
    for (const char c : text) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '_'))
            return false;
    }
    return true;
}

[[noreturn]] void badProvider(const std::string &message)
{
    throw CliError(ExitBadInput, "bad_input", message);
}

providers::ProviderConfig configFrom(const ProviderAddArgs &args)
{
    const auto kind = providers::providerKindFromString(args.kind);
    if (!kind) // CLI11 checks the word; this is the belt to its braces
        throw CliError(ExitUsage, "usage", "unknown provider kind " + quoted(args.kind));
    const std::string name = "provider " + quoted(args.id);
    if (*kind == ProviderKind::Echo && (args.baseUrl || args.apiKeyEnv || args.keyInKeychain))
        badProvider(name
            + ": the echo provider has no URL and no key (drop --base-url, --api-key-env and "
              "--key-in-keychain)");
    if (args.apiVersion && *kind != ProviderKind::AzureOpenAi)
        badProvider(name + ": --api-version applies to azure-openai only");
    if (args.apiKeyEnv && !isVariableName(*args.apiKeyEnv))
        badProvider(name
            + ": --api-key-env takes the NAME of an environment variable (letters, digits and "
              "'_', e.g. OPENAI_API_KEY), never the key itself");

    providers::ProviderConfig config;
    config.id = args.id;
    config.kind = *kind;
    config.baseUrl = args.baseUrl.value_or("");
    config.apiKeyEnv = args.apiKeyEnv.value_or("");
    config.keyInKeychain = args.keyInKeychain;
    config.apiVersion = args.apiVersion.value_or("");
    config.concurrency = args.concurrency;
    config.rpm = args.rpm;
    config.timeoutSeconds = args.timeoutSeconds;
    config.totalTimeoutSeconds = args.totalTimeoutSeconds;
    return config;
}

// "yes", "no", "offline" (echo) or "refused" (`problem`, validateConfig's reason, stops every
// send).
std::string trustWord(const providers::ProviderConfig &resolved, const std::string &problem,
    const secrets::TrustStore &trust)
{
    if (resolved.kind == ProviderKind::Echo)
        return "offline";
    if (!problem.empty())
        return "refused";
    return dispatch::trustRefusal(resolved, trust) ? "no" : "yes";
}

nlohmann::json providerJson(
    const providers::ProviderConfig &config, const secrets::TrustStore &trust)
{
    const providers::ProviderConfig resolved
        = providers::resolveConfig(config, providers::systemEnvironment());
    nlohmann::json json = config.toJson();
    // A user-info part may hold a password, and hides the real host: neither is shown.
    json["base_url"] = net::withoutUserInfo(config.baseUrl);
    // What would be used now, after defaults and the environment; whether a key is set, but
    // never the key; the host requests really reach, and whether this machine approved it.
    json["resolved_base_url"] = net::withoutUserInfo(resolved.baseUrl);
    const std::optional<secrets::ProviderDestination> destination
        = secrets::destinationOf(resolved);
    json["host"] = destination ? nlohmann::json(destination->host) : nlohmann::json();
    const std::string problem = providers::validateConfig(resolved);
    json["trust"] = trustWord(resolved, problem, trust);
    if (!problem.empty())
        json["refused"] = problem;
    const std::string variable = secrets::EnvSecretStore::variableFor(resolved);
    json["key_variable"] = variable.empty() ? nlohmann::json() : nlohmann::json(variable);
    json["key_set"] = !variable.empty()
        && secrets::KeychainSecretStore(providers::systemEnvironment(), secretServiceLookup())
               .apiKey(resolved)
               .has_value();
    return json;
}

secrets::TrustStore machineTrust()
{
    return secrets::TrustStore::forThisMachine(providers::systemEnvironment());
}

nlohmann::json targetJson(const store::TargetRecord &target)
{
    return {
        {"id", target.id},
        {"provider", target.providerId},
        {"model", target.model},
        {"params", target.params},
        {"fallback",
            target.fallbackTargetId ? nlohmann::json(*target.fallbackTargetId) : nlohmann::json()},
        {"fallback_below_logprob",
            target.fallbackMinLogprob ? nlohmann::json(*target.fallbackMinLogprob)
                                      : nlohmann::json()},
        {"created", target.created},
    };
}

// "big", or "big (below -0.5)" when low confidence falls back too.
std::string fallbackText(const store::TargetRecord &target)
{
    if (!target.fallbackTargetId)
        return "-";
    std::string text = *target.fallbackTargetId;
    if (target.fallbackMinLogprob) {
        std::ostringstream threshold;
        threshold << *target.fallbackMinLogprob;
        text += " (below " + threshold.str() + ")";
    }
    return text;
}

} // namespace

void runProviderAdd(const CliContext &ctx, const ProviderAddArgs &args)
{
    const providers::ProviderConfig config = configFrom(args);
    const store::Project project = ctx.openProject();
    store::ProviderCatalog(project).addProvider(config);
    // Added here, by this machine's user: approved as it is added (CLI.md "Trust").
    secrets::TrustStore trust = machineTrust();
    const providers::ProviderConfig resolved
        = providers::resolveConfig(config, providers::systemEnvironment());
    if (const auto destination = secrets::destinationOf(resolved);
        destination && secrets::TrustStore::needsApproval(*destination)) {
        try {
            trust.approve(*destination, config.id);
        } catch (const std::exception &error) {
            ctx.warn("provider " + config.id + " is added but not approved: " + error.what());
        }
    }
    if (const std::string warning
        = providers::plainHttpWarning(resolved, providers::systemEnvironment());
        !warning.empty())
        ctx.warn(warning);
    if (ctx.options.json)
        ctx.printJson({{"provider", providerJson(config, trust)}});
    else
        ctx.print("Added provider " + config.id + " (" + providers::toString(config.kind) + ")\n");
}

void runProviderTrust(const CliContext &ctx, const std::string &providerId, bool approve)
{
    const store::Project project = ctx.openProject();
    const providers::ProviderConfig config = store::ProviderCatalog(project).provider(providerId);
    const providers::ProviderConfig resolved
        = providers::resolveConfig(config, providers::systemEnvironment());
    if (const std::string problem = providers::validateConfig(resolved); !problem.empty())
        badProvider(problem + " (it is refused whatever this machine approves)");
    const std::optional<secrets::ProviderDestination> destination
        = secrets::destinationOf(resolved);
    if (!destination)
        badProvider("provider " + quoted(providerId)
            + " is offline (echo): it sends nothing and needs no approval");
    secrets::TrustStore trust = machineTrust();
    bool changed = false;
    try {
        changed = approve ? trust.approve(*destination, providerId) : trust.revoke(*destination);
    } catch (const std::exception &error) {
        throw CliError(ExitBadInput, "io", error.what(), {{"file", trust.file().string()}});
    }
    const std::string sends = destination->variable.empty()
        ? "prompts to " + destination->host
        : "the key in " + destination->variable + " to " + destination->host;
    if (ctx.options.json) {
        ctx.printJson({{"provider", providerId}, {"host", destination->host},
            {"variable",
                destination->variable.empty() ? nlohmann::json()
                                              : nlohmann::json(destination->variable)},
            {"trusted", approve ? true : trust.approves(*destination)}, {"changed", changed},
            {"file", trust.file().string()}});
        return;
    }
    if (approve)
        ctx.print((changed ? "Approved: provider " : "Already approved: provider ") + providerId
            + " may send " + sends + " from this machine\n");
    else if (trust.approves(*destination))
        ctx.print("Withdrawn from " + trust.file().string()
            + ", but PROMPTSMITH_TRUSTED_HOSTS still approves " + destination->host + "\n");
    else
        ctx.print((changed ? "Withdrawn: provider " : "Was not approved: provider ") + providerId
            + " may no longer send " + sends + " from this machine\n");
}

void runProviderList(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const auto list = store::ProviderCatalog(project).providers();
    const secrets::TrustStore trust = machineTrust();
    if (ctx.options.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto &config : list)
            items.push_back(providerJson(config, trust));
        ctx.printJson({{"providers", items}});
        return;
    }
    if (list.empty()) {
        ctx.print("No providers yet. Add one with `provider add ID --kind KIND`.\n");
        return;
    }
    TextTable table;
    table.addRow({"ID", "KIND", "HOST", "BASE URL", "KEY", "TRUSTED", "TIMEOUT"});
    std::vector<std::string> notes;
    for (const auto &config : list) {
        const nlohmann::json json = providerJson(config, trust);
        std::string key = "-";
        if (json["key_variable"].is_string())
            key = json["key_variable"].get<std::string>()
                + (config.keyInKeychain ? " in keychain" : "")
                + (json["key_set"].get<bool>() ? " (set)" : " (not set)");
        const std::string url = json["resolved_base_url"].get<std::string>();
        const std::string host = json["host"].is_string() ? json["host"].get<std::string>() : "-";
        const std::string trusted = json["trust"].get<std::string>();
        table.addRow({config.id, providers::toString(config.kind), host, url.empty() ? "-" : url,
            key, trusted, std::to_string(config.timeoutSeconds) + " s"});
        if (json.contains("refused"))
            notes.push_back("refused: " + json["refused"].get<std::string>());
        else if (trusted == "no")
            notes.push_back("provider " + config.id
                + " is not approved on this machine; if you "
                  "trust it: `provider trust "
                + config.id + "`");
    }
    ctx.print(table.toString());
    for (const std::string &note : notes)
        ctx.print(note + "\n");
    if (const std::string problem = trust.loadError(); !problem.empty())
        ctx.warn(problem);
}

void runProviderModels(const CliContext &ctx, const std::string &providerId)
{
    providers::ProviderConfig config;
    {
        const store::Project project = ctx.openProject(store::ProjectAccess::Read);
        config = store::ProviderCatalog(project).provider(providerId);
    }
    dispatch::Engine engine({}, providers::systemEnvironment(), secretServiceLookup());
    const dispatch::ConnectionReport report = dispatch::ConnectionTest(engine).run(config);
    if (report.error)
        throw CliError(ExitProvider, providers::toString(report.error->category),
            "provider " + providerId + ": " + report.error->message,
            {{"url", net::withoutUserInfo(report.url)}});
    if (ctx.options.json) {
        nlohmann::json models = nlohmann::json::array();
        for (const providers::ModelInfo &model : report.models)
            models.push_back({{"id", model.id}, {"name", model.name}});
        ctx.printJson({{"provider", providerId}, {"url", net::withoutUserInfo(report.url)},
            {"round_trip_ms", report.roundTripMs}, {"models", models}});
        return;
    }
    for (const providers::ModelInfo &model : report.models)
        ctx.print(model.name.empty() ? model.id + "\n" : model.id + "  (" + model.name + ")\n");
    std::ostringstream took;
    took.precision(0);
    took << std::fixed << report.roundTripMs;
    ctx.print(std::to_string(report.models.size()) + " models from provider " + providerId
        + (report.url.empty()
                ? std::string(" (offline)\n")
                : " in " + took.str() + " ms (" + net::withoutUserInfo(report.url) + ")\n"));
}

void runTargetAdd(const CliContext &ctx, const TargetAddArgs &args)
{
    store::TargetRecord target;
    target.id = args.id;
    target.providerId = args.provider;
    target.model = args.model;
    target.params = parseParamAssignments(args.params);
    target.fallbackTargetId = args.fallback;
    target.fallbackMinLogprob = args.fallbackBelowLogprob;
    if (args.fallbackBelowLogprob && !args.fallback)
        throw CliError(ExitUsage, "usage",
            "--fallback-below-logprob needs --fallback: the target to ask when the answer is "
            "below it");
    try {
        model::Params().withOverrides(
            target.params); // refuse now what every run would refuse later
    } catch (const model::ContentError &error) {
        throw CliError(ExitBadInput, "content", "target " + quoted(args.id) + ": " + error.what(),
            {{"field", error.path()}});
    }
    const store::Project project = ctx.openProject();
    store::ProviderCatalog catalog(project);
    catalog.addTarget(target);
    const store::TargetRecord stored = catalog.target(target.id);
    if (ctx.options.json)
        ctx.printJson({{"target", targetJson(stored)}});
    else
        ctx.print(
            "Added target " + stored.id + " (" + stored.providerId + ", " + stored.model + ")\n");
}

void runTargetList(const CliContext &ctx)
{
    const store::Project project = ctx.openProject(store::ProjectAccess::Read);
    const auto list = store::ProviderCatalog(project).targets();
    if (ctx.options.json) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto &target : list)
            items.push_back(targetJson(target));
        ctx.printJson({{"targets", items}});
        return;
    }
    if (list.empty()) {
        ctx.print("No targets yet. Add one with `target add ID --provider P --model M`.\n");
        return;
    }
    TextTable table;
    table.addRow({"ID", "PROVIDER", "MODEL", "PARAMS", "FALLBACK"});
    for (const auto &target : list)
        table.addRow({target.id, target.providerId, target.model,
            target.params.empty() ? "-" : target.params.dump(), fallbackText(target)});
    ctx.print(table.toString());
}

} // namespace ps::cli
