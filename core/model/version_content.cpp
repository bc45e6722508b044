#include "model/version_content.h"

#include "util/sha256.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace ps::model {

using nlohmann::json;

namespace {

std::string at(const std::string &parent, const std::string &key)
{
    return parent.empty() ? key : parent + "." + key;
}

std::string at(const std::string &parent, std::size_t index)
{
    return parent + "[" + std::to_string(index) + "]";
}

const char *typeName(const json &value)
{
    return value.type_name();
}

void requireObject(const json &value, const std::string &path)
{
    if (!value.is_object())
        throw ContentError(path, std::string("expected an object, found ") + typeName(value));
}

void rejectUnknownKeys(
    const json &object, const std::string &path, std::initializer_list<const char *> known)
{
    for (const auto &item : object.items()) {
        // Named apart: clang before 16 cannot capture a structured binding in a lambda.
        const std::string &key = item.key();
        const bool isKnown
            = std::any_of(known.begin(), known.end(), [&](const char *k) { return key == k; });
        if (!isKnown)
            throw ContentError(at(path, key), "unknown field");
    }
}

std::string readString(
    const json &object, const char *key, const std::string &path, const std::string &fallback = {})
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return fallback;
    if (!it->is_string())
        throw ContentError(at(path, key), std::string("expected a string, found ") + typeName(*it));
    return it->get<std::string>();
}

std::vector<std::string> readStringList(
    const json &object, const char *key, const std::string &path, bool allowSingleString)
{
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return out;
    if (allowSingleString && it->is_string()) {
        out.push_back(it->get<std::string>());
        return out;
    }
    if (!it->is_array())
        throw ContentError(
            at(path, key), std::string("expected a list of strings, found ") + typeName(*it));
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json &item = (*it)[i];
        if (!item.is_string())
            throw ContentError(at(at(path, key), i), "expected a string");
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::optional<double> readNumber(const json &object, const char *key, const std::string &path)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return std::nullopt;
    if (!it->is_number())
        throw ContentError(at(path, key), std::string("expected a number, found ") + typeName(*it));
    const double value = it->get<double>();
    if (!std::isfinite(value))
        throw ContentError(at(path, key), "expected a finite number");
    return value;
}

std::optional<long long> readInteger(const json &object, const char *key, const std::string &path)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return std::nullopt;
    if (it->is_number_integer())
        return it->get<long long>();
    if (it->is_number_float()) {
        const double value = it->get<double>();
        if (std::isfinite(value) && value == std::floor(value) && std::abs(value) < 9.0e18)
            return static_cast<long long>(value);
    }
    throw ContentError(at(path, key), std::string("expected an integer, found ") + typeName(*it));
}

Message readMessage(const json &value, const std::string &path)
{
    requireObject(value, path);
    rejectUnknownKeys(value, path, {"role", "content", "tool_call_id", "tool_calls", "images"});
    Message message;
    if (!value.contains("role"))
        throw ContentError(at(path, "role"), "missing (one of system, user, assistant, tool)");
    message.role = readString(value, "role", path);
    if (!isValidRole(message.role))
        throw ContentError(
            at(path, "role"), "'" + message.role + "' is not one of system, user, assistant, tool");
    message.content = readString(value, "content", path);
    message.toolCallId = readString(value, "tool_call_id", path);
    if (message.role == "tool" && message.toolCallId.empty())
        throw ContentError(
            at(path, "tool_call_id"), "a tool message needs the id of the call it answers");
    if (message.role != "tool" && !message.toolCallId.empty())
        throw ContentError(at(path, "tool_call_id"), "only tool messages carry a tool_call_id");
    if (const auto it = value.find("tool_calls"); it != value.end() && !it->is_null()) {
        if (message.role != "assistant")
            throw ContentError(at(path, "tool_calls"), "only assistant messages carry tool_calls");
        if (!it->is_array())
            throw ContentError(at(path, "tool_calls"), "expected a list");
        message.toolCalls = *it;
    }
    if (const auto it = value.find("images"); it != value.end() && !it->is_null()) {
        if (message.role != "user")
            throw ContentError(at(path, "images"), "only user messages carry images");
        if (!it->is_array())
            throw ContentError(at(path, "images"), "expected a list");
        for (std::size_t i = 0; i < it->size(); ++i)
            message.images.push_back(ImageRef::fromJson((*it)[i], at(at(path, "images"), i)));
    }
    return message;
}

Variable readVariable(const json &value, const std::string &path)
{
    if (value.is_string()) {
        if (value.get_ref<const std::string &>().empty())
            throw ContentError(path, "a variable needs a name");
        return Variable {value.get<std::string>(), {}, {}};
    }
    requireObject(value, path);
    rejectUnknownKeys(value, path, {"name", "default", "description"});
    Variable variable;
    variable.name = readString(value, "name", path);
    if (variable.name.empty())
        throw ContentError(at(path, "name"), "a variable needs a name");
    variable.defaultValue = readString(value, "default", path);
    variable.description = readString(value, "description", path);
    return variable;
}

