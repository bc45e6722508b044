#pragma once

#include "dispatch/dispatcher.h"
#include "net/http_client.h"
#include "providers/provider_config.h"
#include "secrets/keychain_secret_store.h"
#include "secrets/trust_store.h"

// The network engine, assembled in one place for the CLI's run and eval and the window: the
// HTTP thread, the key store, this machine's approved destinations and the dispatcher.
namespace ps::dispatch {

class Engine
{
public:
    // `env` is where keys and endpoints are read from (tests pass their own), `keychain` where
    // the keys kept in the OS keychain are (none: the environment only); `options` may name a
    // response cache, which must outlive the engine.
    explicit Engine(DispatcherOptions options = {},
        providers::EnvLookup env = providers::systemEnvironment(),
        secrets::KeychainLookup keychain = {});
    // Cancels the calls still in flight and waits for their last callback.
    ~Engine();

    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    Dispatcher &dispatcher() { return m_dispatcher; }
    net::HttpClient &http() { return m_client; } // for requests that are not calls (model lists)
    const secrets::SecretStore &secrets() const { return m_secrets; }
    const secrets::TrustStore &trust() const { return m_trust; }
    // Approvals given in the window take effect for this engine's next send at once.
    secrets::TrustStore &trust() { return m_trust; }
    const providers::EnvLookup &env() const { return m_env; }

private:
    // Declaration order is teardown order reversed: the dispatcher goes first.
    providers::EnvLookup m_env;
    net::HttpClient m_client;
    secrets::KeychainSecretStore m_secrets;
    secrets::TrustStore m_trust; // read on first use; nothing unapproved is sent
    Dispatcher m_dispatcher;
};

} // namespace ps::dispatch
