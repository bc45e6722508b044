#include "conversation_editor.h"

#include "find_replace_bar.h"
#include "message_card.h"
#include "prompt_document.h"
#include "prompt_editor.h"

#include <QApplication>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace ps::widgets {

ConversationEditor::ConversationEditor(PromptDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
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

    connect(qApp, &QApplication::focusChanged, this, &ConversationEditor::trackFocus);
    connect(m_document, &PromptDocument::loaded, this, &ConversationEditor::showDocument);
    connect(m_document, &PromptDocument::messageInserted, this, [this](int index) {
        focusCard(insertCard(index));
        updateMoveButtons();
    });
    connect(m_document, &PromptDocument::messageRemoved, this, [this](int index) {
        takeCard(index);
        updateMoveButtons();
    });
    connect(m_document, &PromptDocument::messageMoved, this, &ConversationEditor::moveCard);
    connect(m_document, &PromptDocument::messageChanged, this, &ConversationEditor::showChange);
    showDocument();
}

QList<MessageCard *> ConversationEditor::cards() const
{
    QList<MessageCard *> list;
    for (int i = 0; i < m_cardLayout->count(); ++i)
        if (auto *card = qobject_cast<MessageCard *>(m_cardLayout->itemAt(i)->widget()))
            list << card;
    return list;
}

int ConversationEditor::indexOf(MessageCard *card) const
{
    return int(cards().indexOf(card));
}

void ConversationEditor::showDocument()
{
    for (MessageCard *card : cards()) {
        m_cardLayout->removeWidget(card);
        card->deleteLater();
    }
    for (std::size_t i = 0; i < m_document->messages().size(); ++i)
        insertCard(int(i));
    updateMoveButtons();
    const QList<MessageCard *> now = cards();
    m_lastEditor = now.isEmpty() ? nullptr : now.last()->editor();
    m_findBar->setEditor(m_lastEditor);
}

void ConversationEditor::setThumbnails(const ImageThumbnails *thumbnails)
{
    m_thumbnails = thumbnails;
    for (MessageCard *card : cards())
        card->setThumbnails(thumbnails);
}

MessageCard *ConversationEditor::insertCard(int index)
{
    auto *card = new MessageCard(m_scroll->widget());
    card->setThumbnails(m_thumbnails);
    card->showMessage(m_document->messages().at(std::size_t(index)));
    m_cardLayout->insertWidget(index, card);
    // The card's place is looked up when it asks: moves and removals change it.
    auto at = [this, card] {
        return std::size_t(indexOf(card));
    };
    connect(card, &MessageCard::textEdited, this,
        [this, at](const QString &text) { m_document->editText(at(), text.toStdString()); });
    connect(card, &MessageCard::roleEdited, this,
        [this, at](const QString &role) { m_document->setRole(at(), role.toStdString()); });
    connect(card, &MessageCard::moveUpRequested, this, [this, at] {
        if (at() > 0)
            m_document->moveMessage(at(), at() - 1);
    });
    connect(card, &MessageCard::moveDownRequested, this,
        [this, at] { m_document->moveMessage(at(), at() + 1); });
    connect(
        card, &MessageCard::removeRequested, this, [this, at] { m_document->removeMessage(at()); });
    connect(card, &MessageCard::imagesOffered, this, [this, at](const QStringList &files, const QList<QImage> &images) {
        emit imagesOffered(int(at()), files, images);
    });
    connect(card, &MessageCard::imageRemoveRequested, this, [this, at](int image) {
        std::vector<model::ImageRef> images = m_document->messages().at(at()).images;
        if (image < 0 || std::size_t(image) >= images.size())
            return;
        images.erase(images.begin() + image);
        m_document->setImages(at(), std::move(images), tr("Remove an image from message %1").arg(at() + 1));
    });
    return card;
}

void ConversationEditor::takeCard(int index)
{
    const QList<MessageCard *> list = cards();
    MessageCard *card = list.at(index);
    const bool hadFocus = card->isAncestorOf(QApplication::focusWidget());
    m_cardLayout->removeWidget(card);
    card->hide();
    card->deleteLater();
    // Keyboard users stay in the conversation: the next message, else the one before.
    if (hadFocus && list.size() > 1)
        focusCard(list.at(index + 1 < list.size() ? index + 1 : index - 1));
}

void ConversationEditor::moveCard(int from, int to)
{
    MessageCard *card = cards().at(from);
    m_cardLayout->removeWidget(card);
    m_cardLayout->insertWidget(to, card);
    updateMoveButtons();
}

void ConversationEditor::showChange(int index)
{
    MessageCard *card = cards().at(index);
    // Typing already shows its text; only an undone or redone text is brought into view.
    if (card->showMessage(m_document->messages().at(std::size_t(index))))
        focusCard(card);
}

void ConversationEditor::focusCard(MessageCard *card)
{
    card->editor()->setFocus();
    QTimer::singleShot(0, card, [this, card] { m_scroll->ensureWidgetVisible(card); });
}

void ConversationEditor::addMessage(const QString &role)
{
    model::Message message;
    message.role = role.toStdString();
    m_document->addMessage(m_document->messages().size(), message);
}

void ConversationEditor::trackFocus(QWidget *before, QWidget *now)
{
    for (MessageCard *card : cards()) {
        PromptEditor *editor = card->editor();
        const bool was = before && (before == editor || editor->isAncestorOf(before));
        const bool is = now && (now == editor || editor->isAncestorOf(now));
        // Leaving a message closes its typing step: coming back starts a new one.
        if (was && !is)
            m_document->endTyping();
        if (is) {
            m_lastEditor = editor;
            m_findBar->setEditor(editor);
        }
    }
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
