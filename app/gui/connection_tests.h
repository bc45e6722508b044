#pragma once

#include "providers/provider_config.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace ps::dispatch {
class ConnectionTest;
class Engine;
} // namespace ps::dispatch

// Runs "Test connection" off the GUI thread through the session's engine (its keys, its
// approvals). Going away, it cancels the tests still running and waits for them, so that none
// outlives the engine.
namespace ps::app {

class KeychainKeys;

class ConnectionTests final : public QObject
{
    Q_OBJECT
public:
    // `keys` (may be null) holds the keys kept in the keychain, read before a test needs one.
    explicit ConnectionTests(
        dispatch::Engine &engine, KeychainKeys *keys = nullptr, QObject *parent = nullptr);
    ~ConnectionTests() override;

    void start(const providers::ProviderConfig &config);

signals:
    // `error` is "category: the provider's words", or why nothing was sent; "" on success.
    void finished(const QString &providerId, const QStringList &models, double roundTripMs,
        const QString &error);

private:
    struct Outcome
    {
        QStringList models;
        double roundTripMs = 0;
        QString error;
    };

    dispatch::Engine &m_engine;
    KeychainKeys *m_keys;
    QList<std::shared_ptr<dispatch::ConnectionTest>> m_running;
    QList<QFuture<Outcome>> m_futures;
};

} // namespace ps::app
