#include "targets_page.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace ps::widgets {

TargetsPage::TargetsPage(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_heading(new QLabel(this))
    , m_model(new QLineEdit(this))
    , m_params(new QLineEdit(this))
    , m_fallback(new QComboBox(this))
    , m_threshold(new QDoubleSpinBox(this))
    , m_save(new QPushButton(tr("Save &Target"), this))
    , m_remove(new QPushButton(tr("Re&move Target"), this))
    , m_form(new QWidget(this))
{
    m_list->setAccessibleName(tr("Targets"));
    m_list->setMinimumWidth(240);
    connect(m_list, &QListWidget::currentRowChanged, this, &TargetsPage::show);
    auto *hint = new QLabel(tr("Targets are made from a provider's models: Providers ▸ Test "
                               "Connection, pick a model, Add as Target."),
        this);
    hint->setWordWrap(true);

    m_model->setAccessibleName(tr("Model"));
    m_params->setAccessibleName(tr("Parameter overrides"));
    m_params->setPlaceholderText(QStringLiteral("{\"temperature\": 0.2}"));
    m_params->setToolTip(tr("A JSON object of parameters this target sends instead of the "
                            "version's (temperature, max_tokens, …)"));
    m_fallback->setAccessibleName(tr("Fallback"));
    m_fallback->setToolTip(tr("Asked when this target fails, times out or answers below the "
                              "confidence threshold"));
    m_threshold->setAccessibleName(tr("Low-confidence threshold"));
    m_threshold->setRange(-20.0, 0.0);
    m_threshold->setDecimals(2);
    m_threshold->setSingleStep(0.1);
    m_threshold->setSpecialValueText(tr("off"));
    m_threshold->setToolTip(tr("Fall back when the answer's mean token log-probability is below "
                               "this (asks the provider for log-probabilities); 0 is off"));
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);

    auto *fields = new QFormLayout;
    fields->addRow(tr("&Model"), m_model);
    fields->addRow(tr("&Parameters"), m_params);
    fields->addRow(tr("&Fallback"), m_fallback);
    fields->addRow(tr("Fall back &below"), m_threshold);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *form = new QVBoxLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->addWidget(m_heading);
    form->addLayout(fields);
    form->addLayout(buttons);
    form->addStretch(1);
    m_form->setEnabled(false);

    connect(m_save, &QPushButton::clicked, this, [this] {
        if (m_list->currentRow() >= 0)
            emit saveRequested(typed());
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const QListWidgetItem *item = m_list->currentItem())
            emit removeRequested(item->data(Qt::UserRole).toString());
    });
    for (QPushButton *button : {m_save, m_remove})
        button->setAutoDefault(false);

    auto *left = new QVBoxLayout;
    left->addWidget(hint);
    left->addWidget(m_list, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left);
    layout->addWidget(m_form, 1);
}

void TargetsPage::setTargets(const QList<TargetRow> &targets)
{
    const QListWidgetItem *selected = m_list->currentItem();
    const QString current = selected ? selected->data(Qt::UserRole).toString() : QString();
    m_rows = targets;
    {
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        for (const TargetRow &target : targets) {
            auto *item = new QListWidgetItem(
                tr("%1\n%2 at %3").arg(target.id, target.model, target.provider), m_list);
            item->setData(Qt::UserRole, target.id);
            if (target.id == current)
                m_list->setCurrentItem(item);
        }
    }
    if (m_list->currentRow() < 0) {
        m_form->setEnabled(false);
        m_heading->setText(
            targets.isEmpty() ? tr("No targets yet") : tr("Pick a target to edit it"));
    }
}

void TargetsPage::selectTarget(const QString &id)
{
    for (int row = 0; row < m_list->count(); ++row)
        if (m_list->item(row)->data(Qt::UserRole).toString() == id)
            m_list->setCurrentRow(row);
}

void TargetsPage::show(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    const TargetRow &target = m_rows.at(row);
    m_form->setEnabled(true);
    m_heading->setText(tr("%1 at %2").arg(target.id, target.provider));
    m_model->setText(target.model);
    m_params->setText(target.params == QStringLiteral("{}") ? QString() : target.params);
    m_fallback->clear();
    m_fallback->addItem(tr("none"), QString());
    for (const TargetRow &other : m_rows)
        if (other.id != target.id)
            m_fallback->addItem(other.id, other.id);
    m_fallback->setCurrentIndex(std::max(0, int(m_fallback->findData(target.fallback))));
    m_threshold->setValue(target.fallbackBelowLogprob.value_or(0.0));
}

TargetRow TargetsPage::typed() const
{
    TargetRow target = m_rows.value(m_list->currentRow());
    target.model = m_model->text().trimmed();
    target.params = m_params->text().trimmed().isEmpty() ? QStringLiteral("{}") : m_params->text();
    target.fallback = m_fallback->currentData().toString();
    target.fallbackBelowLogprob = m_threshold->value() < 0
        ? std::optional<double>(m_threshold->value())
        : std::nullopt;
    return target;
}

} // namespace ps::widgets
