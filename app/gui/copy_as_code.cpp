#include "copy_as_code.h"

#include "code_dialog.h"
#include "comparison_runner.h"
#include "response_area.h"
#include "std_text.h"

#include "providers/request_code.h"
#include "secrets/secret_store.h"

#include <QCheckBox>

#include <stdexcept>

namespace ps::app {

using widgets::qs;

CopyAsCode::CopyAsCode(const ComparisonRunner *runner, widgets::ResponseArea *area,
    providers::EnvLookup env, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
    , m_area(area)
    , m_env(std::move(env))
{
    connect(m_area, &widgets::ResponseArea::copyAsCodeRequested, this, &CopyAsCode::open);
}

void CopyAsCode::open(int paneId)
{
    const dispatch::TargetCall *call = m_runner->sentBy(paneId);
    if (!call) {
        emit statusMessage(tr("Run the pane first: the code is the request it sent."));
        return;
    }
    if (call->provider.kind == providers::ProviderKind::Echo) {
        emit statusMessage(tr("%1 answers offline on this machine: it sends no request to copy.")
                               .arg(qs(call->targetId)));
        return;
    }
    m_call = *call;
    if (!m_dialog) {
        m_dialog = new widgets::CodeDialog(m_area->window());
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &widgets::CodeDialog::policyToggled, this, &CopyAsCode::fill);
    }
    const providers::ProviderConfig resolved = providers::resolveConfig(m_call->provider, m_env);
    const std::string variable = secrets::EnvSecretStore::variableFor(resolved);
    const QString subject = tr("The request target %1 sent: model %2 on provider %3 (%4).")
                                .arg(qs(m_call->targetId), qs(m_call->request.model),
                                    qs(resolved.id), qs(providers::toString(resolved.kind)));
    m_dialog->setSubject(subject + QLatin1Char(' ')
        + (variable.empty() ? tr("This provider takes no key.")
                            : tr("The key is read from %1; it is never written in the code.")
                                  .arg(qs(variable))));
    fill(m_dialog->policyBox()->isChecked());
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

void CopyAsCode::fill(bool withPolicy)
{
    if (!m_dialog || !m_call)
        return;
    const providers::ProviderConfig resolved = providers::resolveConfig(m_call->provider, m_env);
    std::optional<providers::CodePolicy> policy;
    if (withPolicy) {
        policy = providers::CodePolicy {dispatch::RetryPolicy {}.maxRetries,
            resolved.timeoutSeconds, {}};
        for (const dispatch::TargetCall *link = m_call->fallback.get(); link;
            link = link->fallback.get())
            policy->fallbacks.push_back(link->targetId + " (" + link->request.model + " on "
                + link->provider.id + ", " + providers::toString(link->provider.kind) + ")");
    }
    QList<widgets::CodeDialog::Snippet> snippets;
    try {
        for (const auto &[name, language] :
            {std::pair {"curl", providers::CodeLanguage::Curl},
                std::pair {"Python", providers::CodeLanguage::Python},
                std::pair {"JavaScript", providers::CodeLanguage::JavaScript}})
            snippets.append({QString::fromLatin1(name),
                qs(providers::requestCode(language, m_call->request, resolved, policy))});
    } catch (const std::exception &error) {
        emit statusMessage(tr("No code for %1: %2").arg(qs(m_call->targetId), qs(error.what())));
        return;
    }
    m_dialog->setSnippets(snippets);
}

} // namespace ps::app
