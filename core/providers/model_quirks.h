#pragma once

#include "model/version_content.h"
#include "providers/chat_types.h"
#include "providers/provider_config.h"

#include <optional>
#include <string>
#include <vector>

// What a model family refuses or names differently, mapped before a request is built.
namespace ps::providers {

// How a note that the adaptation dropped log-probabilities begins (the confidence view quotes
// such a note as its reason).
inline constexpr const char *kLogprobsLeftOut = "log-probabilities left out: ";

// Rewrites `request` so that its model accepts it, and returns one note per change for the
// user to see (e.g. "temperature left out: o3 accepts only the default"). Pure; call it once
// per request before ProviderAdapter::buildRequest (the dispatcher does, into CallOutcome.notes).
// - OpenAI o-series (o1, o3, o4-mini, ...) and GPT-5 family, on openai, azure-openai and
//   openai-compatible: temperature and top_p other than the default 1 are left out, and so are
//   log-probabilities; max_tokens is sent as max_completion_tokens (kind openai always does;
//   elsewhere it moves to params.extra); reasoning_effort passes through.
// - Anthropic: with extended thinking (anthropicThinkingBudget) temperature and top_p are left
//   out, as Anthropic refuses them then, and max_tokens is raised above the budget. Log-
//   probabilities are not offered: "logprobs" and "top_logprobs" in params.extra are left out.
// Gemini and Ollama need nothing: their adapters map effort, budgets and logprobs themselves.
// Calling it again on its result changes nothing more and returns no notes.
std::vector<std::string> adaptRequestForModel(ChatRequest &request, ProviderKind kind);

// Whether `model` takes images: false for the text-only families a user is likely to pick
// (gpt-3.5, gpt-4 before turbo, o1-mini, o3-mini, DeepSeek, Llama 2/3 text, Mistral, Mixtral,
// Qwen2.5 text, Gemma 2, Phi-3), true for the known vision families, nullopt when not known (then
// the request is sent and the provider decides).
std::optional<bool> modelTakesImages(const std::string &model);

// Why `request`, which shows images, cannot go to `kind`'s `model` — a text-only model, or a URL
// to Gemini or Ollama, which take only the bytes — or nullopt when it can (or shows none).
std::optional<std::string> imageRefusal(ProviderKind kind, const ChatRequest &request);

// True for OpenAI's reasoning models: the o-series and the GPT-5 family (not gpt-5-chat).
bool isOpenAiReasoningModel(const std::string &model);

// The thinking budget in tokens that `params` ask of Anthropic or Gemini: params.extra
// "thinking_budget" when it is a number, else reasoningEffort (minimal/low 1024, medium 8192,
// high 24576; "none" 0, which turns thinking off); nullopt when neither is set.
std::optional<long long> thinkingBudget(const model::Params &params);

} // namespace ps::providers
