#pragma once

#include "net/http_request.h"
#include "providers/provider_adapter.h"

#include <string>
#include <string_view>
#include <vector>

// Request and reply plumbing that the HTTP adapters share, so each keeps only its wire format.
namespace ps::providers {

// A POST of JSON to `url` that accepts `accept`, waiting the config's timeout for the first byte
// and between bytes. The caller adds its auth headers and the body.
net::HttpRequest jsonPost(std::string url, std::string accept, const ProviderConfig &config);

// The events of a whole body read with a stream parser, as for a server that streamed although
// asked not to.
std::vector<ChatEvent> streamedEvents(StreamParser &parser, std::string_view body);

// A 2xx reply's events applied in order; an error without a status of its own gets `status`.
ChatResult resultOf(const std::vector<ChatEvent> &events, int status);

} // namespace ps::providers
