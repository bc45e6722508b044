#include "providers/request_code.h"

#include "providers/provider_adapter.h"
#include "secrets/secret_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

namespace ps::providers {

namespace {

using nlohmann::json;

// Stands for the key in the request the adapter builds; each language puts its own reading of
// the environment variable in its place.
constexpr std::string_view kKeySlot = "\x01PROMPTSMITH-KEY\x01";

// The keyword arguments each SDK's create() takes; anything else goes in `extra_body`.
constexpr std::array kOpenAiArguments {"frequency_penalty", "logit_bias", "logprobs",
    "max_completion_tokens", "max_tokens", "messages", "metadata", "modalities", "model", "n",
    "parallel_tool_calls", "prediction", "presence_penalty", "reasoning_effort",
    "response_format", "seed", "service_tier", "stop", "store", "stream", "stream_options",
    "temperature", "tool_choice", "tools", "top_logprobs", "top_p", "user"};
constexpr std::array kAnthropicArguments {"max_tokens", "messages", "metadata", "model",
    "stop_sequences", "stream", "system", "temperature", "thinking", "tool_choice", "tools",
    "top_k", "top_p"};

struct Sent
{
    net::HttpRequest http;
    json body;
    std::string variable; // "" when no key is sent
};

std::string shellQuoted(std::string_view text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// A JSON string is a valid string literal in Python and JavaScript alike.
std::string literal(std::string_view text)
{
    return json(std::string(text)).dump();
}

std::string indentLines(const std::string &text, const std::string &by)
{
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line
            = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (start > 0)
            out += '\n' + (line.empty() ? std::string() : by);
        out += line;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return out;
}

// JSON as a Python literal: True, False and None where JSON says true, false and null.
std::string pythonLiteral(const json &value, int depth = 0)
{
    const std::string pad(static_cast<std::size_t>(depth + 1) * 4, ' ');
    const std::string close(static_cast<std::size_t>(depth) * 4, ' ');
    switch (value.type()) {
    case json::value_t::object: {
        if (value.empty())
            return "{}";
        std::string out = "{\n";
        for (auto it = value.begin(); it != value.end(); ++it)
            out += pad + literal(it.key()) + ": " + pythonLiteral(it.value(), depth + 1) + ",\n";
        return out + close + "}";
    }
    case json::value_t::array: {
        if (value.empty())
            return "[]";
        std::string out = "[\n";
        for (const json &item : value)
            out += pad + pythonLiteral(item, depth + 1) + ",\n";
        return out + close + "]";
    }
    case json::value_t::boolean:
        return value.get<bool>() ? "True" : "False";
    case json::value_t::null:
        return "None";
    default:
        return value.dump();
    }
}

Sent build(const ChatRequest &request, const ProviderConfig &resolved)
{
    const std::unique_ptr<ProviderAdapter> adapter = makeAdapter(resolved.kind);
    if (!adapter)
        throw std::invalid_argument("the echo provider answers offline: it sends no request");
    Sent sent;
    sent.variable = secrets::EnvSecretStore::variableFor(resolved);
    sent.http = adapter->buildRequest(
        request, resolved, sent.variable.empty() ? std::string() : std::string(kKeySlot));
    sent.body = json::parse(sent.http.body);
    return sent;
}

// The header's value with the key slot replaced by `key` (already in the language's syntax),
// or nullopt when the value holds no key.
std::optional<std::pair<std::string, std::string>> splitAtKey(const std::string &value)
{
    const std::size_t at = value.find(kKeySlot);
    if (at == std::string::npos)
        return std::nullopt;
    return std::make_pair(value.substr(0, at), value.substr(at + kKeySlot.size()));
}

std::string fallbackComment(const std::optional<CodePolicy> &policy, const std::string &mark)
{
    if (!policy || policy->fallbacks.empty())
        return {};
    std::string out = mark + " When this target fails after its retries, Promptsmith asks in turn:\n";
    for (const std::string &next : policy->fallbacks)
        out += mark + "   " + next + "\n";
    return out;
}

std::string curlCode(const Sent &sent, const std::optional<CodePolicy> &policy)
{
    std::string out = "# The request Promptsmith sent; the key is read from $" + sent.variable + ".\n";
    if (sent.variable.empty())
        out = "# The request Promptsmith sent (this provider takes no key).\n";
    out += fallbackComment(policy, "#");
    out += "curl -sS -N";
    if (policy)
        out += " --retry " + std::to_string(policy->maxRetries) + " --connect-timeout 10";
    out += " " + shellQuoted(sent.http.url) + " \\\n";
    for (const auto &[name, value] : sent.http.headers) {
        if (const auto key = splitAtKey(value))
            out += "  -H \"" + name + ": " + key->first + "$" + sent.variable + key->second
                + "\" \\\n";
        else
            out += "  -H " + shellQuoted(name + ": " + value) + " \\\n";
    }
    out += "  --data-binary @- <<'JSON'\n" + sent.body.dump(2) + "\nJSON\n";
    return out;
}

// `create(**request)` for an SDK whose keyword arguments are `known`; the rest in extra_body.
std::string sdkArguments(const json &body, const auto &known)
{
    json arguments = json::object();
    json extra = json::object();
    for (auto it = body.begin(); it != body.end(); ++it) {
        const bool isKnown = std::find_if(known.begin(), known.end(), [&](const char *name) {
            return it.key() == name;
        }) != known.end();
        (isKnown ? arguments : extra)[it.key()] = it.value();
    }
    if (!extra.empty())
        arguments["extra_body"] = extra;
    return "request = " + pythonLiteral(arguments) + "\n";
}

std::string pythonCode(const Sent &sent, const ProviderConfig &resolved,
    const std::optional<CodePolicy> &policy)
{
    const bool stream = sent.body.value("stream", false);
    const std::string key = sent.variable.empty()
        ? std::string("\"none\"  # this provider takes no key")
        : "os.environ[" + literal(sent.variable) + "]";
    std::string settings;
    if (policy)
        settings = ",\n    max_retries=" + std::to_string(policy->maxRetries)
            + ",\n    timeout=" + std::to_string(policy->timeoutSeconds);
    std::string out = "# The request Promptsmith sent; the key is read from the environment.\n";
    out += fallbackComment(policy, "#");
    switch (resolved.kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::AzureOpenAi: {
        const bool azure = resolved.kind == ProviderKind::AzureOpenAi;
        out += "# pip install openai\nimport os\n\nfrom openai import "
            + std::string(azure ? "AzureOpenAI" : "OpenAI") + "\n\n";
        out += "client = " + std::string(azure ? "AzureOpenAI" : "OpenAI") + "(\n";
        out += azure ? "    azure_endpoint=" + literal(resolved.baseUrl) + ",\n    api_version="
                + literal(resolved.apiVersion) + ",\n"
                     : "    base_url=" + literal(resolved.baseUrl) + ",\n";
        out += "    api_key=" + key + settings + ",\n)\n\n";
        out += sdkArguments(sent.body, kOpenAiArguments) + "\n";
        out += stream ? "for chunk in client.chat.completions.create(**request):\n"
                        "    if chunk.choices and chunk.choices[0].delta.content:\n"
                        "        print(chunk.choices[0].delta.content, end=\"\", flush=True)\n"
                        "print()\n"
                      : "response = client.chat.completions.create(**request)\n"
                        "print(response.choices[0].message.content)\n";
        return out;
    }
    case ProviderKind::Anthropic:
        out += "# pip install anthropic\nimport os\n\nimport anthropic\n\n";
        out += "client = anthropic.Anthropic(\n    base_url=" + literal(resolved.baseUrl)
            + ",\n    api_key=" + key + settings + ",\n)\n\n";
        out += sdkArguments(sent.body, kAnthropicArguments) + "\n";
        out += stream ? "for event in client.messages.create(**request):\n"
                        "    if event.type == \"content_block_delta\" and event.delta.type == "
                        "\"text_delta\":\n"
                        "        print(event.delta.text, end=\"\", flush=True)\n"
                        "print()\n"
                      : "message = client.messages.create(**request)\n"
                        "print(\"\".join(block.text for block in message.content "
                        "if block.type == \"text\"))\n";
        return out;
    default:
        break;
    }
    // Gemini and Ollama: the standard library, the request as sent, the reply as it comes.
    out += "import json\nimport os\nimport urllib.request\n\n";
    out += "request = " + pythonLiteral(sent.body) + "\n\n";
    out += "headers = {\n";
    for (const auto &[name, value] : sent.http.headers) {
        if (const auto slot = splitAtKey(value))
            out += "    " + literal(name) + ": " + literal(slot->first) + " + os.environ["
                + literal(sent.variable) + "] + " + literal(slot->second) + ",\n";
        else
            out += "    " + literal(name) + ": " + literal(value) + ",\n";
    }
    out += "}\n";
    out += "call = urllib.request.Request(\n    " + literal(sent.http.url)
        + ",\n    data=json.dumps(request).encode(),\n    headers=headers,\n    "
          "method=\"POST\",\n)\n";
    const std::string timeout = policy ? ", timeout=" + std::to_string(policy->timeoutSeconds) : "";
    if (policy) {
        out += "for attempt in range(" + std::to_string(policy->maxRetries + 1) + "):\n"
            "    try:\n"
            "        with urllib.request.urlopen(call" + timeout + ") as reply:\n"
            "            for line in reply:\n"
            "                print(line.decode(), end=\"\")\n"
            "        break\n"
            "    except OSError:\n"
            "        if attempt == " + std::to_string(policy->maxRetries) + ":\n"
            "            raise\n";
    } else {
        out += "with urllib.request.urlopen(call) as reply:\n"
               "    for line in reply:\n"
               "        print(line.decode(), end=\"\")\n";
    }
    return out;
}

std::string javaScriptCode(const Sent &sent, const std::optional<CodePolicy> &policy)
{
    std::string out = "// Node 18 or later (fetch is built in), as an ES module: node request.mjs\n"
                      "// The request Promptsmith sent; the key is read from the environment.\n";
    out += fallbackComment(policy, "//");
    out += "const request = " + sent.body.dump(2) + ";\n\n";
    out += "const headers = {\n";
    for (const auto &[name, value] : sent.http.headers) {
        if (const auto slot = splitAtKey(value))
            out += "  " + literal(name) + ": " + literal(slot->first) + " + process.env."
                + sent.variable + " + " + literal(slot->second) + ",\n";
        else
            out += "  " + literal(name) + ": " + literal(value) + ",\n";
    }
    out += "};\n\n";
    const std::string call = "fetch(" + literal(sent.http.url)
        + ", {\n    method: \"POST\",\n    headers,\n    body: JSON.stringify(request),\n"
        + (policy ? "    signal: AbortSignal.timeout(" + std::to_string(policy->timeoutSeconds * 1000)
                    + "),\n"
                  : std::string())
        + "  })";
    if (policy) {
        out += "let response;\nfor (let attempt = 0; ; attempt++) {\n";
        out += "  response = await " + indentLines(call, "  ") + ".catch((error) => error);\n";
        out += "  const transient = response instanceof Error || [408, 409, 429].includes("
               "response.status) || response.status >= 500;\n";
        out += "  if (!transient || attempt === " + std::to_string(policy->maxRetries)
            + ") break;\n";
        out += "  await new Promise((done) => setTimeout(done, Math.min(8000, 500 * 2 ** "
               "attempt)));\n}\nif (response instanceof Error) throw response;\n";
    } else {
        out += "const response = await " + call + ";\n";
    }
    out += "if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);\n";
    out += "for await (const piece of response.body) process.stdout.write(piece);\n";
    return out;
}

} // namespace

std::string requestCode(CodeLanguage language, const ChatRequest &request,
    const ProviderConfig &resolved, const std::optional<CodePolicy> &policy)
{
    const Sent sent = build(request, resolved);
    switch (language) {
    case CodeLanguage::Curl:
        return curlCode(sent, policy);
    case CodeLanguage::Python:
        return pythonCode(sent, resolved, policy);
    case CodeLanguage::JavaScript:
        return javaScriptCode(sent, policy);
    }
    return {};
}

} // namespace ps::providers
