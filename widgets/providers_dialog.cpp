#include "providers_dialog.h"

#include "key_source_field.h"
#include "std_text.h"

#include "providers/provider_presets.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

using providers::ProviderKind;

constexpr ProviderKind kKinds[] = {ProviderKind::OpenAi, ProviderKind::OpenAiCompatible,
    ProviderKind::AzureOpenAi, ProviderKind::Anthropic, ProviderKind::Gemini,
    ProviderKind::Ollama, ProviderKind::Echo};

QString kindName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return ProvidersDialog::tr("OpenAI");
    case ProviderKind::OpenAiCompatible:
        return ProvidersDialog::tr("OpenAI-compatible");
    case ProviderKind::AzureOpenAi:
        return ProvidersDialog::tr("Azure OpenAI");
    case ProviderKind::Anthropic:
        return ProvidersDialog::tr("Anthropic");
    case ProviderKind::Gemini:
        return ProvidersDialog::tr("Google Gemini");
    case ProviderKind::Ollama:
        return ProvidersDialog::tr("Ollama");
    case ProviderKind::Echo:
        return ProvidersDialog::tr("Echo (offline)");
    }
    return {};
}

QSpinBox *spinBox(QWidget *parent, int low, int high, const QString &suffix, const QString &name)
{
    auto *box = new QSpinBox(parent);
    box->setRange(low, high);
    box->setSuffix(suffix);
    box->setAccessibleName(name);
    return box;
}

} // namespace

ProvidersDialog::ProvidersDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Providers and Targets"));
    setObjectName(QStringLiteral("providersDialog"));
    resize(900, 600);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(createProvidersPage(), tr("&Providers"));
    m_targets = new TargetsPage(this);
    connect(m_targets, &TargetsPage::saveRequested, this, &ProvidersDialog::targetSaveRequested);
    connect(m_targets, &TargetsPage::removeRequested, this, &ProvidersDialog::removeTargetRequested);
    m_tabs->addTab(m_targets, tr("&Targets"));
    m_tabs->addTab(createPricesPage(), tr("P&rices"));

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("providersMessage"));
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    // Return in a field must not press Remove, nor close the dialog over what is typed.
    for (QPushButton *button : findChildren<QPushButton *>())
        button->setAutoDefault(false);
}

