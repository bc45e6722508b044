#include "io/langfuse_format.h"

#include "io/field_error.h"
#include "io/foreign_messages.h"

#include <stdexcept>

namespace ps::io {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

constexpr std::size_t kMaxItems = 500; // what Langfuse's import dialog takes

// The parameters Langfuse's `config` carries: ours, without the unset ones.
json configOf(const model::Params &params)
{
    json config = json::object();
    const json all = params.toJson(); // items() refers to it: it must outlive the loop
    for (const auto &[key, value] : all.items())
        if (!value.is_null() && !(value.is_array() && value.empty()))
            config[key] = value;
    return config;
}

struct ItemMessages
{
    ordered_json prompt = ordered_json::array();
    std::vector<std::string> lost;
};

ItemMessages itemMessages(const model::VersionContent &content)
{
    const ForeignMessages foreign = foreignMessages(
        content, [](const std::string &name) { return "{{" + name + "}}"; }, {"{{"});
    ItemMessages result;
    for (const ForeignMessage &message : foreign.messages)
        result.prompt.push_back(ordered_json {{"role", message.role}, {"content", message.content}});
    result.lost = foreign.lost;
    return result;
}

// The content an item's messages and parameters alone give back.
model::VersionContent plainContent(const json &prompt, const json &config)
{
    json content {{"messages", json::array()}, {"params", config}};
    for (const json &message : prompt)
        content["messages"].push_back({{"role", message["role"]}, {"content", message["content"]}});
    return model::VersionContent::fromJson(content);
}

// What Langfuse has no field for, as the version's content keys: variables (defaults and
// descriptions), examples, their mode, and the message templates when sections or examples make
// them differ from the messages Langfuse gets. The parameters are config's own keys already.
json extrasOf(const model::VersionContent &content, const json &prompt)
{
    const json all = content.toJson();
    json extras = json::object();
    if (!content.variables.empty())
        extras["variables"] = all["variables"];
    if (!content.examples.empty())
        extras["examples"] = all["examples"];
    if (content.examplesMode != model::ExamplesMode::Section)
        extras["examples_mode"] = all["examples_mode"];
    if (plainContent(prompt, json::object()).messages != content.messages)
        extras["messages"] = all["messages"];
    return extras;
}

// The content `extras` (extrasOf) and an item's messages and config describe.
model::VersionContent withExtras(const json &extras, const json &prompt, const json &config)
{
    json content = extras;
    if (!content.contains("messages"))
        content["messages"] = plainContent(prompt, json::object()).toJson()["messages"];
    content["params"] = config;
    return model::VersionContent::fromJson(content);
}

// Langfuse's times carry milliseconds ("2024-05-01T10:00:00.000Z"); ours are to the second.
std::string secondsOf(const json &value, const std::string &fallback)
{
    if (!value.is_string())
        return fallback;
    const std::string text = value.get<std::string>();
    if (text.size() < 20 || text[10] != 'T' || text.back() != 'Z')
        return fallback;
    return text.substr(0, 19) + "Z";
}

} // namespace

LangfuseExport langfuseItems(
    const model::PromptRecord &prompt, const std::vector<model::VersionRecord> &versions)
{
    LangfuseExport result;
    for (const model::VersionRecord &version : versions) {
        ItemMessages messages = itemMessages(version.content);
        json config = configOf(version.content.params);
        const std::string where = "v" + std::to_string(version.number) + ": ";
        // What messages and parameters cannot say travels in config, so that an import
        // restores the version as it is.
        if (!(plainContent(json(messages.prompt), config) == version.content))
            config["promptsmith"] = extrasOf(version.content, json(messages.prompt));
        for (const std::string &item : messages.lost)
            result.lost.push_back(where + item);
        ordered_json labels = ordered_json::array();
        for (const std::string &label : version.labels)
            labels.push_back(label);
        result.items.push_back(ordered_json {
            {"name", prompt.name},
            {"type", "chat"},
            {"prompt", std::move(messages.prompt)},
            {"config", ordered_json(config)},
            {"labels", std::move(labels)},
            {"tags", prompt.tags},
            {"commitMessage", version.message},
            {"createdAt", version.created}, // Langfuse's import ignores it; ours keeps the time
        });
    }
    return result;
}

bool isLangfuseDocument(const json &document)
{
    if (!document.is_array() || document.empty())
        return false;
    for (const json &item : document)
        if (!item.is_object() || !item.contains("name") || !item.contains("prompt"))
            return false;
    return true;
}

