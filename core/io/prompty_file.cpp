#include "io/prompty_file.h"

#include "io/field_error.h"
#include "io/foreign_messages.h"
#include "io/promptfoo_config.h"
#include "template/prompt_renderer.h"
#include "util/yaml_text.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>

namespace ps::io {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::vector<std::string_view> linesOf(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

// "user:" alone on its line (any case, spaces around): the role it starts, else "".
std::string roleMarker(std::string_view line)
{
    const std::size_t begin = line.find_first_not_of(" \t");
    if (begin == std::string_view::npos)
        return {};
    const std::size_t end = line.find_last_not_of(" \t");
    std::string word(line.substr(begin, end + 1 - begin));
    if (word.size() < 2 || word.back() != ':')
        return {};
    word.pop_back();
    while (!word.empty() && (word.back() == ' ' || word.back() == '\t'))
        word.pop_back();
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return word == "system" || word == "user" || word == "assistant" || word == "developer" ? word : std::string();
}

bool isFenceLine(std::string_view line)
{
    return line == "---" || line == "+++";
}

// The front matter's lines and the body's, or nullopt when the text opens with no front matter.
std::optional<std::pair<std::string, std::string>> splitFrontMatter(std::string_view text)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3); // a byte-order mark
    const std::vector<std::string_view> lines = linesOf(text);
    if (lines.empty() || !isFenceLine(lines.front()))
        return std::nullopt;
    for (std::size_t i = 1; i < lines.size(); ++i)
        if (lines[i] == lines.front()) {
            std::string front;
            for (std::size_t j = 1; j < i; ++j)
                front += std::string(lines[j]) + "\n";
            std::string body;
            for (std::size_t j = i + 1; j < lines.size(); ++j)
                body += std::string(lines[j]) + (j + 1 < lines.size() ? "\n" : "");
            return std::pair {front, body};
        }
    return std::nullopt;
}

std::string providerName(providers::ProviderKind kind)
{
    switch (kind) {
    case providers::ProviderKind::AzureOpenAi:
        return "azure";
    case providers::ProviderKind::OpenAiCompatible:
        return "openai";
    default:
        return providers::toString(kind);
    }
}

ordered_json optionsOf(const json &params, std::set<std::string> &lost)
{
    ordered_json options = ordered_json::object();
    const auto copy = [&](const char *ours, const char *theirs) {
        if (params.contains(ours) && !params[ours].is_null() && !(params[ours].is_array() && params[ours].empty()))
            options[theirs] = params[ours];
    };
    copy("temperature", "temperature");
    copy("max_tokens", "maxOutputTokens");
    copy("top_p", "topP");
    copy("seed", "seed");
    copy("stop", "stopSequences");
    copy("frequency_penalty", "frequencyPenalty");
    copy("presence_penalty", "presencePenalty");
    static const std::set<std::string> carried {"temperature", "max_tokens", "top_p", "seed", "stop",
        "frequency_penalty", "presence_penalty"};
    for (const auto &[key, value] : params.items())
        if (carried.count(key) == 0 && !value.is_null() && !(value.is_array() && value.empty()))
            lost.insert("parameter " + key + " (Prompty's model options have no field for it)");
    return options;
}

// A value from a file as a variable's default: text as it is, anything else as JSON.
std::string textOf(const json &value)
{
    return value.is_string() ? value.get<std::string>() : value.dump();
}

json paramsFromOptions(const json &options, std::vector<std::string> &lost)
{
    static const std::map<std::string, std::string> ours {{"temperature", "temperature"},
        {"maxOutputTokens", "max_tokens"}, {"topP", "top_p"}, {"seed", "seed"}, {"stopSequences", "stop"},
        {"frequencyPenalty", "frequency_penalty"}, {"presencePenalty", "presence_penalty"},
        // v1's parameters, in OpenAI's names
        {"max_tokens", "max_tokens"}, {"top_p", "top_p"}, {"stop", "stop"}, {"frequency_penalty", "frequency_penalty"},
        {"presence_penalty", "presence_penalty"}, {"response_format", "response_format"}};
    json params = json::object();
    if (!options.is_object())
        return params;
    for (const auto &[key, value] : options.items()) {
        if (const auto found = ours.find(key); found != ours.end())
            params[found->second] = value;
        else
            lost.push_back("model option " + key);
    }
    return params;
}

} // namespace

