#include "io/promptfoo_config.h"

#include "eval/assertion.h"
#include "io/foreign_messages.h"
#include "io/promptfoo_checks.h"
#include "util/yaml_text.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace ps::io {

using nlohmann::json;
using nlohmann::ordered_json;
using promptfoo::kLabelJs;
using promptfoo::kSimilarityJs;

std::string nunjucksLiteral(std::string_view text, bool beforeVariable)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char next = i + 1 < text.size() ? text[i + 1] : (beforeVariable ? '{' : '\0');
        if (text[i] == '{' && (next == '{' || next == '%' || next == '#'))
            out += "{{ '{' }}";
        else if (text[i] == '#' && next == '}')
            out += "{{ '#' }}"; // Nunjucks reads a comment's end even outside one, and fails on it
        else
            out += text[i];
    }
    return out;
}

namespace {

std::string nunjucksVariable(const std::string &name)
{
    return "{{ " + name + " }}";
}

// The parameters a target sends for the version, without the unset ones.
json effectiveParams(const model::VersionContent &content, const store::TargetRecord &target)
{
    json params = json::object();
    const json all = content.params.withOverrides(target.params).toJson();
    for (const auto &[key, value] : all.items())
        if (!value.is_null() && !(value.is_array() && value.empty()))
            params[key] = value;
    return params;
}

json openAiTools(const json &tools)
{
    json out = json::array();
    for (const json &tool : tools)
        out.push_back({{"type", "function"}, {"function", tool}});
    return out;
}

// The provider's config in promptfoo's terms for its kind; what it has no key for is `lost`.
ordered_json providerConfig(const ExportTarget &chosen, const json &params, std::set<std::string> &lost)
{
    using providers::ProviderKind;
    const providers::ProviderConfig &provider = chosen.provider;
    ordered_json config = ordered_json::object();
    const auto copy = [&](const char *ours, const char *theirs) {
        if (params.contains(ours))
            config[theirs] = params[ours];
    };
    const auto dropRest = [&](std::initializer_list<const char *> carried) {
        for (auto item = params.begin(); item != params.end(); ++item) {
            const std::string &key = item.key();
            if (std::find_if(carried.begin(), carried.end(), [&](const char *k) { return key == k; }) == carried.end())
                lost.insert("target " + chosen.target.id + ": parameter " + key + " (no " + providers::toString(provider.kind)
                    + " option for it in promptfoo)");
        }
    };
    switch (provider.kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::AzureOpenAi:
        for (const char *key : {"temperature", "top_p", "max_tokens", "stop", "seed", "reasoning_effort", "response_format"})
            copy(key, key);
        if (params.contains("tools"))
            config["tools"] = openAiTools(params["tools"]);
        for (const auto &[key, value] : params.items())
            if (!config.contains(key) && key != "tools")
                config[key] = value; // provider-specific keys go into the body as we send them
        break;
    case ProviderKind::Anthropic:
        for (const char *key : {"temperature", "top_p", "max_tokens", "stop"})
            copy(key, key == std::string("stop") ? "stop_sequences" : key);
        if (params.contains("tools")) {
            json tools = json::array();
            for (const json &tool : params["tools"])
                tools.push_back({{"name", tool.value("name", "")}, {"description", tool.value("description", "")},
                    {"input_schema", tool.value("parameters", json::object())}});
            config["tools"] = tools;
        }
        dropRest({"temperature", "top_p", "max_tokens", "stop", "tools"});
        break;
    case ProviderKind::Gemini: {
        ordered_json generation = ordered_json::object();
        if (params.contains("temperature"))
            generation["temperature"] = params["temperature"];
        if (params.contains("top_p"))
            generation["topP"] = params["top_p"];
        if (params.contains("max_tokens"))
            generation["maxOutputTokens"] = params["max_tokens"];
        if (params.contains("stop"))
            generation["stopSequences"] = params["stop"];
        if (!generation.empty())
            config["generationConfig"] = generation;
        dropRest({"temperature", "top_p", "max_tokens", "stop"});
        break;
    }
    case ProviderKind::Ollama:
        copy("temperature", "temperature");
        copy("top_p", "top_p");
        copy("max_tokens", "num_predict");
        copy("stop", "stop");
        copy("seed", "seed");
        dropRest({"temperature", "top_p", "max_tokens", "stop", "seed"});
        break;
    case ProviderKind::Echo:
        break; // promptfoo's echo returns the prompt, as ours does, and takes no options
    }
    if (provider.kind != ProviderKind::Echo) {
        if (!provider.baseUrl.empty() && provider.baseUrl != providers::defaultBaseUrl(provider.kind))
            config[provider.kind == ProviderKind::AzureOpenAi ? "apiHost" : "apiBaseUrl"] = provider.baseUrl;
        if (!provider.apiKeyEnv.empty() && provider.apiKeyEnv != providers::defaultApiKeyEnv(provider.kind))
            config["apiKeyEnvar"] = provider.apiKeyEnv; // the variable's name; never a key
    }
    return config;
}


std::string jsString(const json &value)
{
    return nunjucksLiteral(json(value.is_string() ? value.get<std::string>() : value.dump()).dump());
}

struct AssertionContext
{
    const eval::DatasetCase &datasetCase;
    const std::vector<ExportTarget> &targets;
    std::set<std::string> &lost;
};

// One of our assertions as promptfoo's; nullopt when it has none to say the same.
std::optional<ordered_json> promptfooAssertion(const json &spec, const AssertionContext &context)
{
    const eval::Assertion assertion = eval::parseAssertion(spec);
    using eval::AssertionType;
    std::optional<json> value = assertion.value;
    if (!value && context.datasetCase.expected)
        value = *context.datasetCase.expected;
    const std::string prefix = assertion.negate ? "not-" : "";
    ordered_json out = ordered_json::object();
    const auto literalValue = [&](const json &v) -> ordered_json {
        if (v.is_string())
            return nunjucksLiteral(v.get<std::string>()); // promptfoo renders values with Nunjucks
        if (v.is_array()) {
            ordered_json list = ordered_json::array();
            for (const json &item : v)
                list.push_back(item.is_string() ? ordered_json(nunjucksLiteral(item.get<std::string>())) : ordered_json(item));
            return list;
        }
        return v;
    };
    const auto javascript = [&](const std::string &expression) {
        out["type"] = prefix + "javascript";
        out["value"] = expression;
    };
    const double threshold = assertion.threshold.value_or(eval::defaultThreshold(assertion.type));
    switch (assertion.type) {
    case AssertionType::Equals:
    case AssertionType::Contains:
    case AssertionType::Icontains:
    case AssertionType::StartsWith:
    case AssertionType::Regex:
    case AssertionType::ContainsAny:
    case AssertionType::ContainsAll:
        out["type"] = prefix + std::string(eval::toString(assertion.type));
        if (value)
            out["value"] = literalValue(*value);
        break;
    case AssertionType::IsJson:
        out["type"] = prefix + "is-json";
        break;
    case AssertionType::JsonSchema:
        out["type"] = prefix + "is-json"; // promptfoo's is-json takes the schema as its value
        if (value)
            out["value"] = value->is_string() ? ordered_json::parse(value->get<std::string>()) : ordered_json(*value);
        break;
    case AssertionType::Length: {
        std::string test;
        if (value && value->contains("min"))
            test += "Array.from(output).length >= " + (*value)["min"].dump();
        if (value && value->contains("max"))
            test += std::string(test.empty() ? "" : " && ") + "Array.from(output).length <= " + (*value)["max"].dump();
        javascript(test.empty() ? "true" : test);
        break;
    }
    case AssertionType::Latency:
    case AssertionType::Cost:
        if (assertion.negate) {
            context.lost.insert("a negated " + std::string(eval::toString(assertion.type)) + " limit");
            return std::nullopt;
        }
        out["type"] = std::string(eval::toString(assertion.type));
        out["threshold"] = value ? *value : json(nullptr); // promptfoo puts the limit in threshold
        break;
    case AssertionType::Levenshtein:
        javascript("(() => { const s = " + std::string(kSimilarityJs) + "(Array.from(output), Array.from("
            + jsString(value.value_or(json(""))) + ")); return {pass: s >= " + json(threshold).dump()
            + ", score: s, reason: 'similarity ' + s.toFixed(3)}; })()");
        break;
    case AssertionType::Classification:
        javascript(std::string(kLabelJs) + "(output) === " + kLabelJs + "(" + jsString(value.value_or(json(""))) + ")");
        break;
    case AssertionType::Bleu:
    case AssertionType::Rouge1:
    case AssertionType::Rouge2:
    case AssertionType::RougeL:
        out["type"] = prefix + (assertion.type == AssertionType::Bleu ? "bleu" : "rouge-n");
        if (value)
            out["value"] = literalValue(*value);
        out["threshold"] = threshold;
        if (assertion.type == AssertionType::Bleu)
            context.lost.insert("bleu: promptfoo scores it with its own tokenisation and smoothing");
        else
            context.lost.insert(std::string(eval::toString(assertion.type))
                + ": promptfoo's rouge-n (unigrams, lower-cased) stands in for it");
        break;
    case AssertionType::LlmRubric:
    case AssertionType::Groundedness: {
        out["type"] = prefix + "llm-rubric";
        if (assertion.type == AssertionType::LlmRubric) {
            if (value)
                out["value"] = literalValue(*value);
        } else {
            const std::string variable = value && value->is_string() ? value->get<std::string>() : "";
            out["value"] = "Every claim in the output is supported by this source text:\n\n" + nunjucksVariable(variable);
            context.lost.insert("groundedness: written as an llm-rubric on the source variable (promptfoo's judge prompt)");
        }
        if (assertion.threshold)
            out["threshold"] = *assertion.threshold;
        if (assertion.provider) {
            const auto judge = std::find_if(context.targets.begin(), context.targets.end(),
                [&](const ExportTarget &t) { return t.target.id == *assertion.provider; });
            if (judge != context.targets.end())
                out["provider"] = promptfooProviderId(*judge);
            else
                context.lost.insert("the judge target " + *assertion.provider + " (not among the exported targets)");
        }
        break;
    }
    }
    if (assertion.weight != 1.0)
        out["weight"] = assertion.weight;
    if (const auto metric = spec.find("metric"); metric != spec.end() && metric->is_string())
        out["metric"] = *metric; // the assertion's name, in both tools
    return out;
}

ordered_json testOf(const eval::DatasetCase &datasetCase, std::size_t index, const AssertionContext &context)
{
    ordered_json test = ordered_json::object();
    if (const auto description = datasetCase.extra.find("description");
        description != datasetCase.extra.end() && description->is_string())
        test["description"] = *description;
    // Values are not rendered by promptfoo: no escaping. An empty case still says so (promptfoo
    // refuses a test with no keys).
    test["vars"] = datasetCase.vars;
    ordered_json asserts = ordered_json::array();
    for (const json &spec : datasetCase.assertions)
        if (auto converted = promptfooAssertion(spec, context))
            asserts.push_back(std::move(*converted));
    if (!asserts.empty())
        test["assert"] = asserts;
    ordered_json metadata = ordered_json::object();
    if (datasetCase.expected)
        metadata["expected"] = *datasetCase.expected;
    if (!datasetCase.tags.empty())
        metadata["tags"] = datasetCase.tags;
    if (!metadata.empty())
        test["metadata"] = metadata;
    if (!datasetCase.messages.empty())
        context.lost.insert("case " + std::to_string(index + 1) + ": its prior messages (a multi-turn case)");
    return test;
}

std::string fileStem(const std::string &name)
{
    std::string stem;
    for (const char c : name)
        stem += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return stem.empty() || stem.front() == '.' ? "prompt" + stem : stem;
}

} // namespace

