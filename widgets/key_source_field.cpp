#include "key_source_field.h"

#include "std_text.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

enum Store { Keychain, Environment };

// "local-llm" → "LOCAL_LLM_API_KEY": a name for a keychain key the user did not name.
QString nameAfter(const QString &providerId)
{
    QString name;
    for (const QChar c : providerId.toUpper())
        name += (c.isLetterOrNumber() && c.unicode() < 128) ? c : QLatin1Char('_');
    return (name.isEmpty() ? QStringLiteral("PROVIDER") : name) + QStringLiteral("_API_KEY");
}

} // namespace

KeySourceField::KeySourceField(QWidget *parent)
    : QWidget(parent)
    , m_store(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_note(new QLabel(this))
{
    m_store->setAccessibleName(tr("Where the key lives"));
    m_store->addItem(tr("In the keychain"));
    m_store->addItem(tr("In an environment variable"));
    m_name->setAccessibleName(tr("Key variable"));
    m_name->setToolTip(tr("The key's name: the environment variable that holds it, or its entry "
                          "in the keychain. The key itself is never written to the project."));
    m_key->setAccessibleName(tr("Key"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("Paste the key"));
    m_note->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("keyNote"));

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_store);
    top->addWidget(m_name, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_key);
    layout->addWidget(m_note);
    setFocusProxy(m_store);

    connect(m_store, &QComboBox::currentIndexChanged, this, &KeySourceField::update);
    connect(m_name, &QLineEdit::textChanged, this, &KeySourceField::update);
    connect(m_key, &QLineEdit::textChanged, this, &KeySourceField::update);
    update();
}

void KeySourceField::setKeychainUnavailable(const QString &why)
{
    m_unavailable = why;
    // The choice stays visible, disabled: the note says why, rather than an option vanishing.
    if (auto *items = qobject_cast<QStandardItemModel *>(m_store->model())) {
        items->item(Keychain)->setEnabled(why.isEmpty());
        items->item(Keychain)->setToolTip(why);
    }
    if (!why.isEmpty() && inKeychain() && !m_savedInKeychain)
        m_store->setCurrentIndex(Environment);
    update();
}

void KeySourceField::showKey(
    const providers::ProviderConfig &config, bool variableSet, bool isNew)
{
    m_variableSet = variableSet;
    m_savedInKeychain = config.keyInKeychain;
    m_key->clear();
    m_name->setText(qs(config.apiKeyEnv));
    // A new provider's key goes to the keychain where there is one; a local server that takes
    // no key (no name for one) stays without.
    const bool named = !config.apiKeyEnv.empty() || !providers::defaultApiKeyEnv(config.kind).empty();
    const bool keychain
        = config.keyInKeychain || (isNew && named && m_unavailable.isEmpty());
    m_store->setCurrentIndex(keychain ? Keychain : Environment);
    setKind(config.kind);
}

void KeySourceField::setKind(providers::ProviderKind kind)
{
    m_kind = kind;
    const bool echo = kind == providers::ProviderKind::Echo;
    m_store->setEnabled(!echo);
    m_name->setEnabled(!echo);
    const QString usual = qs(providers::defaultApiKeyEnv(kind));
    m_name->setPlaceholderText(usual.isEmpty() ? tr("none: no key is sent") : usual);
    update();
}

void KeySourceField::setVariableSet(bool set)
{
    m_variableSet = set;
    update();
}

bool KeySourceField::inKeychain() const
{
    return m_kind != providers::ProviderKind::Echo && m_store->currentIndex() == Keychain;
}

void KeySourceField::apply(providers::ProviderConfig &config) const
{
    config.keyInKeychain = false;
    if (config.kind == providers::ProviderKind::Echo)
        return;
    config.apiKeyEnv = m_name->text().trimmed().toStdString();
    if (!inKeychain())
        return;
    config.keyInKeychain = true;
    if (config.apiKeyEnv.empty() && providers::defaultApiKeyEnv(config.kind).empty())
        config.apiKeyEnv = nameAfter(qs(config.id)).toStdString();
}

QString KeySourceField::typedKey() const
{
    return inKeychain() ? m_key->text().trimmed() : QString();
}

void KeySourceField::clearTypedKey()
{
    m_key->clear();
    m_savedInKeychain = inKeychain();
    update();
}

void KeySourceField::update()
{
    const bool keychain = inKeychain();
    m_key->setVisible(keychain);
    const QString typed = m_name->text().trimmed();
    const QString fallback = qs(providers::defaultApiKeyEnv(m_kind));
    const QString name = !typed.isEmpty() ? typed : fallback;
    if (m_kind == providers::ProviderKind::Echo || (!keychain && name.isEmpty())) {
        m_note->setText(tr("No key is sent."));
        return;
    }
    if (keychain) {
        if (!m_unavailable.isEmpty())
            m_note->setText(tr("The keychain cannot be used: %1. Keep the key in an environment "
                               "variable instead.")
                                .arg(m_unavailable));
        else if (m_variableSet && m_key->text().isEmpty())
            m_note->setText(tr("%1 is set in the environment, and is used before the keychain.")
                                .arg(name));
        else if (!m_key->text().isEmpty())
            m_note->setText(tr("Saving puts the key in this machine's keychain; it is never "
                               "written to the project or the settings."));
        else if (m_savedInKeychain)
            m_note->setText(tr("The key is kept in the keychain%1. Paste a new one to replace it.")
                                .arg(name.isEmpty() ? QString() : tr(" as %1").arg(name)));
        else
            m_note->setText(tr("Paste the key: it goes to this machine's keychain, never to the "
                               "project or the settings."));
        return;
    }
    if (m_variableSet)
        m_note->setText(tr("%1 is set on this machine.").arg(name));
    else if (!m_unavailable.isEmpty())
        m_note->setText(tr("The keychain cannot be used (%1): set %2 in the environment "
                           "Promptsmith starts from; the key is never stored in the project.")
                            .arg(m_unavailable, name));
    else
        m_note->setText(tr("Set %1 in the environment Promptsmith starts from; the key is never "
                           "stored in the project.")
                            .arg(name));
}

} // namespace ps::widgets
