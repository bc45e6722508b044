#pragma once

#include "model/version_content.h"

#include <QPointer>
#include <QWidget>

#include <vector>

class QScrollArea;
class QVBoxLayout;

// The conversation being written: message cards, "+ Message", and a find/replace bar.
namespace ps::widgets {

class FindReplaceBar;
class MessageCard;
class PromptEditor;

class ConversationEditor final : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationEditor(QWidget *parent = nullptr);

    // Shows `messages` without emitting edited().
    void setMessages(const std::vector<model::Message> &messages);
    std::vector<model::Message> messages() const;
    QList<MessageCard *> cards() const;

    // Marks the template error of message `index` (1-based line/column); others are cleared.
    void showError(std::size_t index, int line, int column, const QString &text);
    void clearErrors();

    // The editor the user works in (the focused card, else the last one focused).
    PromptEditor *currentEditor() const;
    void openFind(bool withReplace);

    void addMessage(const QString &role);

signals:
    void edited(); // the user changed a message, a role or the order

private:
    MessageCard *insertCard(int index, const model::Message &message);
    void moveCard(MessageCard *card, int delta);
    void removeCard(MessageCard *card);
    void updateMoveButtons();

    QScrollArea *m_scroll = nullptr;
    QVBoxLayout *m_cardLayout = nullptr;
    FindReplaceBar *m_findBar = nullptr;
    QPointer<PromptEditor> m_lastEditor;
};

} // namespace ps::widgets