QWidget *ProvidersDialog::createProvidersPage()
{
    auto *page = new QWidget(this);
    m_providerList = new QListWidget(page);
    m_providerList->setAccessibleName(tr("Providers"));
    m_providerList->setMinimumWidth(240);
    m_providerList->setSpacing(3);
    connect(m_providerList, &QListWidget::currentRowChanged, this, &ProvidersDialog::providerChosen);

    m_addButton = new QToolButton(page);
    m_addButton->setText(tr("&Add Provider…"));
    m_addButton->setToolTip(tr("Add a provider from a preset: a service or a local server"));
    m_addButton->setPopupMode(QToolButton::InstantPopup);
    auto *presets = new QMenu(m_addButton);
    bool localSeen = false;
    for (const providers::ProviderPreset &preset : providers::providerPresets()) {
        if (preset.local && !localSeen) {
            presets->addSection(tr("On this machine"));
            localSeen = true;
        }
        const QString name = qs(preset.name);
        presets->addAction(name, this, [this, name] { addFromPreset(name); });
    }
    presets->addSeparator();
    presets->addAction(tr("Other OpenAI-compatible server…"), this,
        [this] { addFromPreset(QString()); });
    m_addButton->setMenu(presets);
    m_removeProvider = new QPushButton(tr("&Remove"), page);
    m_removeProvider->setToolTip(tr("Remove the selected provider (its targets first)"));
    connect(m_removeProvider, &QPushButton::clicked, this, [this] {
        if (!currentProviderId().isEmpty() && !m_editingNew)
            emit removeProviderRequested(currentProviderId());
    });
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_addButton);
    listButtons->addWidget(m_removeProvider);
    listButtons->addStretch(1);
    auto *left = new QVBoxLayout;
    left->addWidget(m_providerList, 1);
    left->addLayout(listButtons);

    // The form: where the provider is, where its key comes from, its limits.
    m_form = new QStackedWidget(page);
    auto *empty = new QLabel(tr("Pick a provider to edit it, or Add… one from a preset: OpenAI, "
                                "Anthropic, Gemini, DeepSeek, Qwen, OpenRouter, Groq, Together, "
                                "or a server on this machine (Ollama, vLLM, LM Studio, "
                                "llama.cpp)."),
        m_form);
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    empty->setObjectName(QStringLiteral("emptyState"));
    m_form->addWidget(empty);

    auto *form = new QWidget(m_form);
    m_id = new QLineEdit(form);
    m_id->setAccessibleName(tr("Provider id"));
    m_id->setPlaceholderText(tr("letters, digits, '-', '_' and '.'"));
    m_kind = new QComboBox(form);
    m_kind->setAccessibleName(tr("Kind"));
    for (ProviderKind kind : kKinds)
        m_kind->addItem(kindName(kind), QString::fromLatin1(providers::toString(kind)));
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ProvidersDialog::kindChanged);
    m_baseUrl = new QLineEdit(form);
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_keySource = new KeySourceField(form);
    m_apiVersion = new QLineEdit(form);
    m_apiVersion->setAccessibleName(tr("API version"));
    m_apiVersion->setPlaceholderText(QStringLiteral("2024-10-21"));
    m_concurrency = spinBox(form, 1, 256, QString(), tr("Concurrent requests"));
    m_rpm = spinBox(form, 0, 100000, tr(" per minute"), tr("Requests per minute"));
    m_rpm->setSpecialValueText(tr("no limit"));
    m_timeout = spinBox(form, 1, 3600, tr(" s"), tr("Timeout"));
    m_timeout->setToolTip(tr("How long to wait for the first byte, or for more of the answer"));

    auto *fields = new QFormLayout;
    fields->addRow(tr("&Id"), m_id);
    fields->addRow(tr("&Kind"), m_kind);
    fields->addRow(tr("&Base URL"), m_baseUrl);
    fields->addRow(tr("&Key"), m_keySource);
    m_apiVersionLabel = new QLabel(tr("API &version"), form);
    m_apiVersionLabel->setBuddy(m_apiVersion);
    fields->addRow(m_apiVersionLabel, m_apiVersion);
    fields->addRow(tr("&Concurrency"), m_concurrency);
    fields->addRow(tr("&Rate limit"), m_rpm);
    fields->addRow(tr("&Timeout"), m_timeout);

    m_save = new QPushButton(tr("&Save Provider"), form);
    connect(m_save, &QPushButton::clicked, this,
        [this] { emit saveRequested(formConfig(), m_editingNew, m_keySource->typedKey()); });
    m_test = new QPushButton(tr("Test &Connection"), form);
    m_test->setToolTip(tr("List the provider's models and time one round trip"));
    connect(m_test, &QPushButton::clicked, this, [this] {
        m_testResult->setText(tr("Asking %1…").arg(m_id->text()));
        m_models->clear();
        emit testRequested(formConfig());
    });
    m_approve = new QPushButton(tr("A&pprove for This Machine"), form);
    m_approve->setToolTip(tr("This machine has not approved sending this provider's key to its "
                             "host (the project may come from elsewhere): approve only a host you "
                             "trust with the key"));
    m_approve->hide();
    connect(m_approve, &QPushButton::clicked, this, [this] {
        if (!m_editingNew)
            emit approveRequested(currentProviderId());
    });
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_save);
    actions->addWidget(m_test);
    actions->addWidget(m_approve);
    actions->addStretch(1);

    m_testResult = new QLabel(form);
    m_testResult->setWordWrap(true);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_models = new QListWidget(form);
    m_models->setAccessibleName(tr("Models"));
    connect(m_models, &QListWidget::currentRowChanged, this, &ProvidersDialog::modelChosen);
    m_targetId = new QLineEdit(form);
    m_targetId->setAccessibleName(tr("New target id"));
    m_targetId->setPlaceholderText(tr("target id"));
    m_addTarget = new QPushButton(tr("Add as &Target"), form);
    m_addTarget->setToolTip(tr("A target is a provider and a model the panes can send to"));
    connect(m_addTarget, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *model = m_models->currentItem(); model && !m_targetId->text().isEmpty())
            emit addTargetRequested(m_targetId->text(), m_id->text(),
                model->data(Qt::UserRole).toString());
    });
    auto *targetRow = new QHBoxLayout;
    targetRow->addWidget(m_targetId, 1);
    targetRow->addWidget(m_addTarget);

    auto *formLayout = new QVBoxLayout(form);
    formLayout->addLayout(fields);
    formLayout->addLayout(actions);
    formLayout->addWidget(m_testResult);
    formLayout->addWidget(m_models, 1);
    formLayout->addLayout(targetRow);
    m_form->addWidget(form);

    auto *layout = new QHBoxLayout(page);
    layout->addLayout(left);
    layout->addWidget(m_form, 1);
    return page;
}

