#include "engine.h"

namespace ps::app {

Engine::Engine(dispatch::DispatcherOptions options, providers::EnvLookup env)
    : m_secrets(env)
    , m_dispatcher(m_client, m_secrets, env, std::move(options))
{ }

Engine::~Engine() = default;

} // namespace ps::app
