#include "tokens/token_count.h"

#include "providers/chat_types.h"
#include "template/prompt_renderer.h"
#include "tokens/image_tokens.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

namespace ps::tokens {

namespace {

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

// `model` is `name` or a dated or sized variant of it ("gpt-4o-2024-08-06", "gpt-4o-mini").
bool isFamily(std::string_view model, std::string_view name)
{
    return model == name || startsWith(model, std::string(name) + "-");
}

// Each message's fixed cost and a name's extra, from OpenAI's counting guide.
constexpr long long kTokensPerMessage = 3;
constexpr long long kTokensPerName = 1;
constexpr long long kReplyPriming = 3;

} // namespace

std::optional<Encoding> encodingForModel(std::string_view model)
{
    std::string id(model);
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::string_view name = id;
    if (startsWith(name, "openai/"))
        name.remove_prefix(7);
    if (startsWith(name, "ft:"))
        name.remove_prefix(3);
    constexpr std::array o200k = {"gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4-mini",
        "gpt-oss", "codex-mini", "computer-use-preview"};
    for (const char *family : o200k)
        if (isFamily(name, family))
            return Encoding::O200kBase;
    if (startsWith(name, "gpt-5")) // gpt-5.1, gpt-5.2, ...
        return Encoding::O200kBase;
    constexpr std::array cl100k = {"gpt-4", "gpt-3.5-turbo", "gpt-35-turbo", "gpt-3.5", "text-embedding-3-small",
        "text-embedding-3-large", "text-embedding-ada-002"};
    for (const char *family : cl100k)
        if (isFamily(name, family))
            return Encoding::Cl100kBase;
    return std::nullopt;
}

long long estimateTokens(std::string_view text)
{
    // Code points, not bytes: a Japanese character is nearer one token than three.
    const auto points = std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; });
    return (static_cast<long long>(points) + 3) / 4;
}

TokenCount countText(std::string_view text, std::optional<Encoding> encoding)
{
    if (!encoding)
        return {estimateTokens(text), std::nullopt, false};
    return {static_cast<long long>(BpeEncoding::get(*encoding).count(text)), encoding, true};
}

TokenCount countMessages(
    std::span<const CountedMessage> messages, std::optional<Encoding> encoding, std::string_view toolDefinitions)
{
    TokenCount total{kReplyPriming, encoding, encoding.has_value() && toolDefinitions.empty()};
    if (!toolDefinitions.empty())
        total.tokens += countText(toolDefinitions, encoding).tokens;
    const auto text = [&](std::string_view part) { return countText(part, encoding).tokens; };
    for (const CountedMessage &message : messages) {
        total.tokens += kTokensPerMessage + text(message.role) + text(message.content);
        if (!message.name.empty())
            total.tokens += text(message.name) + kTokensPerName;
        if (!message.toolText.empty()) {
            total.tokens += text(message.toolText);
            total.exact = false;
        }
    }
    return total;
}

namespace {

// Rendered and chat messages have the same parts: role, content, tool calls, a tool call's id.
template<typename Message>
TokenCount countList(std::span<const Message> messages, std::optional<Encoding> encoding,
    std::string_view toolDefinitions)
{
    std::vector<std::string> toolTexts;
    toolTexts.reserve(messages.size()); // never reallocated: the views below point into it
    std::vector<CountedMessage> counted;
    counted.reserve(messages.size());
    for (const Message &message : messages) {
        std::string &tool = toolTexts.emplace_back();
        if (!message.toolCalls.empty())
            tool = message.toolCalls.dump();
        tool += message.toolCallId;
        counted.push_back({message.role, message.content, {}, tool});
    }
    return countMessages(counted, encoding, toolDefinitions);
}

const model::ImageRef &refOf(const model::ImageRef &image)
{
    return image;
}

const model::ImageRef &refOf(const providers::ImagePart &part)
{
    return part.image;
}

template<typename Message>
std::optional<long long> imageTokensOfList(std::span<const Message> messages, std::string_view model)
{
    long long total = 0;
    for (const Message &message : messages) {
        for (const auto &image : message.images) {
            const std::optional<long long> tokens = imageTokens(model, refOf(image));
            if (!tokens)
                return std::nullopt;
            total += *tokens;
        }
    }
    return total;
}

template<typename Message>
std::vector<ModelsCount> countListForModels(
    std::span<const Message> messages, std::span<const std::string> models, std::string_view toolDefinitions)
{
    std::vector<ModelsCount> counts;
    const auto entryFor = [&](std::optional<Encoding> encoding) -> ModelsCount & {
        for (ModelsCount &entry : counts)
            if (entry.count.encoding == encoding)
                return entry;
        return counts.emplace_back(ModelsCount{countList(messages, encoding, toolDefinitions), {}});
    };
    const auto add = [](ModelsCount &entry, const std::string &model) {
        if (std::find(entry.models.begin(), entry.models.end(), model) == entry.models.end())
            entry.models.push_back(model);
    };
    for (const std::string &model : models) {
        if (const auto encoding = encodingForModel(model))
            add(entryFor(encoding), model);
    }
    for (const std::string &model : models) {
        if (!encodingForModel(model))
            add(entryFor(std::nullopt), model);
    }
    if (counts.empty())
        entryFor(Encoding::O200kBase);
    const bool anyImages
        = std::any_of(messages.begin(), messages.end(), [](const Message &m) { return !m.images.empty(); });
    for (ModelsCount &entry : counts) {
        if (!anyImages)
            continue;
        // With no pane's model to ask, the images are counted as gpt-4o counts them.
        const std::optional<long long> images
            = imageTokensOfList(messages, entry.models.empty() ? std::string_view("gpt-4o") : std::string_view(entry.models.front()));
        entry.imageTokens = images.value_or(0);
        entry.imagesCounted = images.has_value();
        entry.count.tokens += entry.imageTokens;
        entry.count.exact = entry.count.exact && images.has_value();
    }
    return counts;
}

} // namespace

