#include "io/promptfoo_config.h"

#include "eval/assertion.h"
#include "io/field_error.h"
#include "io/foreign_messages.h"
#include "template/prompt_renderer.h"
#include "util/json_depth.h"
#include "util/yaml_text.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>

namespace ps::io {

using nlohmann::json;
using nlohmann::ordered_json;

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

// `Array.from(output)` counts code points, as our length and similarity do.
constexpr const char *kSimilarityJs
    = "((a, b) => { const m = a.length, n = b.length; if (!m && !n) return 1; "
      "let row = Array.from({length: n + 1}, (_, j) => j); "
      "for (let i = 1; i <= m; i++) { let prev = row[0]; row[0] = i; "
      "for (let j = 1; j <= n; j++) { const keep = row[j]; "
      "row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1)); prev = keep; } } "
      "return 1 - row[n] / Math.max(m, n); })";

// Our label normalisation: ASCII space and punctuation trimmed, ASCII letters lower-cased.
constexpr const char *kLabelJs
    = "((s) => s.replace(/^[\\x00-\\x20!-\\/:-@\\[-`{-~\\x7f]+|[\\x00-\\x20!-\\/:-@\\[-`{-~\\x7f]+$/g, '')"
      ".replace(/[A-Z]/g, (c) => c.toLowerCase()))";

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

// ---- import --------------------------------------------------------------------------------

bool isIdentifier(std::string_view name)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())))
        return false;
    return std::all_of(name.begin(), name.end(),
        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; });
}

std::string trimmed(std::string_view text)
{
    const std::size_t begin = text.find_first_not_of(" \t\n");
    if (begin == std::string_view::npos)
        return {};
    return std::string(text.substr(begin, text.find_last_not_of(" \t\n") - begin + 1));
}

// Literal text as Mustache renders it: where it holds `{{` (or ends in `{` before a tag), between
// delimiters it does not hold.
std::string mustacheLiteral(const std::string &text, bool beforeTag)
{
    if (text.find("{{") == std::string::npos && !(beforeTag && !text.empty() && text.back() == '{'))
        return text;
    for (const auto &[open, close] : {std::pair {"<%", "%>"}, std::pair {"[[", "]]"}, std::pair {"((", "))"}})
        if (text.find(open) == std::string::npos && text.find(close) == std::string::npos)
            return std::string("{{=") + open + " " + close + "=}}" + text + open + "={{ }}=" + close;
    return text; // three delimiter pairs all in the text: left as it is
}

} // namespace

std::string mustacheFromNunjucks(std::string_view text, std::vector<std::string> &lost)
{
    std::string out;
    std::string literal;
    const auto flush = [&](bool beforeTag) {
        out += mustacheLiteral(literal, beforeTag);
        literal.clear();
    };
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t open = text.find('{', at);
        if (open == std::string_view::npos || open + 1 >= text.size()) {
            literal += text.substr(at);
            break;
        }
        literal += text.substr(at, open - at);
        const char kind = text[open + 1];
        const char *closer = kind == '{' ? "}}" : kind == '%' ? "%}" : kind == '#' ? "#}" : nullptr;
        const std::size_t close = closer ? text.find(closer, open + 2) : std::string_view::npos;
        if (close == std::string_view::npos) {
            literal += '{';
            at = open + 1;
            continue;
        }
        std::string inner = trimmed(text.substr(open + 2, close - open - 2));
        if (!inner.empty() && (inner.front() == '-' || inner.front() == '+'))
            inner = trimmed(std::string_view(inner).substr(1)); // whitespace control
        if (!inner.empty() && (inner.back() == '-' || inner.back() == '+'))
            inner = trimmed(std::string_view(inner).substr(0, inner.size() - 1));
        at = close + 2;
        if (kind == '#') {
            lost.push_back("a Nunjucks comment ({# … #}), which renders as nothing, is left out");
        } else if (kind == '{' && inner.size() >= 2 && (inner.front() == '\'' || inner.front() == '"')
            && inner.back() == inner.front() && inner.find(inner.front(), 1) == inner.size() - 1
            && inner.find('\\') == std::string::npos) {
            literal += inner.substr(1, inner.size() - 2); // {{ '{' }}: an escaped character
        } else if (kind == '{' && isIdentifier(inner)) {
            flush(true);
            out += "{{" + inner + "}}";
        } else if (kind == '%' && inner == "raw") {
            const std::size_t end = text.find("endraw", at);
            const std::size_t endOpen = end == std::string_view::npos ? end : text.rfind("{%", end);
            const std::size_t endClose = end == std::string_view::npos ? end : text.find("%}", end);
            if (endOpen == std::string_view::npos || endClose == std::string_view::npos || endOpen < at) {
                literal += text.substr(at);
                at = text.size();
            } else {
                literal += text.substr(at, endOpen - at);
                at = endClose + 2;
            }
        } else {
            literal += text.substr(open, close + 2 - open);
            lost.push_back("Nunjucks " + std::string(kind == '%' ? "logic " : "expression ")
                + std::string(text.substr(open, close + 2 - open)) + ", kept as literal text");
        }
    }
    flush(false);
    return out;
}

