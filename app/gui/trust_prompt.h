#pragma once

#include "dispatch/trust_check.h"

#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <vector>

class QWidget;

namespace ps::dispatch {
class Engine;
}

// Asks before the first send of a key (or of prompts) to a destination this machine has not
// approved, where the CLI refuses outright (CLI.md "Trust"): it names the provider, the host,
// the key's variable and the project. "Approve and Send" is remembered on this machine (the
// same approval `provider trust` gives); "Don't Send" for as long as the window runs.
namespace ps::app {

class TrustPrompt final : public QObject
{
    Q_OBJECT
public:
    TrustPrompt(dispatch::Engine &engine, QWidget *dialogParent, QObject *parent = nullptr);
    ~TrustPrompt() override;

    void setProjectName(const QString &name) { m_project = name; }
    // The user said "Don't Send" to this destination in this session.
    bool refused(const secrets::ProviderDestination &destination) const;
    // What `call`'s chain would send where this machine has not approved: the destinations
    // to ask about; or, when one was refused this session, none and `refusal` its sentence.
    std::vector<dispatch::UntrustedProviderError> toAsk(
        const dispatch::TargetCall &call, QString *refusal) const;
    // Asks about each destination of `refusals` in turn (once each), approving the ones the user
    // approves; then `done`, on the GUI thread, whatever the answers.
    void ask(std::vector<dispatch::UntrustedProviderError> refusals, std::function<void()> done);

private:
    void askNext(std::shared_ptr<std::vector<dispatch::UntrustedProviderError>> queue,
        std::function<void()> done);

    dispatch::Engine &m_engine;
    QPointer<QWidget> m_parent;
    QString m_project;
    std::vector<secrets::ProviderDestination> m_refused;
    QFuture<bool> m_approving;
};

} // namespace ps::app