Params readParams(const json &value, const std::string &path)
{
    requireObject(value, path);
    Params params;
    params.temperature = readNumber(value, "temperature", path);
    params.topP = readNumber(value, "top_p", path);
    params.maxTokens = readInteger(value, "max_tokens", path);
    if (params.maxTokens && *params.maxTokens <= 0)
        throw ContentError(at(path, "max_tokens"), "must be a positive integer");
    params.stop = readStringList(value, "stop", path, true);
    params.seed = readInteger(value, "seed", path);
    if (const auto it = value.find("reasoning_effort"); it != value.end() && !it->is_null())
        params.reasoningEffort = readString(value, "reasoning_effort", path);
    if (const auto it = value.find("response_format"); it != value.end() && !it->is_null()) {
        if (!it->is_object() || !it->contains("type") || !(*it)["type"].is_string())
            throw ContentError(
                at(path, "response_format"), "expected an object with a string \"type\"");
        params.responseFormat = *it;
    }
    if (const auto it = value.find("tools"); it != value.end() && !it->is_null()) {
        if (!it->is_array())
            throw ContentError(at(path, "tools"), "expected a list of tool definitions");
        for (std::size_t i = 0; i < it->size(); ++i) {
            const json &tool = (*it)[i];
            if (!tool.is_object() || !tool.contains("name") || !tool["name"].is_string())
                throw ContentError(at(at(path, "tools"), i), "a tool needs a string \"name\"");
        }
        params.tools = *it;
    }
    static constexpr std::array known = {"temperature", "top_p", "max_tokens", "stop", "seed",
        "reasoning_effort", "response_format", "tools"};
    for (const auto &[key, item] : value.items()) {
        // A null extra parameter means "not set": keeping it would give the same
        // request two hashes.
        if (std::find(known.begin(), known.end(), key) == known.end() && !item.is_null())
            params.extra[key] = item;
    }
    return params;
}

Example readExample(const json &value, const std::string &path)
{
    requireObject(value, path);
    rejectUnknownKeys(value, path, {"input", "output", "note", "enabled", "tags", "images"});
    Example example;
    if (const auto it = value.find("input"); it != value.end() && !it->is_null()) {
        if (!it->is_object())
            throw ContentError(at(path, "input"), "expected an object of variable values");
        example.input = *it;
    }
    example.output = readString(value, "output", path);
    example.note = readString(value, "note", path);
    if (const auto it = value.find("enabled"); it != value.end() && !it->is_null()) {
        if (!it->is_boolean())
            throw ContentError(at(path, "enabled"), "expected true or false");
        example.enabled = it->get<bool>();
    }
    example.tags = readStringList(value, "tags", path, false);
    if (const auto it = value.find("images"); it != value.end() && !it->is_null()) {
        if (!it->is_array())
            throw ContentError(at(path, "images"), "expected a list");
        for (std::size_t i = 0; i < it->size(); ++i)
            example.images.push_back(ImageRef::fromJson((*it)[i], at(at(path, "images"), i)));
    }
    return example;
}

json optionalJson(const auto &value)
{
    return value ? json(*value) : json(nullptr);
}

} // namespace

bool isValidRole(const std::string &role)
{
    return role == "system" || role == "user" || role == "assistant" || role == "tool";
}

const char *toString(ExamplesMode mode)
{
    return mode == ExamplesMode::Turns ? "turns" : "section";
}

VersionContent VersionContent::fromJson(const json &value)
{
    requireObject(value, "");
    rejectUnknownKeys(value, "", {"messages", "variables", "params", "examples", "examples_mode"});
    VersionContent content;

    const auto messages = value.find("messages");
    if (messages == value.end())
        throw ContentError("messages", "missing: a version needs at least one message");
    if (!messages->is_array() || messages->empty())
        throw ContentError("messages", "expected a non-empty list of messages");
    for (std::size_t i = 0; i < messages->size(); ++i)
        content.messages.push_back(readMessage((*messages)[i], at("messages", i)));

    if (const auto it = value.find("variables"); it != value.end() && !it->is_null()) {
        if (!it->is_array())
            throw ContentError("variables", "expected a list");
        std::set<std::string> names;
        for (std::size_t i = 0; i < it->size(); ++i) {
            Variable variable = readVariable((*it)[i], at("variables", i));
            if (!names.insert(variable.name).second)
                throw ContentError(
                    at("variables", i), "variable '" + variable.name + "' is declared twice");
            content.variables.push_back(std::move(variable));
        }
    }
    if (const auto it = value.find("params"); it != value.end() && !it->is_null())
        content.params = Params::fromJson(*it);
    if (const auto it = value.find("examples"); it != value.end() && !it->is_null()) {
        if (!it->is_array())
            throw ContentError("examples", "expected a list");
        for (std::size_t i = 0; i < it->size(); ++i)
            content.examples.push_back(readExample((*it)[i], at("examples", i)));
    }
    const std::string mode = readString(value, "examples_mode", "", "section");
    if (mode == "section")
        content.examplesMode = ExamplesMode::Section;
    else if (mode == "turns")
        content.examplesMode = ExamplesMode::Turns;
    else
        throw ContentError("examples_mode", "'" + mode + "' is not one of section, turns");
    return content;
}