namespace {

// The messages of one of promptfoo's prompts: a JSON chat array, or text as one user message.
json chatOf(const std::string &text, const std::string &path)
{
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '[') {
        json messages;
        try {
            messages = util::parseJson(text);
        } catch (const std::exception &error) {
            badField(path, std::string("a chat prompt must be a JSON list of {role, content}: ") + error.what());
        }
        if (!messages.is_array() || messages.empty())
            badField(path, "a chat prompt must be a JSON list of {role, content}");
        for (std::size_t m = 0; m < messages.size(); ++m)
            if (!messages[m].is_object() || !messages[m].contains("role") || !messages[m]["role"].is_string()
                || !messages[m].contains("content") || !messages[m]["content"].is_string())
                badField(path + "[" + std::to_string(m) + "]", "needs a role and a text content");
        return messages;
    }
    return json::array({{{"role", "user"}, {"content", text}}});
}

// The name a prompt is imported under: its label's "name@N" name, else its file's stem.
std::string nameOf(const std::string &label, const std::string &id)
{
    if (const std::size_t at = label.rfind('@'); at != std::string::npos && at > 0)
        return label.substr(0, at);
    if (!label.empty())
        return label;
    std::string stem = id.substr(id.find_last_of('/') + 1);
    return stem.substr(0, stem.find('.'));
}

json paramsFrom(const json &config, std::vector<std::string> &lost)
{
    json params = json::object();
    if (!config.is_object())
        return params;
    for (const auto &[key, value] : config.items()) {
        if (key == "temperature" || key == "top_p" || key == "max_tokens" || key == "stop" || key == "seed"
            || key == "reasoning_effort" || key == "response_format")
            params[key] = value;
        else if (key == "tools" && value.is_array()) {
            json tools = json::array();
            for (const json &tool : value)
                tools.push_back(tool.contains("function") ? tool["function"] : tool);
            params["tools"] = tools;
        } else if (key != "apiBaseUrl" && key != "apiKeyEnvar" && key != "apiHost")
            lost.push_back("provider option " + key);
    }
    return params;
}

std::string unescapedValue(const std::string &text)
{
    std::vector<std::string> ignored;
    // Our export escapes `{` and `#` in values; reading them back needs only that.
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
        if (text.compare(at, 9, "{{ '{' }}") == 0) {
            out += '{';
            at += 9;
        } else if (text.compare(at, 9, "{{ '#' }}") == 0) {
            out += '#';
            at += 9;
        } else {
            out += text[at++];
        }
    }
    return out;
}

