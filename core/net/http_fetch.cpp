#include "net/http_fetch.h"

#include <future>
#include <memory>

namespace ps::net {

HttpReply fetchWhole(HttpClient &client, HttpRequest request, std::size_t maxBytes)
{
    auto reply = std::make_shared<HttpReply>();
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> finished = done->get_future();
    HttpCallbacks callbacks;
    callbacks.onBody = [reply, maxBytes](std::string_view bytes) {
        const std::size_t room = maxBytes - reply->body.size();
        if (bytes.size() > room)
            reply->truncated = true;
        reply->body.append(bytes.substr(0, std::min(room, bytes.size())));
        return !bytes.empty();
    };
    callbacks.onDone = [reply, done](const HttpResult &result) {
        reply->result = result;
        done->set_value();
    };
    client.submit(std::move(request), std::move(callbacks));
    finished.wait();
    return std::move(*reply);
}

} // namespace ps::net
