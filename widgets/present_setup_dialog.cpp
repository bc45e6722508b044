#include "present_setup_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ps::widgets {

PresentSetupDialog::PresentSetupDialog(const QString &prompt, const QList<Version> &versions,
    int chosenVersion, const QStringList &targets, const QString &chosenTarget,
    const QStringList &variables, QWidget *parent)
    : QDialog(parent)
    , m_version(new QComboBox(this))
    , m_target(new QComboBox(this))
    , m_conversation(new QCheckBox(tr("&Conversation: the audience can reply to each answer"), this))
    , m_cost(new QCheckBox(tr("Show the &cost of each answer"), this))
    , m_fallback(new QCheckBox(tr("Say when a &fallback answered"), this))
{
    setWindowTitle(tr("Present %1").arg(prompt));
    for (const Version &version : versions)
        m_version->addItem(version.label, version.number);
    m_version->setCurrentIndex(std::max(0, int(m_version->findData(chosenVersion))));
    m_version->setAccessibleName(tr("Version"));
    m_target->addItems(targets);
    m_target->setCurrentIndex(std::max(0, int(m_target->findText(chosenTarget))));
    m_target->setAccessibleName(tr("Target"));

    auto *shown = new QGroupBox(tr("Inputs the audience sees"), this);
    auto *shownLayout = new QVBoxLayout(shown);
    for (const QString &name : variables) {
        auto *box = new QCheckBox(name, shown);
        box->setChecked(true);
        m_variables.append(box);
        shownLayout->addWidget(box);
    }
    if (variables.isEmpty())
        shownLayout->addWidget(new QLabel(tr("The prompt has no variables: Ask sends it as it is."), shown));
    auto *note = new QLabel(tr("The others keep the values they have in the editor. The prompt "
                               "itself is never shown."),
        shown);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    shownLayout->addWidget(note);

    m_cost->setChecked(true);
    m_fallback->setChecked(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Version"), m_version);
    form->addRow(tr("&Target"), m_target);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("&Present"), QDialogButtonBox::AcceptRole);
    buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(shown);
    layout->addWidget(m_conversation);
    layout->addWidget(m_cost);
    layout->addWidget(m_fallback);
    layout->addWidget(buttons);
}

int PresentSetupDialog::version() const
{
    return m_version->currentData().toInt();
}

QString PresentSetupDialog::target() const
{
    return m_target->currentText();
}

QStringList PresentSetupDialog::exposed() const
{
    QStringList names;
    for (const QCheckBox *box : m_variables)
        if (box->isChecked())
            names << box->text();
    return names;
}

bool PresentSetupDialog::conversation() const
{
    return m_conversation->isChecked();
}

bool PresentSetupDialog::showCost() const
{
    return m_cost->isChecked();
}

bool PresentSetupDialog::showFallback() const
{
    return m_fallback->isChecked();
}

} // namespace ps::widgets