json ImageRef::toJson() const
{
    json out = sha256.empty() ? json {{"url", url}}
                              : json {{"sha256", sha256}, {"media_type", mediaType}, {"width", width}, {"height", height}};
    if (!detail.empty())
        out["detail"] = detail;
    return out;
}

ImageRef ImageRef::fromJson(const json &value, const std::string &path)
{
    requireObject(value, path);
    rejectUnknownKeys(value, path, {"sha256", "url", "media_type", "width", "height", "detail"});
    ImageRef image;
    image.sha256 = readString(value, "sha256", path);
    image.url = readString(value, "url", path);
    image.detail = readString(value, "detail", path);
    if (image.sha256.empty() == image.url.empty())
        throw ContentError(path, "an image is either \"sha256\" (stored in the project) or \"url\"");
    if (!image.detail.empty() && image.detail != "low" && image.detail != "high" && image.detail != "auto")
        throw ContentError(at(path, "detail"), "'" + image.detail + "' is not one of low, high, auto");
    if (!image.url.empty()) {
        if (image.url.rfind("https://", 0) != 0 && image.url.rfind("http://", 0) != 0)
            throw ContentError(at(path, "url"), "an image URL starts with https:// or http://");
        return image;
    }
    const bool hex = image.sha256.size() == 64
        && std::all_of(image.sha256.begin(), image.sha256.end(),
            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    if (!hex)
        throw ContentError(at(path, "sha256"), "expected 64 lower-case hex digits");
    image.mediaType = readString(value, "media_type", path);
    if (image.mediaType != "image/png" && image.mediaType != "image/jpeg" && image.mediaType != "image/gif"
        && image.mediaType != "image/webp")
        throw ContentError(at(path, "media_type"), "'" + image.mediaType + "' is not image/png, image/jpeg, image/gif or image/webp");
    const auto width = readInteger(value, "width", path);
    const auto height = readInteger(value, "height", path);
    if (!width || !height || *width <= 0 || *height <= 0 || *width > 100000 || *height > 100000)
        throw ContentError(path, "a stored image needs its \"width\" and \"height\" in pixels");
    image.width = int(*width);
    image.height = int(*height);
    return image;
}

json VersionContent::toJson() const
{
    json out = json::object();
    json jsonMessages = json::array();
    for (const Message &message : messages) {
        json item = {{"role", message.role}, {"content", message.content}};
        if (message.role == "tool")
            item["tool_call_id"] = message.toolCallId;
        if (message.role == "assistant")
            item["tool_calls"] = message.toolCalls;
        // Only when there are any: a version without images keeps the content hash it had.
        if (!message.images.empty()) {
            json images = json::array();
            for (const ImageRef &image : message.images)
                images.push_back(image.toJson());
            item["images"] = std::move(images);
        }
        jsonMessages.push_back(std::move(item));
    }
    out["messages"] = std::move(jsonMessages);

    json jsonVariables = json::array();
    for (const Variable &variable : variables)
        jsonVariables.push_back({{"name", variable.name}, {"default", variable.defaultValue},
            {"description", variable.description}});
    out["variables"] = std::move(jsonVariables);

    out["params"] = params.toJson();

    json jsonExamples = json::array();
    for (const Example &example : examples) {
        json item = {{"input", example.input}, {"output", example.output}, {"note", example.note},
            {"enabled", example.enabled}, {"tags", example.tags}};
        if (!example.images.empty()) { // likewise: the hash of an example without images is kept
            json images = json::array();
            for (const ImageRef &image : example.images)
                images.push_back(image.toJson());
            item["images"] = std::move(images);
        }
        jsonExamples.push_back(std::move(item));
    }
    out["examples"] = std::move(jsonExamples);
    out["examples_mode"] = toString(examplesMode);
    return out;
}

json Params::toJson() const
{
    json out = extra.is_object() ? extra : json::object();
    out["temperature"] = optionalJson(temperature);
    out["top_p"] = optionalJson(topP);
    out["max_tokens"] = optionalJson(maxTokens);
    out["stop"] = stop;
    out["seed"] = optionalJson(seed);
    out["reasoning_effort"] = optionalJson(reasoningEffort);
    out["response_format"] = responseFormat;
    out["tools"] = tools.is_null() ? json::array() : tools;
    return out;
}

Params Params::fromJson(const json &value)
{
    return readParams(value, "params");
}

Params Params::withOverrides(const json &overrides) const
{
    if (!overrides.is_object())
        throw ContentError("params", "overrides must be an object");
    json merged = toJson();
    for (const auto &[key, value] : overrides.items())
        merged[key] = value;
    return readParams(merged, "params");
}

std::string VersionContent::contentHash() const
{
    // nlohmann's default object is a std::map, so dump() is already key-sorted
    // and compact; doubles print in shortest round-trip form.
    return util::sha256Hex(toJson().dump(-1, ' ', false, json::error_handler_t::strict));
}

} // namespace ps::model
