#include "dispatch/engine.h"

namespace ps::dispatch {

Engine::Engine(
    DispatcherOptions options, providers::EnvLookup env, secrets::KeychainLookup keychain)
    : m_env(std::move(env))
    , m_secrets(m_env, std::move(keychain))
    , m_trust(secrets::TrustStore::forThisMachine(m_env))
    , m_dispatcher(m_client, m_secrets, m_trust, m_env, std::move(options))
{ }

Engine::~Engine() = default;

} // namespace ps::dispatch
