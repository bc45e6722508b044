#include "provider_settings.h"

#include "keychain_keys.h"
#include "project_session.h"
#include "providers_dialog.h"
#include "std_text.h"
#include "store_writer.h"

#include "dispatch/engine.h"
#include "secrets/secret_store.h"
#include "secrets/trust_store.h"
#include "store/price_overrides.h"
#include "util/json_depth.h"
#include "store/provider_catalog.h"

#include <QAction>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace ps::app {

using widgets::qs;

namespace {

// Where each provider sends and what goes with it, as this machine sees it now.
QList<widgets::ProviderRow> providerRows(
    const std::vector<providers::ProviderConfig> &configs, const providers::EnvLookup &env)
{
    const secrets::TrustStore trust = secrets::TrustStore::forThisMachine(env);
    const secrets::EnvSecretStore keys(env);
    QList<widgets::ProviderRow> rows;
    for (const providers::ProviderConfig &config : configs) {
        widgets::ProviderRow row;
        row.config = config;
        const providers::ProviderConfig resolved = providers::resolveConfig(config, env);
        if (const auto destination = secrets::destinationOf(resolved)) {
            row.host = qs(destination->host);
            row.approved = trust.approves(*destination);
        }
        row.keyVariable = qs(secrets::EnvSecretStore::variableFor(resolved));
        row.keySet = !row.keyVariable.isEmpty() && keys.apiKey(resolved).has_value();
        rows.append(row);
    }
    return rows;
}

} // namespace

