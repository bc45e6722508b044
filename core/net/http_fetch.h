#pragma once

#include "net/http_client.h"
#include "net/http_request.h"

#include <cstddef>
#include <string>

// One request sent and its whole reply awaited: for the requests around calls (a model list, a
// batch's status and results), never for a streamed answer.
namespace ps::net {

struct HttpReply
{
    HttpResult result; // status, headers and any transport error
    std::string body; // at most the limit given
    bool truncated = false; // the body went on past the limit
};

// Sends `request` through `client` and blocks until the reply has ended (or its timeouts
// passed): call it off the GUI thread. A body over `maxBytes` is cut there and marked.
HttpReply fetchWhole(HttpClient &client, HttpRequest request, std::size_t maxBytes);

} // namespace ps::net
