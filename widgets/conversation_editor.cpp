#include "conversation_editor.h"

#include "find_replace_bar.h"
#include "message_card.h"
#include "prompt_editor.h"

#include <QApplication>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace ps::widgets {

ConversationEditor::ConversationEditor(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_findBar = new FindReplaceBar(this);
    layout->addWidget(m_findBar);

    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("conversationPage"));
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(12, 8, 12, 12);
    pageLayout->setSpacing(8);
    m_cardLayout = new QVBoxLayout;
    m_cardLayout->setSpacing(8);
    pageLayout->addLayout(m_cardLayout);

    auto *add = new QPushButton(tr("+ Message"), page);
    add->setObjectName(QStringLiteral("addMessageButton"));
    add->setToolTip(tr("Add a message at the end"));
    auto *roles = new QMenu(add);
    roles->addAction(tr("System"), this, [this] { addMessage(QStringLiteral("system")); });
    roles->addAction(tr("User"), this, [this] { addMessage(QStringLiteral("user")); });
    roles->addAction(tr("Assistant"), this, [this] { addMessage(QStringLiteral("assistant")); });
    add->setMenu(roles);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(add);
    addRow->addStretch(1);
    pageLayout->addLayout(addRow);
    pageLayout->addStretch(1);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(page);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);

    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        for (MessageCard *card : cards()) {
            if (now && (now == card->editor() || card->editor()->isAncestorOf(now))) {
                m_lastEditor = card->editor();
                m_findBar->setEditor(card->editor());
            }
        }
    });
}

QList<MessageCard *> ConversationEditor::cards() const
{
    QList<MessageCard *> list;
    for (int i = 0; i < m_cardLayout->count(); ++i)
        if (auto *card = qobject_cast<MessageCard *>(m_cardLayout->itemAt(i)->widget()))
            list << card;
    return list;
}

void ConversationEditor::setMessages(const std::vector<model::Message> &messages)
{
    const QList<MessageCard *> old = cards();
    for (MessageCard *card : old) {
        m_cardLayout->removeWidget(card);
        card->deleteLater();
    }
    for (const model::Message &message : messages)
        insertCard(m_cardLayout->count(), message);
    updateMoveButtons();
    const QList<MessageCard *> now = cards();
    m_lastEditor = now.isEmpty() ? nullptr : now.last()->editor();
    m_findBar->setEditor(m_lastEditor);
}

std::vector<model::Message> ConversationEditor::messages() const
{
    std::vector<model::Message> list;
    for (const MessageCard *card : cards())
        list.push_back(card->message());
    return list;
}

MessageCard *ConversationEditor::insertCard(int index, const model::Message &message)
{
    auto *card = new MessageCard(m_scroll->widget());
    card->setMessage(message);
    m_cardLayout->insertWidget(index, card);
    connect(card, &MessageCard::edited, this, &ConversationEditor::edited);
    connect(card, &MessageCard::moveUpRequested, this, [this, card] { moveCard(card, -1); });
    connect(card, &MessageCard::moveDownRequested, this, [this, card] { moveCard(card, 1); });
    connect(card, &MessageCard::removeRequested, this, [this, card] { removeCard(card); });
    return card;
}

void ConversationEditor::addMessage(const QString &role)
{
    model::Message message;
    message.role = role.toStdString();
    MessageCard *card = insertCard(m_cardLayout->count(), message);
    updateMoveButtons();
    card->editor()->setFocus();
    QTimer::singleShot(0, this, [this] {
        m_scroll->verticalScrollBar()->setValue(m_scroll->verticalScrollBar()->maximum());
    });
    emit edited();
}

void ConversationEditor::moveCard(MessageCard *card, int delta)
{
    const int from = m_cardLayout->indexOf(card);
    const int to = from + delta;
    if (from < 0 || to < 0 || to >= m_cardLayout->count())
        return;
    m_cardLayout->removeWidget(card);
    m_cardLayout->insertWidget(to, card);
    updateMoveButtons();
    emit edited();
}

void ConversationEditor::removeCard(MessageCard *card)
{
    m_cardLayout->removeWidget(card);
    card->deleteLater();
    updateMoveButtons();
    emit edited();
}

void ConversationEditor::updateMoveButtons()
{
    const QList<MessageCard *> list = cards();
    for (int i = 0; i < list.size(); ++i)
        list[i]->setMoveEnabled(i > 0, i + 1 < list.size());
}

void ConversationEditor::showError(std::size_t index, int line, int column, const QString &text)
{
    const QList<MessageCard *> list = cards();
    for (int i = 0; i < list.size(); ++i) {
        if (std::size_t(i) == index)
            list[i]->showError(line, column, text);
        else
            list[i]->clearError();
    }
}

void ConversationEditor::clearErrors()
{
    for (MessageCard *card : cards())
        card->clearError();
}

PromptEditor *ConversationEditor::currentEditor() const
{
    return m_lastEditor;
}

void ConversationEditor::openFind(bool withReplace)
{
    m_findBar->setEditor(m_lastEditor);
    m_findBar->open(withReplace);
}

} // namespace ps::widgets
