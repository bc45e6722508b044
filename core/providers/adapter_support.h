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
net::HttpRequest jsonPost(std::string url, std::string accept, const ProviderConfig &config);

// The config's base URL, or its kind's default, without trailing slashes.
std::string baseUrlOf(const ProviderConfig &config);

// The schema of a json_schema response format: ours {"schema"} or OpenAI's nested
// {"json_schema": {"schema"}}; null when there is none.
nlohmann::json responseSchema(const nlohmann::json &format);

// The user's extra request fields merged into `body` (a JSON merge patch), except the fields
// the adapter itself owns.
void mergeExtra(
    nlohmann::json &body, const nlohmann::json &extra, std::initializer_list<const char *> owned);

// The events of a whole body read with a stream parser, as for a server that streamed although
// asked not to.
std::vector<ChatEvent> streamedEvents(StreamParser &parser, std::string_view body);

// A 2xx reply's events applied in order; an error without a status of its own gets `status`.
ChatResult resultOf(const std::vector<ChatEvent> &events, int status);

} // namespace ps::providers