QWidget *ProvidersDialog::createPricesPage()
{
    auto *page = new QWidget(this);
    auto *hint = new QLabel(tr("What each answer is costed with, in USD per million tokens. Type "
                               "a price to keep it in this project: it is used before the "
                               "catalogue."),
        page);
    hint->setWordWrap(true);
    m_prices = new QTableWidget(0, 5, page);
    m_prices->setHorizontalHeaderLabels(
        {tr("Model"), tr("Input"), tr("Output"), tr("Cached input"), tr("From")});
    m_prices->setAccessibleName(tr("Prices"));
    m_prices->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_prices->horizontalHeader()->setSectionResizeMode(4, QHeaderView::ResizeToContents);
    m_prices->verticalHeader()->hide();
    m_savePrices = new QPushButton(tr("&Save Prices"), page);
    m_savePrices->setToolTip(tr("Keep the prices typed here as this project's own"));
    connect(m_savePrices, &QPushButton::clicked, this, [this] {
        QList<PriceRow> changed;
        for (int row = 0; row < m_prices->rowCount() && row < m_priceRows.size(); ++row) {
            const auto number = [this, row](int column) -> std::optional<double> {
                const QTableWidgetItem *cell = m_prices->item(row, column);
                if (!cell || cell->text().trimmed().isEmpty())
                    return std::nullopt;
                bool ok = false;
                double value = QLocale().toDouble(cell->text(), &ok);
                if (!ok) // "0.15" typed where the locale writes "0,15"
                    value = QLocale::c().toDouble(cell->text(), &ok);
                return ok && value >= 0 ? std::optional(value) : std::nullopt;
            };
            PriceRow typed {m_priceRows[row].model, number(1), number(2), number(3), {}};
            const PriceRow &was = m_priceRows[row];
            if (typed.input && typed.output
                && (typed.input != was.input || typed.output != was.output
                    || typed.cachedInput != was.cachedInput))
                changed.append(typed);
        }
        if (changed.isEmpty())
            showMessage(tr("No price changed (input and output are both needed)."), false);
        else
            emit pricesSaveRequested(changed);
    });
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(hint);
    layout->addWidget(m_prices, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_savePrices);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    return page;
}

void ProvidersDialog::setPrices(const QList<PriceRow> &prices)
{
    // Read again after any change (a run stored meanwhile): what is typed stays unless the
    // prices themselves changed.
    if (prices == m_priceRows && m_prices->rowCount() == prices.size())
        return;
    m_priceRows = prices;
    m_prices->setRowCount(0);
    const auto cell = [](const std::optional<double> &value) {
        return new QTableWidgetItem(value ? QLocale().toString(*value, 'g', 6) : QString());
    };
    for (const PriceRow &price : prices) {
        const int row = m_prices->rowCount();
        m_prices->insertRow(row);
        auto *model = new QTableWidgetItem(price.model);
        model->setFlags(model->flags() & ~Qt::ItemIsEditable);
        m_prices->setItem(row, 0, model);
        m_prices->setItem(row, 1, cell(price.input));
        m_prices->setItem(row, 2, cell(price.output));
        m_prices->setItem(row, 3, cell(price.cachedInput));
        auto *source = new QTableWidgetItem(
            price.source.isEmpty() ? tr("no price known — type one") : price.source);
        source->setFlags(source->flags() & ~Qt::ItemIsEditable);
        m_prices->setItem(row, 4, source);
    }
}

void ProvidersDialog::showPrice(const QString &model)
{
    m_tabs->setCurrentIndex(2);
    for (int row = 0; row < m_prices->rowCount(); ++row)
        if (m_prices->item(row, 0)->text() == model) {
            m_prices->setCurrentCell(row, 1);
            m_prices->setFocus();
        }
}

