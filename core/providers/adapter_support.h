#pragma once

#include "net/http_request.h"
#include "providers/provider_adapter.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

// Request and reply plumbing that the HTTP adapters share, so each keeps only its wire format.
namespace ps::providers {

// A POST of JSON to `url` that accepts `accept`, waiting the config's timeout for the first byte
// and between bytes. The caller adds its auth headers and the body.
// An image as a URL an OpenAI-style body takes: its own URL, a data URL of its bytes, or (bytes
// not read yet: a cache key's body) "data:TYPE;sha256,HASH".
std::string imageUrl(const ImagePart &part);

net::HttpRequest jsonPost(std::string url, std::string accept, const ProviderConfig &config);

// The key in the header `kind` takes it in (Bearer, x-api-key, x-goog-api-key, api-key); nothing
// when `apiKey` is empty (a local server without a key).
void addKeyHeader(net::Headers &headers, ProviderKind kind, const std::string &apiKey);

// The config's base URL, or its kind's default, without trailing slashes.
std::string baseUrlOf(const ProviderConfig &config);

// The schema of a json_schema response format: ours {"schema"} or OpenAI's nested
// {"json_schema": {"schema"}}; null when there is none.
nlohmann::json responseSchema(const nlohmann::json &format);

// The user's extra request fields merged into `body` (a JSON merge patch), except the fields
// the adapter itself owns.
void mergeExtra(
    nlohmann::json &body, const nlohmann::json &extra, std::initializer_list<const char *> owned);

// A tool call as our mocked turns give it ({"id","name","arguments"}, or OpenAI's
// {"id","function":{...}}), read the same way by every adapter.
struct ToolCallParts
{
    std::string id; // "call_<message>_<call>" when the call has none, so results find it
    std::string name;
    nlohmann::json arguments; // always an object
};
ToolCallParts toolCallParts(
    const nlohmann::json &call, std::size_t messageIndex, std::size_t callIndex);

// A tool's {"name", "description", <parametersKey>} from ours or OpenAI's function shape; an
// empty description and parameters that are not an object are left out.
nlohmann::json functionDeclaration(const nlohmann::json &tool, const char *parametersKey);

// Appends a turn of `items` (under `itemsKey`) to `turns`. A turn of the same role as the last
// one is merged into it, as the APIs want roles to alternate; an empty turn is refused by them,
// so it is left out.
void appendTurn(
    nlohmann::json &turns, const std::string &role, nlohmann::json items, const char *itemsKey);

// The events of a whole body read with a stream parser, as for a server that streamed although
// asked not to.
std::vector<ChatEvent> streamedEvents(StreamParser &parser, std::string_view body);

// A 2xx reply's events applied in order; an error without a status of its own gets `status`.
ChatResult resultOf(const std::vector<ChatEvent> &events, int status);

} // namespace ps::providers