PromptyExport promptyFile(const model::PromptRecord &prompt, const model::VersionRecord &version,
    const std::optional<ExportTarget> &target)
{
    PromptyExport result;
    const ForeignMessages foreign = foreignMessages(
        version.content, [](const std::string &name) { return "{{" + name + "}}"; }, {"{{"});
    result.lost = foreign.lost;
    std::set<std::string> lost;

    ordered_json front = ordered_json::object();
    front["name"] = prompt.name;
    if (!prompt.description.empty())
        front["description"] = prompt.description;
    ordered_json metadata = {{"authors", ordered_json::array({version.author})}};
    if (!prompt.tags.empty())
        metadata["tags"] = prompt.tags;
    front["metadata"] = metadata;
    const json params = target ? version.content.params.withOverrides(target->target.params).toJson()
                               : version.content.params.toJson();
    if (target) {
        ordered_json modelField = {{"id", target->target.model}, {"provider", providerName(target->provider.kind)},
            {"apiType", "chat"}};
        const providers::ProviderConfig &provider = target->provider;
        if (!provider.baseUrl.empty() && provider.baseUrl != providers::defaultBaseUrl(provider.kind)) {
            const std::string variable
                = provider.apiKeyEnv.empty() ? providers::defaultApiKeyEnv(provider.kind) : provider.apiKeyEnv;
            // The variable's name, as Prompty reads it from the environment; never a key.
            modelField["connection"] = {{"kind", "key"}, {"endpoint", provider.baseUrl}, {"apiKey", "${env:" + variable + "}"}};
        }
        const ordered_json options = optionsOf(params, lost);
        if (!options.empty())
            modelField["options"] = options;
        front["model"] = modelField;
    } else {
        lost.insert("the model: name a target (--target) to write one");
        optionsOf(params, lost); // what would be lost anyway
        if (!params["temperature"].is_null() || !params["max_tokens"].is_null())
            lost.insert("the parameters: they ride in model.options, written with a target");
    }
    ordered_json inputs = ordered_json::object();
    std::vector<std::string> names = foreign.variables;
    for (const model::Variable &variable : version.content.variables)
        if (std::find(names.begin(), names.end(), variable.name) == names.end())
            names.push_back(variable.name);
    for (const std::string &name : names) {
        ordered_json input = {{"kind", "string"}};
        for (const model::Variable &variable : version.content.variables)
            if (variable.name == name) {
                if (!variable.description.empty())
                    input["description"] = variable.description;
                if (!variable.defaultValue.empty())
                    input["default"] = variable.defaultValue;
            }
        inputs[name] = input;
    }
    if (!inputs.empty())
        front["inputs"] = inputs;
    front["template"] = {{"format", {{"kind", "mustache"}}}, {"parser", {{"kind", "prompty"}}}};

    std::string body;
    for (std::size_t m = 0; m < foreign.messages.size(); ++m) {
        const ForeignMessage &message = foreign.messages[m];
        std::string role = message.role;
        if (role != "system" && role != "user" && role != "assistant") {
            lost.insert("message " + std::to_string(m + 1) + " (" + role + "): Prompty's body has system, user and assistant");
            role = "user";
        }
        for (const std::string_view line : linesOf(message.content))
            if (!roleMarker(line).empty())
                lost.insert("message " + std::to_string(m + 1) + "'s line \"" + std::string(line)
                    + "\", which Prompty reads as the start of another message");
        const std::vector<std::string_view> lines = linesOf(message.content);
        if ((!lines.empty() && isBlank(lines.front())) || (lines.size() > 1 && isBlank(lines.back())))
            lost.insert("message " + std::to_string(m + 1) + "'s blank lines at its start or end (Prompty trims them)");
        body += (m == 0 ? "" : "\n") + role + ":\n" + message.content + "\n";
    }
    result.lost.insert(result.lost.end(), lost.begin(), lost.end());
    result.text = "---\n" + util::yamlText(front) + "---\n" + body;
    return result;
}

bool isPromptyFile(std::string_view text)
{
    const auto parts = splitFrontMatter(text);
    if (!parts)
        return false;
    for (const std::string_view line : linesOf(parts->second))
        if (!roleMarker(line).empty())
            return true;
    return parts->first.find("template") != std::string::npos || parts->first.find("model") != std::string::npos;
}

