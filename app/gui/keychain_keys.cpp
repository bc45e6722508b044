#include "keychain_keys.h"

#include "std_text.h"

#include <qt6keychain/keychain.h>

#include <algorithm>
#include <utility>

namespace ps::app {

using widgets::qs;

namespace {

const QString &service()
{
    static const QString name = QString::fromLatin1(secrets::kKeychainService);
    return name;
}

// The entry of a provider whose key the keychain holds and the environment does not, or "".
std::string keychainEntry(const providers::ProviderConfig &resolved, const providers::EnvLookup &env)
{
    if (!resolved.keyInKeychain || resolved.kind == providers::ProviderKind::Echo)
        return {};
    const std::string entry = secrets::EnvSecretStore::variableFor(resolved);
    if (entry.empty() || secrets::EnvSecretStore(env).apiKey(resolved))
        return {};
    return entry;
}

// What a failed job means to the user: a keychain that is missing, or one that said no.
QString whyNot(const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
        return KeychainKeys::tr("no keychain service runs on this machine");
    case QKeychain::AccessDenied:
        return KeychainKeys::tr("the keychain is locked or refused access");
    default:
        return KeychainKeys::tr("the keychain did not answer (%1)").arg(job.errorString());
    }
}

} // namespace

// Jobs have no parent: a keychain answers through GLib callbacks that hold the job, so a job
// must live until it finishes (autoDelete) even when the window that asked is gone; the
// connections to this object end with it.
KeychainKeys::KeychainKeys(QObject *parent)
    : QObject(parent)
{ }

secrets::KeychainLookup KeychainKeys::lookup() const
{
    return [keys = m_keys](const std::string &entry) -> std::optional<std::string> {
        const std::lock_guard lock(keys->mutex);
        const auto it = keys->read.find(entry);
        return it == keys->read.end() ? std::nullopt : it->second;
    };
}

bool KeychainKeys::readFirst(const std::vector<dispatch::TargetCall> &calls,
    const providers::EnvLookup &env,
    const std::function<bool(const providers::ProviderConfig &)> &approved,
    std::function<void()> done)
{
    std::vector<std::string> entries;
    {
        const std::lock_guard lock(m_keys->mutex);
        for (const dispatch::TargetCall &call : calls)
            for (const dispatch::TargetCall *link = &call; link; link = link->fallback.get()) {
                const providers::ProviderConfig resolved
                    = providers::resolveConfig(link->provider, env);
                const std::string entry = keychainEntry(resolved, env);
                // A key is read only for a host the user approved: a project from elsewhere
                // does not get to learn which keys this machine holds.
                if (!entry.empty() && !m_keys->read.contains(entry) && approved(resolved)
                    && std::find(entries.begin(), entries.end(), entry) == entries.end())
                    entries.push_back(entry);
            }
    }
    if (entries.empty())
        return false;
    read(std::move(entries), std::move(done));
    return true;
}

bool KeychainKeys::readFirst(const providers::ProviderConfig &resolved,
    const providers::EnvLookup &env, std::function<void()> done)
{
    const std::string entry = keychainEntry(resolved, env);
    {
        const std::lock_guard lock(m_keys->mutex);
        if (entry.empty() || m_keys->read.contains(entry))
            return false;
    }
    read({entry}, std::move(done));
    return true;
}

void KeychainKeys::read(std::vector<std::string> entries, std::function<void()> done)
{
    auto left = std::make_shared<std::size_t>(entries.size());
    auto finish = std::make_shared<std::function<void()>>(std::move(done));
    for (const std::string &entry : entries) {
        auto *job = new QKeychain::ReadPasswordJob(service());
        job->setAutoDelete(true);
        job->setKey(qs(entry));
        connect(job, &QKeychain::Job::finished, this,
            [this, job, entry, left, finish](QKeychain::Job *) {
                std::optional<std::string> key;
                if (job->error() == QKeychain::NoError)
                    key = job->textData().toStdString();
                {
                    const std::lock_guard lock(m_keys->mutex);
                    m_keys->read[entry] = std::move(key);
                }
                if (--*left == 0)
                    (*finish)();
            });
        job->start();
    }
}

void KeychainKeys::write(
    const QString &entry, const QString &key, std::function<void(QString)> done)
{
    auto *job = new QKeychain::WritePasswordJob(service());
    job->setAutoDelete(true);
    job->setKey(entry);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, this,
        [this, job, entry = entry.toStdString(), key = key.trimmed().toStdString(),
            done = std::move(done)](QKeychain::Job *) {
            if (job->error() != QKeychain::NoError) {
                done(whyNot(*job));
                return;
            }
            {
                const std::lock_guard lock(m_keys->mutex);
                m_keys->read[entry] = key; // the next send uses it without asking again
            }
            done(QString());
        });
    job->start();
}

void KeychainKeys::probe(std::function<void(QString)> done)
{
    if (m_probed) {
        done(*m_probed);
        return;
    }
    // Reading an entry that is never written: "not found" means a keychain answered.
    auto *job = new QKeychain::ReadPasswordJob(service());
    job->setAutoDelete(true);
    job->setKey(QStringLiteral("promptsmith-probe"));
    connect(job, &QKeychain::Job::finished, this,
        [this, job, done = std::move(done)](QKeychain::Job *) {
            const bool answered
                = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
            m_probed = answered ? QString() : whyNot(*job);
            done(*m_probed);
        });
    job->start();
}

} // namespace ps::app