std::string promptfooProviderId(const ExportTarget &chosen)
{
    using providers::ProviderKind;
    const std::string &model = chosen.target.model;
    switch (chosen.provider.kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
        return "openai:chat:" + model;
    case ProviderKind::AzureOpenAi:
        return "azure:chat:" + model;
    case ProviderKind::Anthropic:
        return "anthropic:messages:" + model;
    case ProviderKind::Gemini:
        return "google:" + model;
    case ProviderKind::Ollama:
        return "ollama:chat:" + model;
    case ProviderKind::Echo:
        return "echo";
    }
    return "echo";
}

PromptfooExport promptfooConfig(const model::PromptRecord &prompt, const model::VersionRecord &version,
    const std::vector<ExportTarget> &targets, const std::optional<ExportDataset> &dataset)
{
    PromptfooExport result;
    const ForeignMessages foreign = foreignMessages(
        version.content, nunjucksVariable, {"{{", "{%", "{#"}, [](std::string_view literal, bool beforeVariable) {
            return nunjucksLiteral(literal, beforeVariable);
        });
    result.lost = foreign.lost;
    ordered_json messages = ordered_json::array();
    for (const ForeignMessage &message : foreign.messages)
        messages.push_back({{"role", message.role}, {"content", message.content}});
    result.promptText = messages.dump(2) + "\n";
    result.promptPath = "prompts/" + fileStem(prompt.name) + ".json";

    const std::string label = prompt.name + "@" + std::to_string(version.number);
    ordered_json config = ordered_json::object();
    config["description"] = label + (prompt.description.empty() ? "" : ": " + prompt.description);
    config["prompts"] = ordered_json::array({{{"id", "file://" + result.promptPath}, {"label", label}}});
    std::set<std::string> lost;
    ordered_json providers = ordered_json::array();
    for (const ExportTarget &chosen : targets) {
        ordered_json provider = {{"id", promptfooProviderId(chosen)}, {"label", chosen.target.id}};
        const ordered_json options = providerConfig(chosen, effectiveParams(version.content, chosen.target), lost);
        if (!options.empty())
            provider["config"] = options;
        providers.push_back(std::move(provider));
    }
    config["providers"] = providers;
    // Defaults in the order the messages use the variables (the order an import reads them in).
    ordered_json defaults = ordered_json::object();
    std::vector<std::string> order = foreign.variables;
    for (const model::Variable &variable : version.content.variables)
        if (std::find(order.begin(), order.end(), variable.name) == order.end())
            order.push_back(variable.name);
    for (const std::string &name : order)
        for (const model::Variable &variable : version.content.variables)
            if (variable.name == name && !variable.defaultValue.empty())
                defaults[variable.name] = variable.defaultValue;
    if (!defaults.empty())
        config["defaultTest"] = {{"vars", defaults}};
    if (dataset) {
        ordered_json tests = ordered_json::array();
        for (std::size_t i = 0; i < dataset->cases.size(); ++i)
            tests.push_back(testOf(dataset->cases[i], i, {dataset->cases[i], targets, lost}));
        config["tests"] = tests;
    }
    for (const std::string &item : lost)
        result.lost.push_back(item);
    result.config = "# promptfoo config written by Promptsmith from " + label + ".\n" + util::yamlText(config);
    return result;
}

} // namespace ps::io