PromptyImport readPromptyFile(
    std::string_view text, const std::string &fileName, const std::string &author, const std::string &now)
{
    const auto parts = splitFrontMatter(text);
    if (!parts)
        badField("line 1", "a .prompty file opens with front matter between --- lines");
    json front;
    try {
        front = json(util::parseYaml(parts->first));
    } catch (const util::YamlError &error) {
        throw std::invalid_argument(std::string("front matter: ") + error.what());
    }
    if (front.is_null())
        front = json::object();
    if (!front.is_object())
        badField("front matter", "must be a map");
    PromptyImport result;
    const auto text_ = [&](const char *key) {
        const auto field = front.find(key);
        if (field == front.end() || field->is_null())
            return std::string();
        if (!field->is_string())
            badField(key, "must be text");
        return field->get<std::string>();
    };
    std::string name = text_("name");
    if (name.empty()) {
        name = fileName.substr(fileName.find_last_of('/') + 1);
        if (name.ends_with(".prompty"))
            name.resize(name.size() - 8);
    }
    result.prompt.promptName = name;
    result.prompt.description = text_("description");
    std::string versionAuthor = author;
    const json metadata = front.value("metadata", json::object());
    const json authors = front.contains("authors") ? front["authors"] : metadata.value("authors", json::array());
    if (authors.is_array() && !authors.empty() && authors.front().is_string())
        versionAuthor = authors.front().get<std::string>();
    const json tags = front.contains("tags") ? front["tags"] : metadata.value("tags", json::array());
    if (tags.is_array())
        for (const json &tag : tags)
            if (tag.is_string())
                result.prompt.tags.push_back(tag.get<std::string>());

    // The model: its id is a target's business; its options (v1: parameters) are ours.
    json params = json::object();
    if (const auto modelField = front.find("model"); modelField != front.end() && !modelField->is_null()) {
        std::string id = modelField->is_string() ? modelField->get<std::string>() : "";
        if (modelField->is_object()) {
            id = modelField->value("id", "");
            if (modelField->contains("configuration") && (*modelField)["configuration"].is_object()) {
                const json &configuration = (*modelField)["configuration"];
                id = configuration.value("azure_deployment", configuration.value("name", id));
            }
            params = paramsFromOptions(modelField->value("options", modelField->value("parameters", json::object())), result.lost);
        }
        if (!id.empty())
            result.lost.push_back("the model " + id + ": choose a target for it (export --target writes it back)");
    }

    // Inputs: a map of name -> property, or a list of properties; v1's top-level sample.
    json variables = json::array();
    const json sample = front.value("sample", json::object());
    const auto addInput = [&](const std::string &inputName, const json &property) {
        json variable = {{"name", inputName}};
        if (property.is_object()) {
            if (property.contains("description") && property["description"].is_string())
                variable["description"] = property["description"];
            for (const char *key : {"default", "sample", "example"})
                if (property.contains(key) && !property[key].is_null() && !variable.contains("default"))
                    variable["default"] = textOf(property[key]);
        }
        if (!variable.contains("default") && sample.is_object() && sample.contains(inputName))
            variable["default"] = textOf(sample[inputName]);
        variables.push_back(variable);
    };
    if (const auto inputs = front.find("inputs"); inputs != front.end() && !inputs->is_null()) {
        if (inputs->is_object()) {
            for (const auto &[inputName, property] : inputs->items())
                addInput(inputName, property);
        } else if (inputs->is_array()) {
            for (const json &property : *inputs)
                if (property.is_object() && property.contains("name") && property["name"].is_string())
                    addInput(property["name"].get<std::string>(), property);
        } else {
            badField("inputs", "must be a map or a list of inputs");
        }
    }

    // The template language: mustache is ours; jinja2 (the default) reads as Nunjucks does.
    std::string format = "jinja2";
    if (const auto templateField = front.find("template"); templateField != front.end() && !templateField->is_null()) {
        if (templateField->is_string())
            format = templateField->get<std::string>();
        else if (templateField->is_object() && templateField->contains("format")) {
            const json &formatField = (*templateField)["format"];
            format = formatField.is_string() ? formatField.get<std::string>() : formatField.value("kind", "jinja2");
        }
    }
    const bool mustache = format == "mustache";
    if (!mustache && format != "jinja2" && format != "nunjucks" && format != "*")
        result.lost.push_back("the template format " + format + ": read as Jinja2");

    json messages = json::array();
    std::string role = "system";
    std::vector<std::string> content;
    std::vector<std::string> notes;
    const auto finish = [&] {
        while (!content.empty() && isBlank(content.front()))
            content.erase(content.begin());
        while (!content.empty() && isBlank(content.back()))
            content.pop_back();
        if (content.empty())
            return;
        std::string joined;
        for (std::size_t i = 0; i < content.size(); ++i)
            joined += content[i] + (i + 1 < content.size() ? "\n" : "");
        messages.push_back({{"role", role}, {"content", mustache ? joined : mustacheFromNunjucks(joined, notes)}});
        content.clear();
    };
    for (const std::string_view line : linesOf(parts->second)) {
        const std::string marker = roleMarker(line);
        if (marker.empty()) {
            content.emplace_back(line);
            continue;
        }
        finish();
        role = marker == "developer" ? "system" : marker;
        if (marker == "developer")
            notes.push_back("developer messages are system messages here");
    }
    finish();
    for (const std::string &note : notes)
        if (std::find(result.lost.begin(), result.lost.end(), note) == result.lost.end())
            result.lost.push_back(note);
    if (messages.empty())
        badField("body", "a .prompty file needs at least one message after its front matter");

    store::ForeignVersion version;
    version.number = 1;
    version.author = versionAuthor;
    version.created = now;
    version.message = "imported from " + fileName.substr(fileName.find_last_of('/') + 1);
    try {
        version.content = model::VersionContent::fromJson({{"messages", messages}, {"variables", variables}, {"params", params}});
    } catch (const model::ContentError &error) {
        badField("front matter", error.what());
    }
    result.prompt.versions.push_back(std::move(version));
    return result;
}

} // namespace ps::io
