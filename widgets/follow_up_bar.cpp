#include "follow_up_bar.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

QToolButton *textButton(QWidget *parent, const QString &text, const QString &tip)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

FollowUpBar::FollowUpBar(QWidget *parent)
    : QWidget(parent)
    , m_reply(new QLineEdit(this))
    , m_send(textButton(this, tr("Send"), tr("Send the reply: the prompt, the answers so far and "
                                             "this reply go to the same target")))
    , m_keep(textButton(this, tr("Keep as prompt"), tr("Keep as prompt: the answers and replies become "
                                             "messages at the end of the draft")))
    , m_clear(textButton(this, tr("Clear conversation"), tr("Clear the conversation: the next run sends the "
                                               "prompt alone")))
{
    setObjectName(QStringLiteral("followUpBar"));
    m_reply->setPlaceholderText(tr("Reply to continue this conversation…"));
    m_reply->setAccessibleName(tr("Reply"));
    m_reply->setClearButtonEnabled(true);
    m_send->setAccessibleName(tr("Send reply"));
    m_keep->setAccessibleName(tr("Keep as prompt"));
    m_clear->setAccessibleName(tr("Clear conversation"));
    connect(m_reply, &QLineEdit::returnPressed, this, &FollowUpBar::send);
    connect(m_reply, &QLineEdit::textChanged, this,
        [this](const QString &text) { m_send->setEnabled(!text.trimmed().isEmpty()); });
    connect(m_send, &QToolButton::clicked, this, &FollowUpBar::send);
    connect(m_keep, &QToolButton::clicked, this, &FollowUpBar::keepRequested);
    connect(m_clear, &QToolButton::clicked, this, &FollowUpBar::clearRequested);
    m_send->setEnabled(false);

    // The reply gets the pane's whole width (panes can be narrow); what acts on the whole
    // conversation sits under it.
    auto *replyRow = new QHBoxLayout;
    replyRow->setSpacing(4);
    replyRow->addWidget(m_reply, 1);
    replyRow->addWidget(m_send);
    auto *conversationRow = new QHBoxLayout;
    conversationRow->setSpacing(4);
    conversationRow->addStretch(1);
    conversationRow->addWidget(m_keep);
    conversationRow->addWidget(m_clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(replyRow);
    layout->addLayout(conversationRow);
    setReplies(0);
}

void FollowUpBar::setReplies(int replies)
{
    m_clear->setEnabled(replies > 0);
}

void FollowUpBar::send()
{
    const QString text = m_reply->text().trimmed();
    if (text.isEmpty())
        return;
    m_reply->clear();
    emit replied(text);
}

} // namespace ps::widgets