LangfuseImport readLangfuseItems(const json &document, const std::string &author, const std::string &now)
{
    if (!document.is_array() || document.empty() || document.size() > kMaxItems)
        badField("the file", "Langfuse's prompt file is a list of 1 to 500 prompts");
    LangfuseImport result;
    std::map<std::string, std::size_t> byName;
    for (std::size_t i = 0; i < document.size(); ++i) {
        const std::string path = "[" + std::to_string(i) + "]";
        const json &item = document[i];
        if (!item.is_object())
            badField(path, "expected a prompt object");
        if (!item.contains("name") || !item["name"].is_string() || item["name"].get<std::string>().empty())
            badField(path + ".name", "expected a non-empty name");
        const std::string name = item["name"].get<std::string>();
        const std::string type = item.value("type", std::string("chat"));
        if (type != "chat" && type != "text")
            badField(path + ".type", "expected chat or text");

        json prompt = json::array();
        const json &source = item.contains("prompt") ? item["prompt"] : json();
        if (type == "text") {
            if (!source.is_string())
                badField(path + ".prompt", "a text prompt is a string");
            prompt.push_back({{"role", "user"}, {"content", source}});
        } else {
            if (!source.is_array() || source.empty())
                badField(path + ".prompt", "a chat prompt is a list of messages");
            for (std::size_t m = 0; m < source.size(); ++m) {
                const json &message = source[m];
                const std::string at = path + ".prompt[" + std::to_string(m) + "]";
                if (message.is_object() && message.value("type", std::string()) == "placeholder") {
                    result.lost.push_back(name + ": the message placeholder '"
                        + message.value("name", std::string()) + "' (Promptsmith has no list of messages as a variable)");
                    continue;
                }
                if (!message.is_object() || !message.contains("role") || !message["role"].is_string()
                    || !message.contains("content") || !message["content"].is_string())
                    badField(at, "expected {role, content} with text in both");
                prompt.push_back({{"role", message["role"]}, {"content", message["content"]}});
            }
        }
        json config = item.contains("config") && item["config"].is_object() ? item["config"] : json::object();
        json stored;
        if (const auto ours = config.find("promptsmith"); ours != config.end()) {
            if (ours->is_object())
                stored = *ours;
            config.erase("promptsmith");
        }

        store::ForeignVersion version;
        try {
            version.content = plainContent(prompt, config);
            if (!stored.is_null()) {
                const model::VersionContent original = withExtras(stored, prompt, config);
                // Unchanged since it left Promptsmith: restored whole. Edited there: its text wins.
                if (json(itemMessages(original).prompt) == prompt && configOf(original.params) == config)
                    version.content = original;
                else
                    result.lost.push_back(name + " " + path + ": edited outside Promptsmith, so its "
                        "examples and variable defaults are left out");
            }
        } catch (const model::ContentError &error) {
            badField(path, error.what());
        }
        version.number = item.contains("version") && item["version"].is_number_integer()
                && item["version"].get<long long>() > 0 && item["version"].get<long long>() < 1'000'000'000
            ? item["version"].get<int>()
            : int(i + 1);
        version.author = author;
        version.created = secondsOf(item.value("createdAt", json()), now);
        if (item.contains("commitMessage") && item["commitMessage"].is_string())
            version.message = item["commitMessage"].get<std::string>();

        auto [slot, added] = byName.emplace(name, result.prompts.size());
        if (added) {
            store::VersionImportRequest request;
            request.promptName = name;
            if (item.contains("tags") && item["tags"].is_array())
                for (const json &tag : item["tags"])
                    if (tag.is_string())
                        request.tags.push_back(tag.get<std::string>());
            result.prompts.push_back(std::move(request));
        }
        store::VersionImportRequest &request = result.prompts[slot->second];
        if (!request.versions.empty())
            version.parent = request.versions.back().number;
        for (const store::ForeignVersion &earlier : request.versions)
            if (earlier.number == version.number)
                version.number = request.versions.back().number + 1; // two items claim one number
        if (item.contains("labels") && item["labels"].is_array())
            for (const json &label : item["labels"])
                if (label.is_string() && label != "latest") // Langfuse's own, moved by every save
                    request.labels[label.get<std::string>()] = version.number;
        request.versions.push_back(std::move(version));
    }
    return result;
}

} // namespace ps::io
