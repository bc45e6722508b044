#pragma once

#include "tokens/bpe_encoding.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// How many tokens a text or a chat request's messages are for a model: exact where the model's
// encoding is public (OpenAI's), an estimate said as such everywhere else.
namespace ps::tokens {

struct TokenCount
{
    long long tokens = 0;
    std::optional<Encoding> encoding; // the encoding counted with; nullopt for an estimate
    bool exact = false; // false for an estimate, and for parts no public rule counts (tool calls)

    bool operator==(const TokenCount &) const = default;
};

// The public encoding a model's id uses (tiktoken's table: gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and
// the o-series take o200k_base; gpt-4, gpt-3.5 and the text-embedding models cl100k_base),
// with or without an "openai/" route prefix or a fine-tune's "ft:"; nullopt for other models.
std::optional<Encoding> encodingForModel(std::string_view model);

// About four characters a token: the figure shown, labelled an estimate, where no encoding is known.
long long estimateTokens(std::string_view text);

TokenCount countText(std::string_view text, std::optional<Encoding> encoding);

// One message of a chat request as the counting rule sees it.
struct CountedMessage
{
    std::string_view role;
    std::string_view content;
    std::string_view name; // empty: none
    // Tool calls or a tool result: counted as their text, which OpenAI does not document as exact.
    std::string_view toolText;
};

// OpenAI's counting guide (tiktoken's num_tokens_from_messages): 3 tokens a message, its role,
// content and name as text, 1 more for a name, and 3 that prime the reply. Without an encoding,
// the same overhead over estimated text. Tool definitions (their JSON) are counted as text: the
// figure is then not exact, as OpenAI documents no rule for them.
TokenCount countMessages(std::span<const CountedMessage> messages, std::optional<Encoding> encoding,
    std::string_view toolDefinitions = {});

} // namespace ps::tokens

namespace ps::tmpl {
struct RenderedMessage;
}
namespace ps::providers {
struct ChatMessage;
}

namespace ps::tokens {

// The rendered messages of a prompt, as they are sent.
TokenCount countRendered(std::span<const tmpl::RenderedMessage> messages, std::optional<Encoding> encoding,
    std::string_view toolDefinitions = {});
// A chat request's messages (a dataset case as an evaluation sends it).
TokenCount countChat(std::span<const providers::ChatMessage> messages, std::optional<Encoding> encoding,
    std::string_view toolDefinitions = {});

// The same messages counted for several models at once: one count per public encoding among
// them, with the models it covers, in the order they first appear, then one estimate for the
// models no public encoding covers. No models: the count in o200k_base (today's OpenAI models).
struct ModelsCount
{
    TokenCount count; // images included, by imageTokens() for the group's first model
    std::vector<std::string> models;
    long long imageTokens = 0; // of count.tokens
    bool imagesCounted = true; // false when an image's tokens are not known (a URL, a model without a rule)
};
// The tokens the images of `messages` cost `model` (imageTokens()); nullopt when one is not known.
std::optional<long long> imageTokensOf(std::span<const tmpl::RenderedMessage> messages, std::string_view model);
std::optional<long long> imageTokensOf(std::span<const providers::ChatMessage> messages, std::string_view model);

std::vector<ModelsCount> countForModels(std::span<const tmpl::RenderedMessage> messages,
    std::span<const std::string> models, std::string_view toolDefinitions = {});
std::vector<ModelsCount> countForModels(std::span<const providers::ChatMessage> messages,
    std::span<const std::string> models, std::string_view toolDefinitions = {});

// Messages in OpenAI's chat shape ([{role, content, name?, tool_calls?, tool_call_id?}], content a
// text or an array of text parts). Throws std::invalid_argument naming the field that is wrong.
TokenCount countOpenAiMessages(const nlohmann::json &messages, std::optional<Encoding> encoding);

} // namespace ps::tokens