ProviderSettings::ProviderSettings(ProjectSession *session, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
    , m_action(new QAction(tr("&Providers and Targets…"), this))
{
    m_action->setToolTip(tr("Add providers, test their connection and make targets of their "
                            "models"));
    connect(m_action, &QAction::triggered, this, &ProviderSettings::open);
    connect(m_session, &ProjectSession::refreshed, this, [this] {
        if (m_dialog)
            refill();
    });
    connect(m_session->connectionTests(), &ConnectionTests::finished, this,
        [this](const QString &id, const QStringList &models, double ms, const QString &error) {
            if (m_dialog)
                m_dialog->showTestResult(id, models, ms, error);
        });
}

widgets::ProvidersDialog *ProviderSettings::dialog() const
{
    return m_dialog;
}

void ProviderSettings::open()
{
    if (!m_dialog) {
        m_dialog = new widgets::ProvidersDialog(m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &widgets::ProvidersDialog::saveRequested, this, &ProviderSettings::save);
        connect(m_dialog, &widgets::ProvidersDialog::testRequested, m_session->connectionTests(),
            &ConnectionTests::start);
        connect(m_dialog, &widgets::ProvidersDialog::removeProviderRequested, this,
            [this](const QString &id) {
                write([id = id.toStdString()](store::Project &project) {
                    store::ProviderCatalog(project).removeProvider(id);
                }, tr("Removed provider %1").arg(id));
            });
        connect(m_dialog, &widgets::ProvidersDialog::addTargetRequested, this,
            [this](const QString &id, const QString &providerId, const QString &model) {
                store::TargetRecord target;
                target.id = id.toStdString();
                target.providerId = providerId.toStdString();
                target.model = model.toStdString();
                write([target](store::Project &project) {
                    store::ProviderCatalog(project).addTarget(target);
                }, tr("Added target %1: the panes offer it now").arg(id));
            });
        connect(m_dialog, &widgets::ProvidersDialog::approveRequested, this,
            &ProviderSettings::approve);
        connect(m_dialog, &widgets::ProvidersDialog::targetSaveRequested, this,
            [this](const widgets::TargetRow &row) {
                store::TargetRecord target;
                target.id = row.id.toStdString();
                target.providerId = row.provider.toStdString();
                target.model = row.model.toStdString();
                target.params = util::parseJsonOrDiscarded(row.params.toStdString());
                if (target.params.is_discarded()) {
                    m_dialog->showMessage(
                        tr("The parameters of %1 are not JSON: %2").arg(row.id, row.params), true);
                    return;
                }
                if (!row.fallback.isEmpty())
                    target.fallbackTargetId = row.fallback.toStdString();
                target.fallbackMinLogprob = row.fallbackBelowLogprob;
                write([target](store::Project &project) {
                    // Checked as every run checks them, before they are kept.
                    model::Params().withOverrides(target.params);
                    store::ProviderCatalog(project).updateTarget(target);
                }, tr("Saved target %1").arg(row.id));
            });
        connect(m_dialog, &widgets::ProvidersDialog::pricesSaveRequested, this,
            [this](const QList<widgets::PriceRow> &prices) {
                std::vector<store::PriceOverride> overrides;
                for (const widgets::PriceRow &price : prices)
                    overrides.push_back({price.model.toStdString(), *price.input, *price.output,
                        price.cachedInput, {}});
                write([overrides](store::Project &project) {
                    store::PriceOverrides table(project);
                    for (const store::PriceOverride &price : overrides)
                        table.set(price);
                }, tr("Saved %n prices: answers are costed with them from now on", nullptr,
                        int(overrides.size())));
            });
        connect(m_dialog, &widgets::ProvidersDialog::removeTargetRequested, this,
            [this](const QString &id) {
                write([id = id.toStdString()](store::Project &project) {
                    store::ProviderCatalog(project).removeTarget(id);
                }, tr("Removed target %1").arg(id));
            });
    }
    refill();
    // Asked now, not at start-up, and without a wait: the dialog says so if none answers.
    m_session->keychain()->probe([dialog = m_dialog](const QString &why) {
        if (dialog)
            dialog->setKeychainUnavailable(why);
    });
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

void ProviderSettings::showPrice(const QString &model)
{
    open();
    m_dialog->showPrice(model);
}

void ProviderSettings::refill()
{
    const WorkspaceSnapshot &workspace = m_session->workspace();
    QList<widgets::TargetRow> targets;
    std::vector<providers::ProviderConfig> configs;
    if (workspace.catalog) {
        configs = workspace.catalog->providers();
        for (const store::TargetRecord &target : workspace.catalog->targets())
            targets.append({qs(target.id), qs(target.providerId), qs(target.model),
                qs(target.params.dump()), qs(target.fallbackTargetId.value_or("")),
                target.fallbackMinLogprob});
    }
    m_dialog->setTargets(targets);
    // The models the targets use, each with the price its answers are costed with.
    QList<widgets::PriceRow> prices;
    if (workspace.catalog && workspace.pricing)
        for (const store::TargetRecord &target : workspace.catalog->targets()) {
            const QString model = qs(target.model);
            if (std::any_of(prices.begin(), prices.end(),
                    [&model](const widgets::PriceRow &row) { return row.model == model; }))
                continue;
            const auto provider = std::find_if(workspace.catalog->providers().begin(),
                workspace.catalog->providers().end(),
                [&target](const providers::ProviderConfig &config) {
                    return config.id == target.providerId;
                });
            if (provider == workspace.catalog->providers().end()
                || provider->kind == providers::ProviderKind::Echo)
                continue; // echo is free, nothing to set
            widgets::PriceRow row;
            row.model = model;
            if (const auto price = workspace.pricing->priceOf(provider->kind, target.model)) {
                row.input = price->input;
                row.output = price->output;
                row.cachedInput = price->cachedInput;
                row.source = price->confidence.empty()
                    ? qs(price->source)
                    : tr("%1 (confidence %2)").arg(qs(price->source), qs(price->confidence));
            }
            prices.append(row);
        }
    m_dialog->setPrices(prices);
    auto *watcher = new QFutureWatcher<QList<widgets::ProviderRow>>(this);
    connect(watcher, &QFutureWatcher<QList<widgets::ProviderRow>>::finished, this, [this, watcher] {
        if (m_dialog)
            m_dialog->setProviders(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&providerRows, configs, m_session->engine().env()));
}

void ProviderSettings::save(
    const providers::ProviderConfig &config, bool isNew, const QString &key)
{
    if (!key.isEmpty()) {
        // The key goes to the keychain first; the provider is saved once it is there, so a
        // project never names a keychain entry that was never written.
        const QString entry = qs(secrets::EnvSecretStore::variableFor(config));
        m_session->keychain()->write(entry, key, [this, config, isNew, entry](const QString &why) {
            if (!m_dialog)
                return;
            if (!why.isEmpty()) {
                m_dialog->showMessage(tr("The key was not saved: %1. Keep it in the environment "
                                         "variable %2 instead.")
                                          .arg(why, entry),
                    true);
                return;
            }
            m_dialog->keySaved();
            save(config, isNew, QString());
        });
        return;
    }
    // Added or changed here, by this machine's user: approved as `provider add` approves it.
    secrets::TrustStore *trust = &m_session->engine().trust();
    const providers::EnvLookup env = m_session->engine().env();
    write(
        [config, isNew, trust, env](store::Project &project) {
            store::ProviderCatalog catalog(project);
            if (isNew)
                catalog.addProvider(config);
            else
                catalog.updateProvider(config);
            const auto destination
                = secrets::destinationOf(providers::resolveConfig(config, env));
            if (destination && secrets::TrustStore::needsApproval(*destination)) {
                try {
                    trust->approve(*destination, config.id);
                } catch (const std::exception &error) {
                    throw std::runtime_error("provider " + config.id
                        + " is saved but not approved on this machine: " + error.what());
                }
            }
        },
        (isNew ? tr("Added provider %1") : tr("Saved provider %1")).arg(qs(config.id)));
}

void ProviderSettings::approve(const QString &id)
{
    const WorkspaceSnapshot &workspace = m_session->workspace();
    if (!workspace.catalog)
        return;
    const auto config = std::find_if(workspace.catalog->providers().begin(),
        workspace.catalog->providers().end(),
        [&id](const providers::ProviderConfig &known) { return qs(known.id) == id; });
    if (config == workspace.catalog->providers().end())
        return;
    const auto destination = secrets::destinationOf(
        providers::resolveConfig(*config, m_session->engine().env()));
    if (!destination)
        return;
    // The same approval `provider trust` gives, in the engine's own store so it holds at once;
    // written to the user's configuration folder off the GUI thread.
    secrets::TrustStore *trust = &m_session->engine().trust();
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, id] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!m_dialog)
            return;
        m_dialog->showMessage(error.isEmpty()
                ? tr("Approved: provider %1 may send to its host from this machine").arg(id)
                : error,
            !error.isEmpty());
        refill();
    });
    watcher->setFuture(QtConcurrent::run([trust, destination = *destination, id]() -> QString {
        try {
            trust->approve(destination, id.toStdString());
            return {};
        } catch (const std::exception &error) {
            return QString::fromStdString(error.what());
        }
    }));
}

void ProviderSettings::write(std::function<void(store::Project &)> change, const QString &success)
{
    m_session->writer()->changeProject(std::move(change), [this, success](const QString &error) {
        if (m_dialog)
            m_dialog->showMessage(error.isEmpty() ? success : error, !error.isEmpty());
    });
}

} // namespace ps::app
