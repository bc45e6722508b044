#include "engine.h"

namespace ps::app {

Engine::Engine(dispatch::DispatcherOptions options, providers::EnvLookup env)
    : m_secrets(env)
    , m_trust(secrets::TrustStore::forThisMachine(env))
    , m_dispatcher(m_client, m_secrets, m_trust, env, std::move(options))
{ }

Engine::~Engine() = default;

} // namespace ps::app
