#pragma once

#include <QPointer>
#include <QWidget>

#include <cstddef>

class QScrollArea;
class QVBoxLayout;

// The conversation being written: one card per message of the prompt document, "+ Message",
// and a find/replace bar. Cards show the document; every edit goes to the document.
namespace ps::widgets {

class FindReplaceBar;
class ImageThumbnails;
class MessageCard;
class PromptDocument;
class PromptEditor;

class ConversationEditor final : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationEditor(PromptDocument *document, QWidget *parent = nullptr);

    PromptDocument *document() const { return m_document; }
    QList<MessageCard *> cards() const;

    // Marks the template error of message `index` (1-based line/column); others are cleared.
    void showError(std::size_t index, int line, int column, const QString &text);
    void clearErrors();

    // The editor the user works in (the focused card, else the last one focused).
    PromptEditor *currentEditor() const;
    void openFind(bool withReplace);

    // Adds an empty message with `role` at the end.
    void addMessage(const QString &role);
    // The pictures the cards show of their images.
    void setThumbnails(const ImageThumbnails *thumbnails);

signals:
    // Image files or pictures offered to message `index` (a user message): the app stores them.
    void imagesOffered(int index, const QStringList &files, const QList<QImage> &images);

private:
    void showDocument();
    MessageCard *insertCard(int index);
    void takeCard(int index);
    void moveCard(int from, int to);
    void showChange(int index);
    void focusCard(MessageCard *card);
    int indexOf(MessageCard *card) const;
    void updateMoveButtons();
    void trackFocus(QWidget *before, QWidget *now);

    PromptDocument *m_document;
    QScrollArea *m_scroll = nullptr;
    QVBoxLayout *m_cardLayout = nullptr;
    FindReplaceBar *m_findBar = nullptr;
    QPointer<PromptEditor> m_lastEditor;
    const ImageThumbnails *m_thumbnails = nullptr;
};

} // namespace ps::widgets