std::optional<long long> imageTokensOf(std::span<const tmpl::RenderedMessage> messages, std::string_view model)
{
    return imageTokensOfList(messages, model);
}

std::optional<long long> imageTokensOf(std::span<const providers::ChatMessage> messages, std::string_view model)
{
    return imageTokensOfList(messages, model);
}

TokenCount countRendered(
    std::span<const tmpl::RenderedMessage> messages, std::optional<Encoding> encoding, std::string_view toolDefinitions)
{
    return countList(messages, encoding, toolDefinitions);
}

TokenCount countChat(
    std::span<const providers::ChatMessage> messages, std::optional<Encoding> encoding, std::string_view toolDefinitions)
{
    return countList(messages, encoding, toolDefinitions);
}

std::vector<ModelsCount> countForModels(std::span<const tmpl::RenderedMessage> messages,
    std::span<const std::string> models, std::string_view toolDefinitions)
{
    return countListForModels(messages, models, toolDefinitions);
}

std::vector<ModelsCount> countForModels(std::span<const providers::ChatMessage> messages,
    std::span<const std::string> models, std::string_view toolDefinitions)
{
    return countListForModels(messages, models, toolDefinitions);
}

TokenCount countOpenAiMessages(const nlohmann::json &messages, std::optional<Encoding> encoding)
{
    if (!messages.is_array())
        throw std::invalid_argument("messages: not an array of messages");
    std::vector<std::string> texts; // three a message, kept alive (never reallocated) for the views
    texts.reserve(3 * messages.size());
    std::vector<CountedMessage> counted;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const nlohmann::json &message = messages[i];
        const std::string where = "messages[" + std::to_string(i) + "]";
        if (!message.is_object() || !message.contains("role") || !message["role"].is_string())
            throw std::invalid_argument(where + ": a message needs a \"role\" text");
        std::string &content = texts.emplace_back();
        const nlohmann::json &parts = message.value("content", nlohmann::json());
        if (parts.is_string()) {
            content = parts.get<std::string>();
        } else if (parts.is_array()) {
            for (const nlohmann::json &part : parts) {
                if (!part.is_object() || !part.contains("text") || !part["text"].is_string())
                    throw std::invalid_argument(where + ".content: only text parts can be counted here");
                content += part["text"].get<std::string>();
            }
        } else if (!parts.is_null()) {
            throw std::invalid_argument(where + ".content: neither a text nor an array of parts");
        }
        std::string &tool = texts.emplace_back();
        if (message.contains("tool_calls"))
            tool = message["tool_calls"].dump();
        if (message.contains("tool_call_id") && message["tool_call_id"].is_string())
            tool += message["tool_call_id"].get<std::string>();
        std::string &name = texts.emplace_back();
        if (message.contains("name")) {
            if (!message["name"].is_string())
                throw std::invalid_argument(where + ".name: not a text");
            name = message["name"].get<std::string>();
        }
        counted.push_back({message["role"].get_ref<const std::string &>(), content, name, tool});
    }
    return countMessages(counted, encoding);
}

} // namespace ps::tokens
