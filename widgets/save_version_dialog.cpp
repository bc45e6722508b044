#include "save_version_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ps::widgets {

SaveVersionDialog::SaveVersionDialog(const QString &what, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Save Version"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->setSpacing(8);
    auto *title = new QLabel(what, this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    layout->addWidget(title);
    auto *hint = new QLabel(tr("What changed, in a few words:"), this);
    layout->addWidget(hint);
    m_message = new QLineEdit(this);
    m_message->setPlaceholderText(tr("e.g. one-word labels"));
    m_message->setMinimumWidth(360);
    layout->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_save = buttons->addButton(tr("Save Version"), QDialogButtonBox::AcceptRole);
    m_save->setDefault(true);
    m_save->setEnabled(false);
    layout->addWidget(buttons);
    connect(m_message, &QLineEdit::textChanged, this,
        [this](const QString &text) { m_save->setEnabled(!text.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString SaveVersionDialog::message() const
{
    return m_message->text().trimmed();
}

} // namespace ps::widgets
