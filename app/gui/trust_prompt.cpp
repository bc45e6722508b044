#include "trust_prompt.h"

#include "dispatch/engine.h"

#include <QApplication>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace ps::app {

TrustPrompt::TrustPrompt(dispatch::Engine &engine, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_parent(dialogParent)
{ }

TrustPrompt::~TrustPrompt()
{
    m_approving.waitForFinished(); // it writes through the engine's approvals
}

bool TrustPrompt::refused(const secrets::ProviderDestination &destination) const
{
    return std::find(m_refused.begin(), m_refused.end(), destination) != m_refused.end();
}

std::vector<dispatch::UntrustedProviderError> TrustPrompt::toAsk(
    const dispatch::TargetCall &call, QString *refusal) const
{
    std::vector<dispatch::UntrustedProviderError> refusals
        = dispatch::trustRefusals(call, m_engine.trust(), m_engine.env());
    for (const dispatch::UntrustedProviderError &each : refusals)
        if (refused(each.destination())) {
            *refusal = QString::fromStdString(each.what());
            return {};
        }
    return refusals;
}

void TrustPrompt::ask(
    std::vector<dispatch::UntrustedProviderError> refusals, std::function<void()> done)
{
    // One question per destination, however many panes and fallbacks lead there.
    std::vector<dispatch::UntrustedProviderError> distinct;
    for (dispatch::UntrustedProviderError &refusal : refusals)
        if (!refused(refusal.destination())
            && std::none_of(distinct.begin(), distinct.end(), [&](const auto &known) {
                   return known.destination() == refusal.destination();
               }))
            distinct.push_back(std::move(refusal));
    askNext(std::make_shared<std::vector<dispatch::UntrustedProviderError>>(std::move(distinct)),
        std::move(done));
}

void TrustPrompt::askNext(
    std::shared_ptr<std::vector<dispatch::UntrustedProviderError>> queue, std::function<void()> done)
{
    if (queue->empty()) {
        done();
        return;
    }
    const dispatch::UntrustedProviderError refusal = queue->front();
    queue->erase(queue->begin());
    const secrets::ProviderDestination &to = refusal.destination();
    const QString host = QString::fromStdString(to.host);
    const QString provider = QString::fromStdString(refusal.providerId());
    const QString what = to.variable.empty()
        ? tr("Provider <b>%1</b> would send your prompts to <b>%2</b>.").arg(provider, host)
        : tr("Provider <b>%1</b> would send the key in <b>%2</b> to <b>%3</b>.")
              .arg(provider, QString::fromStdString(to.variable), host);

    // Over the window in front (the presenter's full-screen page, say), or it is not seen.
    QWidget *front = QApplication::activeWindow() ? QApplication::activeWindow() : m_parent.data();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Send to %1?").arg(host),
        what + QStringLiteral("<p>")
            + tr("This machine has not approved that host%1. The project %2 may have been made or "
                 "changed elsewhere.")
                  .arg(to.variable.empty() ? QString() : tr(" for this key"),
                      m_project.toHtmlEscaped()),
        QMessageBox::NoButton, front);
    box->setObjectName(QStringLiteral("trustPrompt"));
    box->setInformativeText(tr("Approve only a host you trust%1. An approval is kept on this "
                               "machine (promptsmith-cli provider untrust %2 withdraws it); "
                               "Don't Send holds until Promptsmith quits.")
                                .arg(to.variable.empty() ? QString() : tr(" with this key"), provider));
    QPushButton *send = box->addButton(tr("&Approve and Send"), QMessageBox::AcceptRole);
    QPushButton *keep = box->addButton(tr("&Don't Send"), QMessageBox::RejectRole);
    box->setDefaultButton(keep); // Return must not send a key anywhere
    box->setEscapeButton(keep);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, send, refusal, queue, done] {
        if (box->clickedButton() != send) {
            m_refused.push_back(refusal.destination());
            askNext(queue, done);
            return;
        }
        // The approval is written to the user's configuration folder, off the GUI thread.
        auto *watcher = new QFutureWatcher<bool>(this);
        connect(watcher, &QFutureWatcher<bool>::finished, this,
            [this, watcher, refusal, queue, done] {
                watcher->deleteLater();
                if (!watcher->result()) // unwritable: not asked again, the send says why
                    m_refused.push_back(refusal.destination());
                askNext(queue, done);
            });
        secrets::TrustStore *trust = &m_engine.trust();
        m_approving = QtConcurrent::run([trust, refusal] {
            try {
                trust->approve(refusal.destination(), refusal.providerId());
                return true;
            } catch (const std::exception &) {
                return false;
            }
        });
        watcher->setFuture(m_approving);
    });
    box->open();
}

} // namespace ps::app
