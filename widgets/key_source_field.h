#pragma once

#include "providers/provider_config.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

// Where a provider's key lives, in the providers dialog: the OS keychain (a key typed here goes
// there, never to the project or the settings) or an environment variable, and the name that
// both go by. Where no keychain service runs it says so and offers the variable.
namespace ps::widgets {

class KeySourceField final : public QWidget
{
    Q_OBJECT
public:
    explicit KeySourceField(QWidget *parent = nullptr);

    // "" when a keychain answers here, else why not (the keychain choice is then refused).
    void setKeychainUnavailable(const QString &why);
    // Shows `config`'s key: where it lives, its name, and whether the variable is set (a new
    // provider's key goes to the keychain where one answers and the provider takes a key).
    void showKey(const providers::ProviderConfig &config, bool variableSet, bool isNew);
    void setKind(providers::ProviderKind kind);
    // Whether the variable is set on this machine (the project was read again).
    void setVariableSet(bool set);
    // Writes where the key lives and its name into `config` (a keychain key with no name is
    // named after the provider: "LOCAL_API_KEY").
    void apply(providers::ProviderConfig &config) const;
    // The key typed to go into the keychain ("" when none was typed, or it lives elsewhere).
    QString typedKey() const;
    void clearTypedKey();

    QComboBox *storeBox() const { return m_store; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *keyEdit() const { return m_key; }
    QLabel *note() const { return m_note; }

private:
    bool inKeychain() const;
    void update();

    QComboBox *m_store;
    QLineEdit *m_name;
    QLineEdit *m_key;
    QLabel *m_note;
    providers::ProviderKind m_kind = providers::ProviderKind::OpenAi;
    QString m_unavailable; // why no keychain answers here; "" when one does
    bool m_variableSet = false;
    bool m_savedInKeychain = false; // the provider as saved keeps its key there
};

} // namespace ps::widgets
