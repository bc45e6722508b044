#pragma once

#include "providers/chat_types.h"
#include "providers/model_list.h"
#include "providers/provider_config.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/http_client.h"

// "Test connection" (the window's providers dialog, `provider models`): asks a provider for its
// models with the key it would send and times the round trip.
namespace ps::dispatch {

class Engine;

struct ConnectionReport
{
    std::string url; // where it asked
    std::vector<providers::ModelInfo> models; // sorted by id
    double roundTripMs = 0; // from sending to the whole reply; 0 when nothing was sent
    std::optional<providers::ProviderError> error; // the category and the provider's words
};

// One test; run() once, from any thread, and cancel() from another.
class ConnectionTest
{
public:
    explicit ConnectionTest(Engine &engine);

    // Blocks until the reply or the provider's timeout: call it off the GUI thread. Echo lists
    // its one model without asking; a kind with no list, a config that cannot be used or a key
    // that is not set is an error without a request. Throws UntrustedProviderError before
    // anything is sent when this machine has not approved the provider's destination.
    ConnectionReport run(const providers::ProviderConfig &config);
    // Ends a run in flight at once (its report says "cancelled"), or the next before it sends.
    void cancel();

private:
    Engine &m_engine;
    std::mutex m_mutex;
    net::RequestHandle m_request;
    bool m_cancelled = false;
};

} // namespace ps::dispatch
