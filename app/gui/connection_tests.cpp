#include "connection_tests.h"

#include "dispatch/connection_test.h"
#include "dispatch/engine.h"
#include "dispatch/trust_check.h"
#include "keychain_keys.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace ps::app {

ConnectionTests::ConnectionTests(dispatch::Engine &engine, KeychainKeys *keys, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_keys(keys)
{ }

ConnectionTests::~ConnectionTests()
{
    for (const auto &test : m_running)
        test->cancel();
    for (QFuture<Outcome> &future : m_futures)
        future.waitForFinished();
}

void ConnectionTests::start(const providers::ProviderConfig &config)
{
    if (m_keys) { // a key kept in the keychain is read first, for an approved host only
        const providers::ProviderConfig resolved = providers::resolveConfig(config, m_engine.env());
        if (!dispatch::trustRefusal(resolved, m_engine.trust())
            && m_keys->readFirst(resolved, m_engine.env(), [this, config] { start(config); }))
            return;
    }
    auto test = std::make_shared<dispatch::ConnectionTest>(m_engine);
    QFuture<Outcome> future = QtConcurrent::run([test, config] {
        Outcome outcome;
        try {
            const dispatch::ConnectionReport report = test->run(config);
            outcome.roundTripMs = report.roundTripMs;
            for (const providers::ModelInfo &model : report.models)
                outcome.models << QString::fromStdString(model.id);
            if (report.error)
                outcome.error = QString::fromLatin1(providers::toString(report.error->category))
                    + QStringLiteral(": ") + QString::fromStdString(report.error->message);
        } catch (const dispatch::UntrustedProviderError &refused) {
            outcome.error = QString::fromStdString(refused.what());
        }
        return outcome;
    });
    m_running.append(test);
    m_futures.append(future);
    auto *watcher = new QFutureWatcher<Outcome>(this);
    const QString id = QString::fromStdString(config.id);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, test, id] {
        const Outcome outcome = watcher->result();
        m_running.removeOne(test);
        watcher->deleteLater();
        emit finished(id, outcome.models, outcome.roundTripMs, outcome.error);
    });
    watcher->setFuture(future);
}

} // namespace ps::app
