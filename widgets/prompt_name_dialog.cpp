#include "prompt_name_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ps::widgets {

PromptNameDialog::PromptNameDialog(const QString &title, const QString &intro,
    const QString &acceptText, const QString &name, NameCheck nameCheck, QWidget *parent)
    : QDialog(parent)
    , m_check(std::move(nameCheck))
{
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->setSpacing(8);
    auto *label = new QLabel(intro, this);
    label->setWordWrap(true);
    layout->addWidget(label);
    m_name = new QLineEdit(name, this);
    m_name->setObjectName(QStringLiteral("promptNameEdit"));
    m_name->setAccessibleName(tr("Prompt name"));
    m_name->setPlaceholderText(tr("e.g. ticket-triage"));
    m_name->setMinimumWidth(360);
    m_name->selectAll();
    label->setBuddy(m_name);
    layout->addWidget(m_name);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("promptNameProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_accept = buttons->addButton(acceptText, QDialogButtonBox::AcceptRole);
    m_accept->setDefault(true);
    layout->addWidget(buttons);
    connect(m_name, &QLineEdit::textChanged, this, &PromptNameDialog::check);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    check();
}

QString PromptNameDialog::name() const
{
    return m_name->text().trimmed(); // spaces around a name are a slip, not a choice
}

QString PromptNameDialog::problem() const
{
    if (name().isEmpty())
        return tr("Type a name.");
    return m_check ? m_check(name()) : QString();
}

void PromptNameDialog::check()
{
    const QString why = problem();
    // An empty field needs no scolding: the disabled button says enough.
    m_problem->setText(name().isEmpty() ? QString() : why);
    m_accept->setEnabled(why.isEmpty());
}

} // namespace ps::widgets
