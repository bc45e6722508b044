#pragma once

#include "model/version_content.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

// The provider-neutral chat request and the events an adapter decodes from a reply.
namespace ps::providers {

// An image a message shows: its reference and, once the dispatcher has read it from the project
// just before sending, its bytes in base64. Without the bytes a body names the image by hash
// (the response cache's key, which must not hold megabytes).
struct ImagePart
{
    model::ImageRef image;
    std::string base64;

    bool operator==(const ImagePart &) const = default;
};

struct ChatMessage
{
    std::string role; // system, user, assistant, tool
    std::string content;
    std::string toolCallId; // tool messages
    // Assistant messages: [{"id","name","arguments"}]. A reasoning model's call turn replayed
    // carries its reasoning on the first call as "reasoning": {"text","signature"} (see
    // assistantTurn): Anthropic gets its thinking block back, Gemini the thought signature.
    nlohmann::json toolCalls = nlohmann::json::array();
    std::vector<ImagePart> images; // user messages: after the text

    bool operator==(const ChatMessage &) const = default;
};

struct ChatRequest
{
    std::string model;
    std::vector<ChatMessage> messages;
    model::Params
        params; // temperature, top_p, max_tokens, stop, seed, tools, response_format, extra
    bool stream = true;

    bool operator==(const ChatRequest &) const = default;
};

// CLI.md's error categories.
enum class ErrorCategory {
    Auth,
    RateLimit,
    Overloaded,
    ContextLength,
    ContentFilter,
    BadRequest,
    NotFound,
    Server,
    Network,
    Timeout,
    BadResponse,
    Cancelled,
};
const char *toString(ErrorCategory category);

struct ProviderError
{
    ErrorCategory category = ErrorCategory::Server;
    std::string message; // the provider's own words where it gave any
    int status = 0; // HTTP status, 0 when none
    std::optional<double> retryAfterSeconds; // retry-after-ms, Retry-After or a body's retryDelay
    std::optional<bool> shouldRetry; // x-should-retry

    bool operator==(const ProviderError &) const = default;
};

struct Usage
{
    std::optional<long long> inputTokens;
    std::optional<long long> outputTokens;
    std::optional<long long> cachedInputTokens;
    std::optional<long long> reasoningTokens;

    bool operator==(const Usage &) const = default;
};

struct TextDelta
{
    std::string text;

    bool operator==(const TextDelta &) const = default;
};
struct ToolCallDelta
{
    int index = 0;
    std::string id; // set on a call's first fragment
    std::string name; // set on a call's first fragment
    std::string argumentsFragment; // to be concatenated

    bool operator==(const ToolCallDelta &) const = default;
};
struct UsageUpdate
{
    Usage usage; // fields present replace earlier ones

    bool operator==(const UsageUpdate &) const = default;
};
struct Finish
{
    std::string reason; // the provider's own word: stop, length, end_turn, tool_calls, ...

    bool operator==(const Finish &) const = default;
};
struct StreamError
{
    ProviderError error;

    bool operator==(const StreamError &) const = default;
};

// One generated token's log-probability (natural log), as OpenAI-compatible servers, Gemini and
// Ollama report it when asked (params.extra "logprobs": true, "top_logprobs": N).
struct TokenLogprob
{
    std::string token;
    double logprob = 0.0;
    // The most likely alternatives at this position, best first (may be empty).
    std::vector<std::pair<std::string, double>> top;

    bool operator==(const TokenLogprob &) const = default;
};
// [{"token", "logprob", "top": [[token, logprob], ...]}], as the store and the cache keep them.
nlohmann::json logprobsToJson(const std::vector<TokenLogprob> &tokens);
// The reverse; throws nlohmann::json::exception on a malformed list.
std::vector<TokenLogprob> logprobsFromJson(const nlohmann::json &list);

struct LogprobsDelta
{
    std::vector<TokenLogprob> tokens; // appended in order

    bool operator==(const LogprobsDelta &) const = default;
};
// A reasoning model's visible thinking (Anthropic thinking blocks, Gemini thought parts,
// reasoning_content of OpenAI-compatible servers); never part of the answer text.
struct ReasoningDelta
{
    std::string text;
    std::string signature; // Anthropic's signature / Gemini's thoughtSignature, when sent

    bool operator==(const ReasoningDelta &) const = default;
};

// The server's own measurements of a reply (Ollama's final line, sent in nanoseconds), in ms.
struct ServerTimings
{
    std::optional<double> totalMs; // total_duration: load, prompt and generation
    std::optional<double> loadMs; // load_duration: loading the model into memory
    std::optional<double> promptMs; // prompt_eval_duration: reading the prompt
    std::optional<double> generationMs; // eval_duration: generating the output tokens

    bool operator==(const ServerTimings &) const = default;
};
struct ServerTimingsUpdate
{
    ServerTimings timings; // replaces earlier ones

    bool operator==(const ServerTimingsUpdate &) const = default;
};

using ChatEvent = std::variant<TextDelta, ToolCallDelta, UsageUpdate, Finish, StreamError,
    LogprobsDelta, ReasoningDelta, ServerTimingsUpdate>;

struct ToolCall
{
    std::string id;
    std::string name;
    std::string arguments; // JSON text as the model produced it (may be invalid)
    int index = 0; // the provider's index, by which streamed fragments are assembled

    bool operator==(const ToolCall &) const = default;
};

// Everything a reply said, accumulated from its events.
struct ChatResult
{
    std::string text;
    std::vector<ToolCall> toolCalls;
    Usage usage;
    std::string finishReason;
    std::optional<ProviderError> error;
    std::vector<TokenLogprob> logprobs; // empty unless the provider sent them
    std::string reasoning; // thinking text, apart from the answer
    std::string reasoningSignature; // the last signature sent with it (to send back unchanged)
    std::optional<ServerTimings> serverTimings; // only from servers that measure (Ollama)

    // The mean log-probability of the answer's tokens; nullopt without log-probabilities.
    std::optional<double> meanLogprob() const;
    // Output tokens per second of generation as the server measured it (output tokens over
    // serverTimings.generationMs); nullopt without both. Free of network and queueing time.
    std::optional<double> serverOutputTokensPerSecond() const;

    // This reply as the assistant turn of a later request: its text, its tool calls with
    // parsed arguments, and its reasoning signature on the first call (to be sent back).
    ChatMessage assistantTurn() const;

    // Text is appended, tool-call fragments joined by index, usage fields present replace
    // earlier ones; the first error is kept.
    void apply(const ChatEvent &event);
};

} // namespace ps::providers
