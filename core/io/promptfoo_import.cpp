#include "io/promptfoo_config.h"

#include "eval/assertion.h"
#include "io/field_error.h"
#include "io/promptfoo_checks.h"
#include "template/prompt_renderer.h"
#include "util/json_depth.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>

// Reading a promptfoo config back (export is promptfoo_config.cpp).
namespace ps::io {

using nlohmann::json;
using promptfoo::kLabelJs;
using promptfoo::kSimilarityJs;

namespace {

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
