#pragma once

#include "dispatch/dispatcher.h"
#include "secrets/keychain_secret_store.h"

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

// The OS keychain for the window, through QtKeychain: a key is read only when a send needs it
// (never at start-up: with no keychain service a read can take its time), by asynchronous jobs
// that leave the GUI thread free, and kept in memory for as long as the window runs. A key typed
// into the providers dialog is written there, never to the project or the settings.
namespace ps::app {

class KeychainKeys final : public QObject
{
    Q_OBJECT
public:
    explicit KeychainKeys(QObject *parent = nullptr);

    // What the engine asks, from any thread: the key read for an entry, if any.
    secrets::KeychainLookup lookup() const;

    // Reads the keychain entries `calls` need and have not read yet — those of the providers
    // whose key is kept there, whose variable is unset and whose host is approved — then
    // `done` on the GUI thread. False (and no `done`) when there is nothing to read.
    bool readFirst(const std::vector<dispatch::TargetCall> &calls,
        const providers::EnvLookup &env, const std::function<bool(
            const providers::ProviderConfig &)> &approved, std::function<void()> done);
    // The same for one approved provider (Test connection).
    bool readFirst(const providers::ProviderConfig &resolved, const providers::EnvLookup &env,
        std::function<void()> done);

    // Stores `key` under `entry` (replacing what was there); `done` gets "" or why not.
    void write(const QString &entry, const QString &key, std::function<void(QString)> done);
    // Whether a keychain service answers on this machine; `done` gets "" or why not (said once
    // per process: the answer does not change while the window runs).
    void probe(std::function<void(QString)> done);

private:
    void read(std::vector<std::string> entries, std::function<void()> done);

    struct Keys
    {
        std::mutex mutex;
        std::map<std::string, std::optional<std::string>> read; // an entry read, found or not
    };
    std::shared_ptr<Keys> m_keys = std::make_shared<Keys>();
    std::optional<QString> m_probed; // "" or why no keychain answers
};

} // namespace ps::app
