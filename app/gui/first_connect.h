#pragma once

#include <QObject>

namespace ps::widgets {
class ConnectBanner;
}

// The first real model one step away: while the open project has only the echo provider, the
// panes offer "Connect a model" (until dismissed) with the common services and the local
// servers found answering (Ollama at OLLAMA_HOST or its default, an OpenAI-compatible server on
// localhost:8080); a choice opens Settings ▸ Providers and Targets on that preset.
namespace ps::app {

class ProjectSession;
class ProviderSettings;

class FirstConnect final : public QObject
{
    Q_OBJECT
public:
    FirstConnect(ProjectSession *session, ProviderSettings *settings,
        widgets::ConnectBanner *banner, QObject *parent = nullptr);

private:
    void offer();

    ProjectSession *m_session;
    ProviderSettings *m_settings;
    widgets::ConnectBanner *m_banner;
    bool m_probed = false;
};

} // namespace ps::app
