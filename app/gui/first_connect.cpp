#include "first_connect.h"

#include "app_settings.h"
#include "connect_banner.h"
#include "project_session.h"
#include "provider_settings.h"
#include "providers_dialog.h"

#include "providers/provider_presets.h"

namespace ps::app {

namespace {
// The local servers looked for, by their preset's name and the probe's provider id.
const char *const kLocal[][2] = {{"Ollama", "probe-ollama"}, {"llama.cpp server", "probe-llamacpp"}};
} // namespace

FirstConnect::FirstConnect(ProjectSession *session, ProviderSettings *settings,
    widgets::ConnectBanner *banner, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_settings(settings)
    , m_banner(banner)
{
    connect(m_session, &ProjectSession::adopted, this, &FirstConnect::offer);
    connect(m_session, &ProjectSession::refreshed, this, &FirstConnect::offer);
    connect(m_banner, &widgets::ConnectBanner::dismissed, this,
        [] { settings::setConnectOfferDismissed(); });
    connect(m_banner, &widgets::ConnectBanner::presetChosen, this, [this](const QString &name) {
        m_settings->open();
        m_settings->dialog()->addFromPreset(name);
    });
    connect(m_session->connectionTests(), &ConnectionTests::finished, this,
        [this](const QString &id, const QStringList &models, double, const QString &error) {
            for (const auto &[name, probe] : kLocal)
                if (id == QLatin1String(probe) && error.isEmpty() && !models.isEmpty())
                    m_banner->addLocalServer(QString::fromLatin1(name), int(models.size()));
        });
}

void FirstConnect::offer()
{
    const bool onlyEcho = m_session->workspace().onlyEcho;
    m_banner->setVisible(onlyEcho && !settings::connectOfferDismissed());
    if (!m_banner->isVisibleTo(m_banner->parentWidget()) || m_probed)
        return;
    // Once per window: a server that starts later is found from Settings.
    m_probed = true;
    for (const auto &[name, probe] : kLocal)
        for (const providers::ProviderPreset &preset : providers::providerPresets())
            if (preset.name == name) {
                providers::ProviderConfig config;
                config.id = probe;
                config.kind = preset.kind;
                // Ollama's base stays empty so that OLLAMA_HOST is honoured, as a run does.
                config.baseUrl = preset.kind == providers::ProviderKind::Ollama ? "" : preset.baseUrl;
                config.timeoutSeconds = 2;
                m_session->connectionTests()->start(config);
            }
}

} // namespace ps::app
