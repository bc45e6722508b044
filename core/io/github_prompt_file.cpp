#include "io/github_prompt_file.h"

#include "eval/assertion.h"
#include "io/field_error.h"
#include "io/foreign_messages.h"
#include "util/yaml_text.h"

#include <set>
#include <stdexcept>

namespace ps::io {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

constexpr std::string_view kRegexSpecials = "\\^$.|?*+()[]{}";

std::string regexEscaped(const std::string &text)
{
    std::string out;
    for (const char c : text) {
        if (kRegexSpecials.find(c) != std::string_view::npos)
            out += '\\';
        out += c;
    }
    return out;
}

// The text a pattern made by regexEscaped matches, or nullopt when it is any other pattern.
std::optional<std::string> regexUnescaped(std::string_view pattern)
{
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '\\') {
            if (i + 1 >= pattern.size() || kRegexSpecials.find(pattern[i + 1]) == std::string_view::npos)
                return std::nullopt;
            out += pattern[++i];
        } else if (kRegexSpecials.find(pattern[i]) != std::string_view::npos) {
            return std::nullopt;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

// gh-models' startsWith and endsWith read the trimmed answer in any case: as our patterns.
constexpr std::string_view kStartsPrefix = "(?i)^\\s*";
constexpr std::string_view kEndsSuffix = "\\s*$";

// `{{key}}` replaced by each of the row's values, exactly as gh-models replaces them.
std::string withRow(std::string text, const json &row)
{
    for (const auto &[key, value] : row.items()) {
        const std::string tag = "{{" + key + "}}";
        const std::string by = value.is_string() ? value.get<std::string>() : value.dump();
        for (std::size_t at = text.find(tag); at != std::string::npos; at = text.find(tag, at + by.size()))
            text.replace(at, tag.size(), by);
    }
    return text;
}

// ---- export ---------------------------------------------------------------------------------

struct Evaluator
{
    std::string kind; // "string" with `key`, or "llm"
    std::string key; // equals, contains, startsWith, endsWith
    std::vector<std::string> values; // per case
    ordered_json llm; // the llm evaluator's fields besides its prompt
    std::string name;
};

// One of our assertions as a gh-models evaluator's check: its kind, key and text; nullopt where
// none means the same.
std::optional<Evaluator> evaluatorOf(const json &spec, const eval::DatasetCase &datasetCase, std::set<std::string> &lost)
{
    eval::Assertion assertion;
    try {
        assertion = eval::parseAssertion(spec);
    } catch (const eval::AssertionError &) {
        return std::nullopt;
    }
    std::optional<json> value = assertion.value;
    if (!value && datasetCase.expected)
        value = *datasetCase.expected;
    const std::string text = value && value->is_string() ? value->get<std::string>() : "";
    Evaluator evaluator;
    evaluator.name = spec.value("metric", std::string());
    if (assertion.negate || !value || !value->is_string()) {
        lost.insert("the " + assertion.name() + " assertions (gh-models has no evaluator for them)");
        return std::nullopt;
    }
    using eval::AssertionType;
    switch (assertion.type) {
    case AssertionType::Equals:
        evaluator = {"string", "equals", {text}, {}, evaluator.name};
        return evaluator;
    case AssertionType::Icontains:
        evaluator = {"string", "contains", {text}, {}, evaluator.name};
        return evaluator;
    case AssertionType::Contains:
        lost.insert("contains: gh-models' contains ignores case");
        evaluator = {"string", "contains", {text}, {}, evaluator.name};
        return evaluator;
    case AssertionType::StartsWith:
        lost.insert("starts-with: gh-models' startsWith ignores case and leading space");
        evaluator = {"string", "startsWith", {text}, {}, evaluator.name};
        return evaluator;
    case AssertionType::Regex: {
        const std::string_view pattern = text;
        if (pattern.starts_with(kStartsPrefix))
            if (const auto literal = regexUnescaped(pattern.substr(kStartsPrefix.size()))) {
                evaluator = {"string", "startsWith", {*literal}, {}, evaluator.name};
                return evaluator;
            }
        if (pattern.starts_with("(?i)") && pattern.ends_with(kEndsSuffix))
            if (const auto literal = regexUnescaped(pattern.substr(4, pattern.size() - 4 - kEndsSuffix.size()))) {
                evaluator = {"string", "endsWith", {*literal}, {}, evaluator.name};
                return evaluator;
            }
        break;
    }
    case AssertionType::LlmRubric: {
        evaluator.kind = "llm";
        evaluator.values = {text};
        const auto original = spec.find("github_llm");
        if (original != spec.end() && original->is_object()) {
            evaluator.llm = *original;
        } else {
            evaluator.llm = {{"modelId", "openai/gpt-4o-mini"},
                {"choices", {{{"choice", "pass"}, {"score", 1}}, {{"choice", "fail"}, {"score", 0}}}}};
            evaluator.values = {"Does the answer meet this criterion? Answer pass or fail.\nCriterion: " + text
                + "\nAnswer: {{completion}}"};
            lost.insert("llm-rubric: a gh-models llm evaluator asking pass or fail, judged by openai/gpt-4o-mini");
        }
        return evaluator;
    }
    default:
        break;
    }
    lost.insert("the " + assertion.name() + " assertions (gh-models has no evaluator for them)");
    return std::nullopt;
}

// A value the same in every row is written as it is; one that is each row's value of a key (or
// its expected) as `{{key}}`.
std::optional<std::string> sharedTemplate(const std::vector<std::string> &values, const std::vector<json> &rows)
{
    if (std::all_of(values.begin(), values.end(), [&](const std::string &v) { return v == values.front(); }))
        return values.front();
    if (rows.empty())
        return std::nullopt;
    for (const auto &[key, ignored] : rows.front().items()) {
        bool every = true;
        for (std::size_t r = 0; r < rows.size() && every; ++r) {
            const auto field = rows[r].find(key);
            every = field != rows[r].end() && field->is_string() && field->get<std::string>() == values[r];
        }
        if (every)
            return "{{" + key + "}}";
    }
    return std::nullopt;
}

ordered_json evaluatorsOf(const std::vector<eval::DatasetCase> &cases, const std::vector<json> &rows,
    std::set<std::string> &lost)
{
    ordered_json out = ordered_json::array();
    if (cases.empty())
        return out;
    // Evaluators hold for every row: one per position where each case asks the same thing.
    std::size_t positions = cases.front().assertions.size();
    for (const eval::DatasetCase &datasetCase : cases)
        if (datasetCase.assertions.size() != positions) {
            lost.insert("assertions that differ between cases (gh-models' evaluators apply to every row)");
            positions = std::min(positions, datasetCase.assertions.size());
        }
    for (std::size_t p = 0; p < positions; ++p) {
        std::optional<Evaluator> merged;
        bool same = true;
        for (const eval::DatasetCase &datasetCase : cases) {
            std::optional<Evaluator> one = evaluatorOf(datasetCase.assertions[p], datasetCase, lost);
            if (!one) {
                same = false;
                break;
            }
            if (!merged) {
                merged = std::move(one);
            } else if (one->kind != merged->kind || one->key != merged->key || one->llm != merged->llm) {
                same = false;
                break;
            } else {
                merged->values.push_back(one->values.front());
            }
        }
        const std::optional<std::string> value = same && merged ? sharedTemplate(merged->values, rows) : std::nullopt;
        if (!value) {
            if (same && merged)
                lost.insert("assertion " + std::to_string(p + 1) + ": values that differ from case to case");
            continue;
        }
        ordered_json evaluator = {{"name", merged->name.empty() ? merged->key.empty() ? "judge " + std::to_string(p + 1)
                                                                                         : merged->key + " " + std::to_string(p + 1)
                                                                 : merged->name}};
        if (merged->kind == "string") {
            evaluator["string"] = {{merged->key, *value}};
        } else {
            ordered_json llm = ordered_json::object();
            llm["modelId"] = merged->llm.value("modelId", "openai/gpt-4o-mini");
            llm["prompt"] = *value;
            llm["choices"] = merged->llm.value("choices", ordered_json::array());
            if (merged->llm.contains("systemPrompt"))
                llm["systemPrompt"] = merged->llm["systemPrompt"];
            evaluator["llm"] = llm;
        }
        out.push_back(std::move(evaluator));
    }
    return out;
}

std::string modelId(const ExportTarget &chosen)
{
    const std::string &model = chosen.target.model;
    if (model.find('/') != std::string::npos)
        return model; // already publisher/model
    switch (chosen.provider.kind) {
    case providers::ProviderKind::OpenAi:
    case providers::ProviderKind::AzureOpenAi:
        return "openai/" + model;
    default:
        return model;
    }
}

// ---- import ---------------------------------------------------------------------------------

std::string textField(const json &object, const char *key, const std::string &path)
{
    const auto field = object.find(key);
    if (field == object.end() || field->is_null())
        return {};
    if (!field->is_string())
        badField(path.empty() ? std::string(key) : path + "." + key, "must be text");
    return field->get<std::string>();
}

json paramsOf(const json &document, std::vector<std::string> &lost)
{
    json params = json::object();
    if (const auto found = document.find("modelParameters"); found != document.end() && !found->is_null()) {
        if (!found->is_object())
            badField("modelParameters", "must be a map");
        for (const auto &[key, value] : found->items()) {
            if (key == "maxTokens")
                params["max_tokens"] = value;
            else if (key == "temperature")
                params["temperature"] = value;
            else if (key == "topP")
                params["top_p"] = value;
            else
                lost.push_back("modelParameters." + key + " (gh-models does not read it either)");
        }
    }
    const std::string format = textField(document, "responseFormat", "");
    if (format == "json_object") {
        params["response_format"] = {{"type", "json_object"}};
    } else if (format == "json_schema") {
        const std::string schemaText = textField(document, "jsonSchema", "");
        json schema;
        try {
            schema = json::parse(schemaText);
        } catch (const json::parse_error &) {
            badField("jsonSchema", "must be JSON text holding name and schema");
        }
        if (!schema.is_object() || !schema.contains("name") || !schema.contains("schema"))
            badField("jsonSchema", "must hold name and schema");
        params["response_format"] = {{"type", "json_schema"}, {"json_schema", schema}};
    } else if (!format.empty() && format != "text") {
        badField("responseFormat", "must be text, json_object or json_schema");
    }
    return params;
}

// gh-models' evaluators as each row's assertions, their names as `metric`.
json assertionsFor(const json &evaluators, const json &row, std::set<std::string> &lost)
{
    json assertions = json::array();
    for (std::size_t e = 0; e < evaluators.size(); ++e) {
        const json &evaluator = evaluators[e];
        const std::string path = "evaluators[" + std::to_string(e) + "]";
        if (!evaluator.is_object())
            badField(path, "must be a map");
        const std::string name = textField(evaluator, "name", path);
        if (const auto check = evaluator.find("string"); check != evaluator.end()) {
            if (!check->is_object())
                badField(path + ".string", "must be a map");
            std::vector<std::string> keys;
            for (const char *key : {"equals", "contains", "startsWith", "endsWith"})
                if (!textField(*check, key, path + ".string").empty())
                    keys.push_back(key);
            if (keys.empty())
                badField(path + ".string", "needs equals, contains, startsWith or endsWith");
            if (keys.size() > 1)
                lost.insert("evaluator " + name + ": only its " + keys.front() + " (gh-models reads the first that is set)");
            const std::string value = withRow(textField(*check, keys.front().c_str(), path + ".string"), row);
            json spec;
            if (keys.front() == "equals") {
                spec = {{"type", "equals"}, {"value", value}};
                lost.insert("evaluator " + name + ": equals compares the answer as sent (gh-models trims it first)");
            } else if (keys.front() == "contains") {
                spec = {{"type", "icontains"}, {"value", value}};
            } else if (keys.front() == "startsWith") {
                spec = {{"type", "regex"}, {"value", std::string(kStartsPrefix) + regexEscaped(value)}};
            } else {
                spec = {{"type", "regex"}, {"value", "(?i)" + regexEscaped(value) + std::string(kEndsSuffix)}};
            }
            if (!name.empty())
                spec["metric"] = name;
            assertions.push_back(std::move(spec));
        } else if (const auto llm = evaluator.find("llm"); llm != evaluator.end()) {
            if (!llm->is_object())
                badField(path + ".llm", "must be a map");
            json original = *llm;
            original.erase("prompt");
            json spec = {{"type", "llm-rubric"}, {"value", withRow(textField(*llm, "prompt", path + ".llm"), row)},
                {"github_llm", original}};
            if (!name.empty())
                spec["metric"] = name;
            lost.insert("evaluator " + name + " (llm): judged by Promptsmith's rubric judge; its model and choices "
                "are kept for export");
            assertions.push_back(std::move(spec));
        } else if (evaluator.contains("uses")) {
            lost.insert("evaluator " + name + " (uses " + evaluator["uses"].dump() + "): no counterpart here");
        } else {
            badField(path, "needs string, llm or uses");
        }
    }
    return assertions;
}

} // namespace

GithubPromptExport githubPromptFile(const model::PromptRecord &prompt, const model::VersionRecord &version,
    const std::optional<ExportTarget> &target, const std::optional<ExportDataset> &dataset)
{
    GithubPromptExport result;
    const ForeignMessages foreign = foreignMessages(
        version.content, [](const std::string &name) { return "{{" + name + "}}"; }, {"{{"});
    result.lost = foreign.lost;
    std::set<std::string> lost;
    ordered_json file = ordered_json::object();
    file["name"] = prompt.name;
    if (!prompt.description.empty())
        file["description"] = prompt.description;
    if (target)
        file["model"] = modelId(*target);
    else
        lost.insert("the model: name a target (--target) to write one");
    const json params = target ? version.content.params.withOverrides(target->target.params).toJson()
                               : version.content.params.toJson();
    ordered_json parameters = ordered_json::object();
    if (!params["max_tokens"].is_null())
        parameters["maxTokens"] = params["max_tokens"];
    if (!params["temperature"].is_null())
        parameters["temperature"] = params["temperature"];
    if (!params["top_p"].is_null())
        parameters["topP"] = params["top_p"];
    if (!parameters.empty())
        file["modelParameters"] = parameters;
    for (const auto &[key, value] : params.items())
        if (!value.is_null() && !(value.is_array() && value.empty())
            && std::set<std::string> {"max_tokens", "temperature", "top_p", "response_format"}.count(key) == 0)
            lost.insert("parameter " + key + " (gh-models reads maxTokens, temperature and topP)");
    const json &format = params["response_format"];
    if (format.is_object() && format.value("type", "") == "json_object") {
        file["responseFormat"] = "json_object";
    } else if (format.is_object() && format.value("type", "") == "json_schema") {
        file["responseFormat"] = "json_schema";
        const ordered_json schema = format.value("json_schema", json::object());
        file["jsonSchema"] = schema.dump(2);
    }
    ordered_json messages = ordered_json::array();
    for (const ForeignMessage &message : foreign.messages) {
        if (message.role != "system" && message.role != "user" && message.role != "assistant") {
            lost.insert("a " + message.role + " message (gh-models takes system, user and assistant)");
            continue;
        }
        messages.push_back({{"role", message.role}, {"content", message.content}});
    }
    file["messages"] = messages;
    if (dataset) {
        std::vector<json> rows;
        ordered_json testData = ordered_json::array();
        for (std::size_t i = 0; i < dataset->cases.size(); ++i) {
            const eval::DatasetCase &datasetCase = dataset->cases[i];
            json row = datasetCase.vars;
            if (datasetCase.expected)
                row["expected"] = *datasetCase.expected;
            if (!datasetCase.messages.empty())
                lost.insert("case " + std::to_string(i + 1) + ": its prior messages");
            testData.push_back(ordered_json(row));
            rows.push_back(std::move(row));
        }
        file["testData"] = testData;
        const ordered_json evaluators = evaluatorsOf(dataset->cases, rows, lost);
        if (!evaluators.empty())
            file["evaluators"] = evaluators;
    }
    result.lost.insert(result.lost.end(), lost.begin(), lost.end());
    result.text = util::yamlText(file);
    return result;
}

bool isGithubPromptFile(const json &document)
{
    return document.is_object() && document.contains("messages") && document["messages"].is_array()
        && !document.contains("prompts") && !document.contains("format_version");
}

GithubPromptImport readGithubPromptFile(
    const json &document, const std::string &fileName, const std::string &author, const std::string &now)
{
    if (!document.is_object())
        badField("(file)", "a .prompt.yml is a map with name, model and messages");
    GithubPromptImport result;
    std::string name = textField(document, "name", "");
    if (name.empty()) {
        name = fileName.substr(fileName.find_last_of('/') + 1);
        for (const char *suffix : {".prompt.yml", ".prompt.yaml", ".yml", ".yaml"})
            if (name.ends_with(suffix)) {
                name.resize(name.size() - std::string_view(suffix).size());
                break;
            }
    }
    result.prompt.promptName = name;
    result.prompt.description = textField(document, "description", "");
    if (const std::string model = textField(document, "model", ""); !model.empty())
        result.lost.push_back("the model " + model + ": choose a target for it (export --target writes it back)");
    json content = {{"messages", json::array()}, {"params", paramsOf(document, result.lost)}};
    const auto messages = document.find("messages");
    if (messages == document.end() || !messages->is_array() || messages->empty())
        badField("messages", "a .prompt.yml needs a list of messages");
    for (std::size_t m = 0; m < messages->size(); ++m) {
        const json &message = (*messages)[m];
        const std::string path = "messages[" + std::to_string(m) + "]";
        if (!message.is_object())
            badField(path, "must be a map with role and content");
        const std::string role = textField(message, "role", path);
        if (role != "system" && role != "user" && role != "assistant")
            badField(path + ".role", "must be system, user or assistant");
        content["messages"].push_back({{"role", role}, {"content", textField(message, "content", path)}});
    }
    store::ForeignVersion version;
    version.number = 1;
    version.author = author;
    version.created = now;
    version.message = "imported from " + fileName.substr(fileName.find_last_of('/') + 1);
    try {
        version.content = model::VersionContent::fromJson(content);
    } catch (const model::ContentError &error) {
        badField("messages", error.what());
    }
    result.prompt.versions.push_back(std::move(version));

    const json evaluators = document.value("evaluators", json::array());
    if (!evaluators.is_array())
        badField("evaluators", "must be a list");
    if (const auto rows = document.find("testData"); rows != document.end() && !rows->is_null()) {
        if (!rows->is_array())
            badField("testData", "must be a list of maps");
        BundleDataset dataset;
        dataset.name = name + " tests";
        dataset.source = fileName.substr(fileName.find_last_of('/') + 1);
        std::set<std::string> lost;
        for (std::size_t r = 0; r < rows->size(); ++r) {
            const json &row = (*rows)[r];
            if (!row.is_object())
                badField("testData[" + std::to_string(r) + "]", "must be a map of values");
            eval::DatasetCase datasetCase;
            datasetCase.vars = row;
            if (const auto expected = row.find("expected"); expected != row.end() && expected->is_string()) {
                datasetCase.expected = expected->get<std::string>();
                datasetCase.vars.erase("expected");
            }
            datasetCase.assertions = assertionsFor(evaluators, row, lost);
            for (const json &spec : datasetCase.assertions) {
                try {
                    eval::parseAssertion(spec);
                } catch (const eval::AssertionError &error) {
                    badField("evaluators", error.what());
                }
            }
            dataset.cases.push_back(std::move(datasetCase));
        }
        result.lost.insert(result.lost.end(), lost.begin(), lost.end());
        result.dataset = std::move(dataset);
    } else if (!evaluators.empty()) {
        result.lost.push_back("the evaluators: without testData there are no cases to keep them on");
    }
    return result;
}

} // namespace ps::io