void ProvidersDialog::setProviders(const QList<ProviderRow> &providers)
{
    // The form is the user's: a list read again (a save, the CLI) never resets what is typed.
    const QString current = currentProviderId();
    m_rows = providers;
    const QSignalBlocker blocker(m_providerList);
    m_providerList->clear();
    for (const ProviderRow &row : providers) {
        QString detail = row.host.isEmpty() ? tr("offline") : row.host;
        if (!row.keyVariable.isEmpty())
            detail += row.keySet               ? tr(" · key set")
                : row.config.keyInKeychain ? tr(" · key in keychain")
                                           : tr(" · %1 not set").arg(row.keyVariable);
        if (!row.approved)
            detail += tr(" · not approved here");
        auto *item = new QListWidgetItem(
            qs(row.config.id) + QStringLiteral("\n") + detail, m_providerList);
        item->setData(Qt::UserRole, qs(row.config.id));
        item->setToolTip(tr("%1 provider at %2").arg(kindName(row.config.kind), detail));
        if (!current.isEmpty() && qs(row.config.id) == current) {
            m_providerList->setCurrentItem(item);
            m_approve->setVisible(!m_editingNew && !row.approved);
            if (m_editingNew) { // the provider just added: it is edited from now on
                m_editingNew = false;
                m_id->setReadOnly(true);
                m_removeProvider->setEnabled(true);
                m_save->setText(tr("&Save Provider"));
            }
        }
    }
    updateKeyNote();
}

void ProvidersDialog::setTargets(const QList<TargetRow> &targets)
{
    m_targets->setTargets(targets);
}

void ProvidersDialog::selectProvider(const QString &id)
{
    for (int row = 0; row < m_providerList->count(); ++row)
        if (m_providerList->item(row)->data(Qt::UserRole).toString() == id) {
            const QSignalBlocker blocker(m_providerList);
            m_providerList->setCurrentRow(row);
            providerChosen();
            return;
        }
}

QLineEdit *ProvidersDialog::keyVariableEdit() const
{
    return m_keySource->nameEdit();
}

QString ProvidersDialog::currentProviderId() const
{
    return m_id->text();
}

void ProvidersDialog::providerChosen()
{
    const int row = m_providerList->currentRow();
    if (row < 0 || row >= m_rows.size())
        return;
    showProvider(m_rows.at(row), false);
}

void ProvidersDialog::addFromPreset(const QString &presetName)
{
    ProviderRow row;
    row.config.kind = ProviderKind::OpenAiCompatible;
    row.config.id = "local";
    for (const providers::ProviderPreset &preset : providers::providerPresets())
        if (qs(preset.name) == presetName) {
            row.config.id = preset.id;
            row.config.kind = preset.kind;
            row.config.baseUrl = preset.baseUrl;
            row.config.apiKeyEnv = preset.apiKeyEnv;
        }
    // A second provider of the same service gets its own id.
    QString id = qs(row.config.id);
    for (int n = 2; std::any_of(m_rows.begin(), m_rows.end(),
             [&id](const ProviderRow &known) { return qs(known.config.id) == id; });
        ++n)
        id = qs(row.config.id) + QStringLiteral("-%1").arg(n);
    row.config.id = id.toStdString();
    m_providerList->clearSelection();
    showProvider(row, true);
    m_id->setFocus();
    m_id->selectAll();
}

void ProvidersDialog::showProvider(const ProviderRow &row, bool isNew)
{
    m_editingNew = isNew;
    const providers::ProviderConfig &config = row.config;
    m_id->setText(qs(config.id));
    m_id->setReadOnly(!isNew);
    m_kind->setCurrentIndex(m_kind->findData(QString::fromLatin1(providers::toString(config.kind))));
    m_baseUrl->setText(qs(config.baseUrl));
    m_keySource->showKey(config, row.keySet, isNew);
    m_apiVersion->setText(qs(config.apiVersion));
    m_concurrency->setValue(config.concurrency);
    m_rpm->setValue(config.rpm);
    m_timeout->setValue(config.timeoutSeconds);
    m_testResult->setText(isNew ? tr("Save the provider, then Test Connection lists its models.")
                                : tr("Test Connection lists the provider's models."));
    m_models->clear();
    m_removeProvider->setEnabled(!isNew);
    m_approve->setVisible(!isNew && !row.approved);
    m_save->setText(isNew ? tr("&Add Provider") : tr("&Save Provider"));
    kindChanged();
    m_form->setCurrentIndex(1);
}

