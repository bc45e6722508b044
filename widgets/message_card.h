#pragma once

#include "model/version_content.h"

#include <QFrame>

class QComboBox;
class QDragEnterEvent;
class QDropEvent;
class QMimeData;
class QHBoxLayout;
class QImage;
class QToolButton;

// One message of a conversation: a role picker, a template editor and move/remove buttons.
namespace ps::widgets {

class ImageThumbnails;
class PromptEditor;

class MessageCard final : public QFrame
{
    Q_OBJECT
public:
    explicit MessageCard(QWidget *parent = nullptr);

    // Shows `message`'s role and text without emitting an edit. Text that changed (an undo)
    // is replaced with the cursor put where it changed; returns whether it was.
    bool showMessage(const model::Message &message);
    PromptEditor *editor() const { return m_editor; }
    // Where the pictures of the message's images come from (may stay null: kind and size shown).
    void setThumbnails(const ImageThumbnails *thumbnails);
    // The image tiles shown (tests, screen readers): "PNG 800×600", one per image.
    QStringList imageLabels() const;

    void setMoveEnabled(bool up, bool down);
    // Marks a template error in place: `line` and `column` are 1-based, as TemplateError has them.
    void showError(int line, int column, const QString &text);
    void clearError();
    QString errorText() const { return m_error; }

signals:
    void textEdited(const QString &text);
    void roleEdited(const QString &role);
    void removeRequested();
    void moveUpRequested();
    void moveDownRequested();
    // Image files dropped or chosen, or pictures dropped or pasted, for this (user) message.
    void imagesOffered(const QStringList &files, const QList<QImage> &images);
    void imageRemoveRequested(int index);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showImages(const std::vector<model::ImageRef> &images);
    bool acceptsImages() const;
    bool offerImagesFrom(const QMimeData *mime);

    QComboBox *m_role = nullptr;
    QToolButton *m_addImage = nullptr;
    QWidget *m_imageStrip = nullptr;
    QHBoxLayout *m_imageLayout = nullptr;
    const ImageThumbnails *m_thumbnails = nullptr;
    std::vector<model::ImageRef> m_images;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
    PromptEditor *m_editor = nullptr;
    QString m_error;
    bool m_loading = false;
};

} // namespace ps::widgets
