#pragma once

// The network engine the window keeps for its lifetime: the HTTP thread, the key store, this
// machine's approved destinations and the dispatcher every pane submits through.

#include "dispatch/dispatcher.h"
#include "net/http_client.h"
#include "providers/provider_config.h"
#include "secrets/secret_store.h"
#include "secrets/trust_store.h"

namespace ps::app {

class Engine
{
public:
    // `env` is where keys and endpoints are read from (tests pass their own).
    explicit Engine(dispatch::DispatcherOptions options = {},
        providers::EnvLookup env = providers::systemEnvironment());
    // Cancels the calls still in flight and waits for their last callback.
    ~Engine();

    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    dispatch::Dispatcher &dispatcher() { return m_dispatcher; }
    const secrets::SecretStore &secrets() const { return m_secrets; }

private:
    // Declaration order is teardown order reversed: the dispatcher goes first.
    net::HttpClient m_client;
    secrets::EnvSecretStore m_secrets;
    secrets::TrustStore m_trust; // read at start-up; a pane refuses what it does not approve
    dispatch::Dispatcher m_dispatcher;
};

} // namespace ps::app
