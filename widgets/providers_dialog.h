#pragma once

#include "providers/provider_config.h"
#include "response_pane.h"
#include "targets_page.h"

#include <QDialog>

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTableWidget;
class QToolButton;

// Settings ▸ Providers and Targets: add (from a preset), edit and remove providers, test the
// connection (its models and one round trip), and make targets from the models listed. It shows
// and asks; the app writes the project and makes the calls.
namespace ps::widgets {

class KeySourceField;

// A provider as the dialog lists it.
struct ProviderRow
{
    providers::ProviderConfig config;
    QString host; // where its requests go; "" offline
    QString keyVariable; // "" when it sends no key
    bool keySet = false;
    bool approved = true; // this machine approved sending its key to its host
};

// A model's price as the Prices tab lists it (USD per million tokens).
struct PriceRow
{
    QString model;
    std::optional<double> input; // none: no price known
    std::optional<double> output;
    std::optional<double> cachedInput;
    QString source; // "catalogue, 2026-11 (confidence H)", "project override", ""

    bool operator==(const PriceRow &) const = default;
};

class ProvidersDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit ProvidersDialog(QWidget *parent = nullptr);

    // Keeps the provider being edited selected when it is still listed.
    void setProviders(const QList<ProviderRow> &providers);
    void setTargets(const QList<TargetRow> &targets);
    TargetsPage *targetsPage() const { return m_targets; }
    // The models the targets use, with the price each answer is costed with.
    void setPrices(const QList<PriceRow> &prices);
    // The Prices tab, on `model`'s row (a pane whose model has no price asks for this).
    void showPrice(const QString &model);
    // The reply to testRequested(): the models, or the error's category and words.
    void showTestResult(const QString &providerId, const QStringList &models, double roundTripMs,
        const QString &error);
    // "" when a keychain answers on this machine, else why not (keys then live in variables).
    void setKeychainUnavailable(const QString &why);
    // The key typed was stored: the field lets go of it.
    void keySaved();
    // What the app has to say: a change refused by the store, a change made.
    void showMessage(const QString &text, bool isError);

    // Starts a new provider from the preset of this name (the Add menu's entries).
    void addFromPreset(const QString &presetName);
    void selectProvider(const QString &id);
    QString currentProviderId() const;

    QListWidget *providerList() const { return m_providerList; }
    QListWidget *modelList() const { return m_models; }
    QLineEdit *idEdit() const { return m_id; }
    QLineEdit *baseUrlEdit() const { return m_baseUrl; }
    QLineEdit *keyVariableEdit() const;
    KeySourceField *keySource() const { return m_keySource; }
    QComboBox *kindBox() const { return m_kind; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *testButton() const { return m_test; }
    QPushButton *addTargetButton() const { return m_addTarget; }
    QPushButton *approveButton() const { return m_approve; }
    QLineEdit *targetIdEdit() const { return m_targetId; }
    QLabel *testResult() const { return m_testResult; }
    QLabel *message() const { return m_message; }
    QTableWidget *priceTable() const { return m_prices; }
    QPushButton *savePricesButton() const { return m_savePrices; }

signals:
    // `key` is the key typed to go into the keychain, or "" (never kept by the dialog).
    void saveRequested(const ps::providers::ProviderConfig &config, bool isNew, const QString &key);
    void removeProviderRequested(const QString &id);
    void testRequested(const ps::providers::ProviderConfig &config);
    void addTargetRequested(const QString &id, const QString &providerId, const QString &model);
    void removeTargetRequested(const QString &id);
    void targetSaveRequested(const ps::widgets::TargetRow &target);
    // Approve sending this provider's key (or prompts) to its host, on this machine.
    void approveRequested(const QString &id);
    // The prices typed for these models, to keep as the project's overrides.
    void pricesSaveRequested(const QList<ps::widgets::PriceRow> &prices);

private:
    QWidget *createProvidersPage();
    QWidget *createPricesPage();
    void showProvider(const ProviderRow &row, bool isNew);
    void providerChosen();
    void kindChanged();
    providers::ProviderConfig formConfig() const;
    void updateKeyNote();
    void modelChosen();

    QList<ProviderRow> m_rows;
    bool m_editingNew = false;
    QTabWidget *m_tabs = nullptr;
    QListWidget *m_providerList = nullptr;
    QToolButton *m_addButton = nullptr;
    QPushButton *m_removeProvider = nullptr;
    QStackedWidget *m_form = nullptr;
    QLineEdit *m_id = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    KeySourceField *m_keySource = nullptr;
    QLineEdit *m_apiVersion = nullptr;
    QLabel *m_apiVersionLabel = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QSpinBox *m_rpm = nullptr;
    QSpinBox *m_timeout = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_approve = nullptr;
    QLabel *m_testResult = nullptr;
    QListWidget *m_models = nullptr;
    QLineEdit *m_targetId = nullptr;
    QPushButton *m_addTarget = nullptr;
    TargetsPage *m_targets = nullptr;
    QLabel *m_message = nullptr;
    QTableWidget *m_prices = nullptr;
    QPushButton *m_savePrices = nullptr;
    QList<PriceRow> m_priceRows;
};

} // namespace ps::widgets
