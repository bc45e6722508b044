#pragma once

#include "providers/provider_config.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QWidget;

namespace ps::store {
class Project;
}
namespace ps::widgets {
class ProvidersDialog;
}

// Settings ▸ Providers and Targets: fills the dialog with the open project's providers (where
// each sends, whether its key is set and approved here) and targets, writes what it changes
// through the store writer, approves the providers the user adds here (as `provider add`
// does), and tests connections off the GUI thread. The pane pickers follow through the
// session's refresh.
namespace ps::app {

class ProjectSession;

class ProviderSettings final : public QObject
{
    Q_OBJECT
public:
    ProviderSettings(ProjectSession *session, QWidget *window);

    QAction *action() const { return m_action; }
    widgets::ProvidersDialog *dialog() const; // null until opened

public slots:
    void open();
    // The Prices tab on `model` (a pane's "No price for MODEL — set one").
    void showPrice(const QString &model);

private:
    // Reads where each provider sends and whether its key is set and approved (the approvals
    // file is read off the GUI thread), then shows them with the targets.
    void refill();
    // Puts a typed `key` in the keychain first, then saves the provider.
    void save(const providers::ProviderConfig &config, bool isNew, const QString &key);
    void approve(const QString &id);
    // Runs `change` on the writer thread; the dialog then says `success`, or the store's refusal.
    void write(std::function<void(store::Project &)> change, const QString &success);

    ProjectSession *m_session;
    QWidget *m_window;
    QAction *m_action;
    QPointer<widgets::ProvidersDialog> m_dialog;
};

} // namespace ps::app
