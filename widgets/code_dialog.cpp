#include "code_dialog.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ps::widgets {

CodeDialog::CodeDialog(QWidget *parent)
    : QDialog(parent)
    , m_subject(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_policy(new QCheckBox(tr("Include the target's &retries, timeout and fallbacks"), this))
    , m_copy(new QPushButton(tr("&Copy"), this))
    , m_copied(new QLabel(this))
{
    setWindowTitle(tr("Copy as Code"));
    m_subject->setWordWrap(true);
    m_subject->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs->setAccessibleName(tr("Languages"));
    m_policy->setToolTip(tr("Write out what Promptsmith does when a call fails: the retries, the "
                            "wait for an answer and the targets asked next"));
    connect(m_policy, &QCheckBox::toggled, this, &CodeDialog::policyToggled);
    m_copy->setDefault(true);
    m_copy->setToolTip(tr("Copy the code shown to the clipboard"));
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(currentCode());
        m_copied->setText(tr("Copied: the key is read from its variable, never written in it."));
    });
    connect(m_tabs, &QTabWidget::currentChanged, m_copied, &QLabel::clear);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_policy);
    bottom->addStretch(1);
    bottom->addWidget(m_copy);
    bottom->addWidget(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_subject);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_copied);
    layout->addLayout(bottom);
    resize(760, 560);
}

void CodeDialog::setSubject(const QString &subject)
{
    m_subject->setText(subject);
}

void CodeDialog::setSnippets(const QList<Snippet> &snippets)
{
    const int shown = m_tabs->currentIndex();
    while (m_tabs->count() > snippets.size())
        delete m_tabs->widget(m_tabs->count() - 1);
    for (qsizetype i = 0; i < snippets.size(); ++i) {
        auto *view = qobject_cast<QPlainTextEdit *>(m_tabs->widget(int(i)));
        if (!view) {
            view = new QPlainTextEdit(m_tabs);
            view->setReadOnly(true);
            view->setLineWrapMode(QPlainTextEdit::NoWrap);
            view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
            m_tabs->addTab(view, snippets[i].language);
        }
        m_tabs->setTabText(int(i), snippets[i].language);
        view->setAccessibleName(tr("%1 code").arg(snippets[i].language));
        view->setPlainText(snippets[i].code);
    }
    if (shown >= 0 && shown < m_tabs->count())
        m_tabs->setCurrentIndex(shown);
    m_copied->clear();
}

QString CodeDialog::currentCode() const
{
    const auto *view = qobject_cast<const QPlainTextEdit *>(m_tabs->currentWidget());
    return view ? view->toPlainText() : QString();
}

} // namespace ps::widgets