// The JSON string literal at `text[at]`, moving `at` past it.
std::optional<std::string> jsonStringAt(std::string_view text, std::size_t &at)
{
    if (at >= text.size() || text[at] != '"')
        return std::nullopt;
    std::size_t end = at + 1;
    while (end < text.size() && text[end] != '"')
        end += text[end] == '\\' ? 2 : 1;
    if (end >= text.size())
        return std::nullopt;
    try {
        const json value = json::parse(text.substr(at, end + 1 - at));
        at = end + 1;
        return value.get<std::string>();
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

std::optional<double> numberAt(std::string_view text, std::size_t &at)
{
    std::size_t end = at;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.'
               || text[end] == 'e' || text[end] == 'E' || text[end] == '-' || text[end] == '+'))
        ++end;
    if (end == at)
        return std::nullopt;
    try {
        const double value = std::stod(std::string(text.substr(at, end - at)));
        at = end;
        return value;
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

bool consume(std::string_view text, std::size_t &at, std::string_view expected)
{
    if (text.substr(at, expected.size()) != expected)
        return false;
    at += expected.size();
    return true;
}

// Our javascript checks (length, similarity, classification) read back; nullopt for any other.
std::optional<json> ourJavascript(const std::string &code)
{
    const std::string_view text = code;
    std::size_t at = 0;
    const std::string length = "Array.from(output).length ";
    if (text.starts_with(length)) {
        json value = json::object();
        while (consume(text, at, length)) {
            const bool atLeast = consume(text, at, ">= ");
            if (!atLeast && !consume(text, at, "<= "))
                return std::nullopt;
            const std::optional<double> bound = numberAt(text, at);
            if (!bound)
                return std::nullopt;
            value[atLeast ? "min" : "max"] = static_cast<long long>(*bound);
            consume(text, at, " && ");
        }
        return at == text.size() ? std::optional<json>(json {{"type", "length"}, {"value", value}}) : std::nullopt;
    }
    if (consume(text, at, std::string("(() => { const s = ") + kSimilarityJs + "(Array.from(output), Array.from(")) {
        const auto reference = jsonStringAt(text, at);
        if (!reference || !consume(text, at, ")); return {pass: s >= "))
            return std::nullopt;
        const auto threshold = numberAt(text, at);
        if (!threshold || !consume(text, at, ", score: s, reason: 'similarity ' + s.toFixed(3)}; })()") || at != text.size())
            return std::nullopt;
        return json {{"type", "levenshtein"}, {"value", *reference}, {"threshold", *threshold}};
    }
    if (consume(text, at, std::string(kLabelJs) + "(output) === " + kLabelJs + "(")) {
        const auto label = jsonStringAt(text, at);
        if (!label || !consume(text, at, ")") || at != text.size())
            return std::nullopt;
        return json {{"type", "classification"}, {"value", *label}};
    }
    return std::nullopt;
}

// One of promptfoo's assertions as ours; nullopt (and said in `lost`) where we have none.
std::optional<json> ourAssertion(const json &spec, std::set<std::string> &lost)
{
    if (!spec.is_object() || !spec.contains("type") || !spec["type"].is_string())
        return std::nullopt;
    std::string type = spec["type"].get<std::string>();
    const bool negate = type.starts_with("not-");
    if (negate)
        type = type.substr(4);
    json value = spec.value("value", json());
    if (value.is_string())
        value = unescapedValue(value.get<std::string>());
    else if (value.is_array())
        for (json &item : value)
            if (item.is_string())
                item = unescapedValue(item.get<std::string>());
    json out;
    static const std::set<std::string> same {"equals", "contains", "icontains", "starts-with", "regex", "contains-any",
        "contains-all", "bleu", "llm-rubric"};
    if (same.count(type) != 0) {
        out = {{"type", type}};
        if (!value.is_null())
            out["value"] = value;
    } else if (type == "is-json") {
        out = {{"type", value.is_null() ? "is-json" : "json-schema"}};
        if (!value.is_null())
            out["value"] = value;
    } else if (type == "rouge-n") {
        out = {{"type", "rouge-1"}, {"value", value}};
    } else if ((type == "latency" || type == "cost") && !negate) {
        return json {{"type", type}, {"value", spec.value("threshold", json())}};
    } else if (type == "javascript" && value.is_string()) {
        const std::optional<json> ours = ourJavascript(value.get<std::string>());
        if (!ours) {
            lost.insert("javascript assertions other than the ones Promptsmith writes");
            return std::nullopt;
        }
        out = *ours;
    } else {
        lost.insert("promptfoo's " + type + " assertions (no counterpart here)");
        return std::nullopt;
    }
    if (negate)
        out["type"] = "not-" + out["type"].get<std::string>();
    if (spec.contains("threshold") && !out.contains("threshold") && type != "latency" && type != "cost")
        out["threshold"] = spec["threshold"];
    if (spec.contains("weight"))
        out["weight"] = spec["weight"];
    if (spec.contains("metric"))
        out["metric"] = spec["metric"];
    if (spec.contains("provider"))
        lost.insert("a judge's provider (" + spec["provider"].dump() + "): name a judge target when evaluating");
    return out;
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

bool isPromptfooConfig(const json &document)
{
    return document.is_object() && document.contains("prompts") && document.contains("providers");
}

PromptfooImport readPromptfooConfig(const json &config, const BesideReader &readBeside, const std::string &fileName,
    const std::string &author, const std::string &now)
{
    if (!isPromptfooConfig(config))
        badField("(file)", "a promptfoo config has prompts and providers");
    PromptfooImport result;
    std::set<std::string> lost;

    // The variables' defaults, and the first provider's options as the parameters.
    json defaults = json::object();
    if (const auto defaultTest = config.find("defaultTest"); defaultTest != config.end() && defaultTest->is_object()) {
        defaults = defaultTest->value("vars", json::object());
        for (const auto &[key, ignored] : defaultTest->items())
            if (key != "vars")
                lost.insert("defaultTest." + key);
    }
    json providers = config["providers"];
    if (!providers.is_array())
        providers = json::array({providers});
    json params = json::object(); // the first provider with options: the version's, the target's laid over
    for (std::size_t p = 0; p < providers.size(); ++p) {
        const json &provider = providers[p];
        const std::string id = provider.is_string() ? provider.get<std::string>() : provider.value("id", "");
        if (params.empty() && provider.is_object() && provider.contains("config")) {
            std::vector<std::string> notParams;
            params = paramsFrom(provider["config"], notParams);
            for (const std::string &item : notParams)
                lost.insert(item);
        }
        if (id != "echo")
            lost.insert("provider " + id + ": targets are not made from a file (add one with `target add`)");
    }

    json prompts = config["prompts"];
    if (!prompts.is_array())
        prompts = json::array({prompts});
    std::map<std::string, std::size_t> byName;
    for (std::size_t p = 0; p < prompts.size(); ++p) {
        const json &prompt = prompts[p];
        const std::string path = "prompts[" + std::to_string(p) + "]";
        std::string id;
        std::string label;
        if (prompt.is_string()) {
            id = prompt.get<std::string>();
        } else if (prompt.is_object()) {
            id = prompt.value("id", prompt.value("raw", std::string()));
            label = prompt.value("label", std::string());
        } else {
            badField(path, "must be text, a file:// path or {id, label}");
        }
        std::string text = id;
        if (id.starts_with("file://")) {
            if (!readBeside)
                badField(path, "names a file beside the config, and none can be read here");
            text = readBeside(id.substr(7));
        } else {
            label = label.empty() ? "prompt" : label;
        }
        const json chat = chatOf(text, path);
        std::vector<std::string> notes;
        json content = {{"messages", json::array()}, {"params", params}, {"variables", json::array()}};
        for (const json &message : chat) {
            content["messages"].push_back({{"role", message["role"]},
                {"content", mustacheFromNunjucks(message["content"].get<std::string>(), notes)}});
        }
        for (const std::string &note : notes)
            lost.insert(note);
        // The variables in the order the messages use them, as the export writes them.
        std::vector<std::string> order;
        try {
            order = tmpl::discoverVariables(model::VersionContent::fromJson(content));
        } catch (const std::exception &error) { // a bad role, a template that does not parse
            badField(path, error.what());
        }
        for (const auto &[name, ignored] : defaults.items())
            if (std::find(order.begin(), order.end(), name) == order.end())
                order.push_back(name);
        for (const std::string &name : order)
            if (defaults.contains(name))
                content["variables"].push_back({{"name", name},
                    {"default", defaults[name].is_string() ? defaults[name].get<std::string>() : defaults[name].dump()}});
        store::ForeignVersion version;
        version.author = author;
        version.created = now;
        version.message = "imported from promptfoo config " + fileName.substr(fileName.find_last_of('/') + 1)
            + (label.empty() ? "" : " (" + label + ")");
        try {
            version.content = model::VersionContent::fromJson(content);
        } catch (const model::ContentError &error) {
            badField(path, error.what());
        }
        const std::string name = nameOf(label, id);
        auto [entry, isNew] = byName.try_emplace(name, result.prompts.size());
        if (isNew) {
            store::VersionImportRequest request;
            request.promptName = name;
            const std::string description = config.value("description", std::string());
            const std::size_t colon = description.find(": ");
            request.description = colon == std::string::npos ? "" : description.substr(colon + 2);
            result.prompts.push_back(std::move(request));
        }
        store::VersionImportRequest &request = result.prompts[entry->second];
        version.number = int(request.versions.size()) + 1;
        if (version.number > 1)
            version.parent = version.number - 1;
        request.versions.push_back(std::move(version));
    }
    if (result.prompts.empty())
        badField("prompts", "the config has no prompt");

    if (const auto tests = config.find("tests"); tests != config.end() && !tests->is_null()) {
        if (!tests->is_array())
            badField("tests", "tests in another file are not read here: export them as a list in the config");
        BundleDataset dataset;
        dataset.name = result.prompts.front().promptName + " tests";
        dataset.source = fileName.substr(fileName.find_last_of('/') + 1);
        for (std::size_t t = 0; t < tests->size(); ++t) {
            const json &test = (*tests)[t];
            const std::string path = "tests[" + std::to_string(t) + "]";
            if (!test.is_object())
                badField(path, "must be a map");
            eval::DatasetCase datasetCase;
            datasetCase.vars = test.value("vars", json::object());
            if (!datasetCase.vars.is_object())
                badField(path + ".vars", "must be a map of values");
            if (test.contains("description") && test["description"].is_string())
                datasetCase.extra["description"] = test["description"];
            const json metadata = test.value("metadata", json::object());
            if (metadata.contains("expected") && metadata["expected"].is_string())
                datasetCase.expected = metadata["expected"].get<std::string>();
            if (metadata.contains("tags") && metadata["tags"].is_array())
                for (const json &tag : metadata["tags"])
                    if (tag.is_string())
                        datasetCase.tags.push_back(tag.get<std::string>());
            for (const json &spec : test.value("assert", json::array()))
                if (std::optional<json> ours = ourAssertion(spec, lost)) {
                    try {
                        eval::parseAssertion(*ours);
                    } catch (const eval::AssertionError &error) {
                        badField(path + ".assert", error.what());
                    }
                    datasetCase.assertions.push_back(std::move(*ours));
                }
            dataset.cases.push_back(std::move(datasetCase));
        }
        result.dataset = std::move(dataset);
    }
    result.lost.assign(lost.begin(), lost.end());
    return result;
}

} // namespace ps::io