void ProvidersDialog::kindChanged()
{
    const auto kind = providers::providerKindFromString(m_kind->currentData().toString().toStdString())
                          .value_or(ProviderKind::OpenAi);
    const bool echo = kind == ProviderKind::Echo;
    m_baseUrl->setEnabled(!echo);
    const QString official = qs(providers::defaultBaseUrl(kind));
    m_baseUrl->setPlaceholderText(official.isEmpty() ? tr("required, e.g. http://localhost:8080/v1")
                                                     : official);
    m_keySource->setKind(kind);
    m_apiVersion->setVisible(kind == ProviderKind::AzureOpenAi);
    m_apiVersionLabel->setVisible(kind == ProviderKind::AzureOpenAi);
    updateKeyNote();
}

void ProvidersDialog::updateKeyNote()
{
    const std::string id = m_id->text().trimmed().toStdString();
    for (const ProviderRow &row : m_rows)
        if (row.config.id == id)
            m_keySource->setVariableSet(row.keySet);
}

void ProvidersDialog::setKeychainUnavailable(const QString &why)
{
    m_keySource->setKeychainUnavailable(why);
}

void ProvidersDialog::keySaved()
{
    m_keySource->clearTypedKey();
}

providers::ProviderConfig ProvidersDialog::formConfig() const
{
    providers::ProviderConfig config;
    config.id = m_id->text().trimmed().toStdString();
    config.kind = providers::providerKindFromString(m_kind->currentData().toString().toStdString())
                      .value_or(ProviderKind::OpenAi);
    if (config.kind != ProviderKind::Echo) {
        config.baseUrl = m_baseUrl->text().trimmed().toStdString();
        m_keySource->apply(config);
    }
    if (config.kind == ProviderKind::AzureOpenAi)
        config.apiVersion = m_apiVersion->text().trimmed().toStdString();
    config.concurrency = m_concurrency->value();
    config.rpm = m_rpm->value();
    config.timeoutSeconds = m_timeout->value();
    for (const ProviderRow &row : m_rows)
        if (row.config.id == config.id)
            config.totalTimeoutSeconds = row.config.totalTimeoutSeconds;
    return config;
}

void ProvidersDialog::showTestResult(
    const QString &providerId, const QStringList &models, double roundTripMs, const QString &error)
{
    if (providerId != m_id->text())
        return; // the answer to a provider no longer shown
    m_models->clear();
    if (!error.isEmpty()) {
        m_testResult->setText(tr("✗ %1").arg(error));
        return;
    }
    for (const QString &model : models) {
        auto *item = new QListWidgetItem(model, m_models);
        item->setData(Qt::UserRole, model);
    }
    m_testResult->setText(roundTripMs > 0
            ? tr("✓ %n models in %1 ms — pick one to add it as a target", nullptr,
                  int(models.size()))
                  .arg(QLocale().toString(roundTripMs, 'f', 0))
            : tr("✓ %n models — pick one to add it as a target", nullptr, int(models.size())));
    if (!models.isEmpty())
        m_models->setCurrentRow(0);
}

void ProvidersDialog::modelChosen()
{
    const QListWidgetItem *model = m_models->currentItem();
    m_addTarget->setEnabled(model != nullptr);
    if (!model)
        return;
    // "gpt-4o-mini" stays as it is; "llama3.2:latest" or "org/model" become a usable id.
    QString id = model->data(Qt::UserRole).toString();
    id.replace(QLatin1Char(':'), QLatin1Char('-')).replace(QLatin1Char('/'), QLatin1Char('-'));
    m_targetId->setText(id);
}

void ProvidersDialog::showMessage(const QString &text, bool isError)
{
    m_message->setText(text);
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText,
        isError ? QColor(0xc6, 0x28, 0x28) : palette.color(QPalette::PlaceholderText));
    m_message->setPalette(palette);
}

} // namespace ps::widgets
