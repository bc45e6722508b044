#include "message_card.h"

#include "image_thumbnails.h"
#include "prompt_editor.h"
#include "template_lexer.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeyEvent>
#include <QMenu>
#include <QMimeData>
#include <QHBoxLayout>
#include <QLabel>
#include <QScopedValueRollback>
#include <QToolButton>
#include <QVBoxLayout>

namespace ps::widgets {

namespace {

constexpr int kErrorIndicator = 8;
constexpr int kErrorAnnotationStyle = 60; // beyond the lexer's styles and Scintilla's reserved ones

QToolButton *cardButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::TabFocus);
    return button;
}

// The image files among `mime`'s URLs (by their names: the app reads and checks the bytes).
QStringList imageFiles(const QMimeData *mime)
{
    static const QStringList suffixes {QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"),
        QStringLiteral("gif"), QStringLiteral("webp")};
    QStringList files;
    if (!mime || !mime->hasUrls())
        return files;
    for (const QUrl &url : mime->urls())
        if (url.isLocalFile() && suffixes.contains(QFileInfo(url.toLocalFile()).suffix().toLower()))
            files << url.toLocalFile();
    return files;
}

QString shortType(const std::string &mediaType)
{
    const QString type = QString::fromStdString(mediaType);
    return type.startsWith(QStringLiteral("image/")) ? type.mid(6).toUpper() : type;
}

} // namespace

MessageCard::MessageCard(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("messageCard"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(4);

    auto *header = new QHBoxLayout;
    header->setSpacing(4);
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("rolePicker"));
    m_role->addItem(tr("System"), QStringLiteral("system"));
    m_role->addItem(tr("User"), QStringLiteral("user"));
    m_role->addItem(tr("Assistant"), QStringLiteral("assistant"));
    m_role->setToolTip(tr("Who says this message"));
    m_role->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    header->addWidget(m_role);
    header->addStretch(1);
    m_up = cardButton(QStringLiteral("↑"), tr("Move up"), this);
    m_down = cardButton(QStringLiteral("↓"), tr("Move down"), this);
    auto *remove = cardButton(QStringLiteral("✕"), tr("Remove this message"), this);
    m_addImage = cardButton(QStringLiteral("🖼"), tr("Add images to this message (or drop or paste them here)"), this);
    m_addImage->setObjectName(QStringLiteral("addImage"));
    m_addImage->setAccessibleName(tr("Add image"));
    header->addWidget(m_addImage);
    header->addWidget(m_up);
    header->addWidget(m_down);
    header->addWidget(remove);
    layout->addLayout(header);

    PromptEditorConfig config;
    config.fitToContent = true;
    config.ownUndo = false;
    m_editor = new PromptEditor(config, this);
    m_editor->setLexer(new TemplateLexer(m_editor));
    m_editor->indicatorDefine(QsciScintilla::SquiggleIndicator, kErrorIndicator);
    m_editor->setIndicatorForegroundColor(QColor(0xd9, 0x30, 0x25), kErrorIndicator);
    m_editor->setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    m_editor->setMinimumHeight(40);
    layout->addWidget(m_editor);
    m_imageStrip = new QWidget(this);
    m_imageStrip->setObjectName(QStringLiteral("messageImages"));
    m_imageLayout = new QHBoxLayout(m_imageStrip);
    m_imageLayout->setContentsMargins(0, 0, 0, 0);
    m_imageLayout->setSpacing(6);
    m_imageLayout->addStretch(1);
    m_imageStrip->hide();
    layout->addWidget(m_imageStrip);
    setAcceptDrops(true);
    // The editor would take a dropped file as text, and Ctrl+V of a picture as nothing.
    m_editor->viewport()->installEventFilter(this);
    m_editor->installEventFilter(this);

    connect(m_role, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading)
            emit roleEdited(m_role->currentData().toString());
    });
    connect(m_editor, &QsciScintilla::textChanged, this, [this] {
        if (!m_loading)
            emit textEdited(m_editor->text());
    });
    connect(m_up, &QToolButton::clicked, this, &MessageCard::moveUpRequested);
    connect(m_down, &QToolButton::clicked, this, &MessageCard::moveDownRequested);
    connect(remove, &QToolButton::clicked, this, &MessageCard::removeRequested);
    connect(m_addImage, &QToolButton::clicked, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Add Images"), QString(), tr("Images (*.png *.jpg *.jpeg *.gif *.webp)"));
        if (!files.isEmpty())
            emit imagesOffered(files, {});
    });
}

void MessageCard::setThumbnails(const ImageThumbnails *thumbnails)
{
    m_thumbnails = thumbnails;
    if (thumbnails)
        connect(thumbnails, &ImageThumbnails::added, this, [this](const QString &sha256) {
            for (const model::ImageRef &image : m_images)
                if (QString::fromStdString(image.sha256) == sha256) {
                    showImages(std::vector<model::ImageRef>(m_images));
                    return;
                }
        });
}

QStringList MessageCard::imageLabels() const
{
    QStringList labels;
    for (const model::ImageRef &image : m_images)
        labels << (image.url.empty() ? tr("%1 %2×%3").arg(shortType(image.mediaType)).arg(image.width).arg(image.height)
                                     : QString::fromStdString(image.url));
    return labels;
}

void MessageCard::showImages(const std::vector<model::ImageRef> &images)
{
    m_images = images;
    while (m_imageLayout->count() > 1) {
        QLayoutItem *item = m_imageLayout->takeAt(0);
        delete item->widget();
        delete item;
    }
    const QStringList labels = imageLabels();
    for (int i = 0; i < int(images.size()); ++i) {
        auto *tile = new QToolButton(m_imageStrip);
        tile->setObjectName(QStringLiteral("imageTile"));
        tile->setAccessibleName(tr("Image %1: %2").arg(i + 1).arg(labels[i]));
        tile->setToolTip(tr("%1 — click for what to do with it").arg(labels[i]));
        const QImage picture = m_thumbnails ? m_thumbnails->thumbnail(QString::fromStdString(images[std::size_t(i)].sha256)) : QImage();
        if (!picture.isNull()) {
            tile->setIcon(QPixmap::fromImage(picture));
            tile->setIconSize(picture.size());
        } else {
            tile->setText(labels[i]);
        }
        tile->setPopupMode(QToolButton::InstantPopup);
        auto *menu = new QMenu(tile);
        menu->addAction(tr("Remove Image"), this, [this, i] { emit imageRemoveRequested(i); });
        tile->setMenu(menu);
        m_imageLayout->insertWidget(i, tile);
    }
    m_imageStrip->setVisible(!images.empty());
}

bool MessageCard::acceptsImages() const
{
    return m_role->currentData().toString() == QStringLiteral("user");
}

bool MessageCard::offerImagesFrom(const QMimeData *mime)
{
    if (!acceptsImages() || !mime)
        return false;
    const QStringList files = imageFiles(mime);
    QList<QImage> images;
    if (files.isEmpty() && mime->hasImage())
        images << qvariant_cast<QImage>(mime->imageData());
    if (files.isEmpty() && images.isEmpty())
        return false;
    emit imagesOffered(files, images);
    return true;
}

void MessageCard::dragEnterEvent(QDragEnterEvent *event)
{
    if (acceptsImages() && (!imageFiles(event->mimeData()).isEmpty() || event->mimeData()->hasImage()))
        event->acceptProposedAction();
}

void MessageCard::dropEvent(QDropEvent *event)
{
    if (offerImagesFrom(event->mimeData()))
        event->acceptProposedAction();
}

bool MessageCard::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        if (acceptsImages() && !imageFiles(drag->mimeData()).isEmpty()) {
            drag->acceptProposedAction();
            return true;
        }
        break;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        if (!imageFiles(drop->mimeData()).isEmpty() && offerImagesFrom(drop->mimeData())) {
            drop->acceptProposedAction();
            return true;
        }
        break;
    }
    case QEvent::KeyPress:
        if (watched == m_editor && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Paste)) {
            const QMimeData *mime = QApplication::clipboard()->mimeData();
            if (mime && mime->hasImage() && !mime->hasText() && offerImagesFrom(mime))
                return true;
        }
        break;
    default:
        break;
    }
    return QFrame::eventFilter(watched, event);
}

bool MessageCard::showMessage(const model::Message &message)
{
    const QScopedValueRollback loading(m_loading, true);
    const QString role = QString::fromStdString(message.role);
    int index = m_role->findData(role);
    if (index < 0) {
        // "tool" and any other role stay as they are, shown but not offered for new messages.
        m_role->addItem(role.isEmpty() ? tr("(none)") : role, role);
        index = m_role->count() - 1;
    }
    m_role->setCurrentIndex(index);
    m_addImage->setVisible(message.role == "user");
    if (message.images != m_images || m_imageStrip->isHidden() != message.images.empty())
        showImages(message.images);

    const QString text = QString::fromStdString(message.content);
    const QString shown = m_editor->text();
    if (text == shown)
        return false;
    // The cursor goes where the texts first differ: where the undone edit was.
    qsizetype at = 0;
    while (at < text.size() && at < shown.size() && text[at] == shown[at])
        ++at;
    m_editor->setText(text);
    const int position = int(m_editor->SendScintilla(
        QsciScintilla::SCI_POSITIONRELATIVE, 0, long(QStringView(text).left(at).toUcs4().size())));
    m_editor->SendScintilla(QsciScintilla::SCI_GOTOPOS, position);
    return true;
}

void MessageCard::setMoveEnabled(bool up, bool down)
{
    m_up->setEnabled(up);
    m_down->setEnabled(down);
}

void MessageCard::showError(int line, int column, const QString &text)
{
    // Re-applied on every check: the text (and the fitted height) may have changed since.
    clearError();
    m_error = text;
    const int lineIndex = qBound(0, line - 1, qMax(0, m_editor->lines() - 1));
    const int lineLength = int(m_editor->text(lineIndex).remove(QLatin1Char('\n')).size());
    const int from = qBound(0, column - 1, lineLength);
    m_editor->fillIndicatorRange(
        lineIndex, from, lineIndex, qMax(from + 2, lineLength), kErrorIndicator);
    // The annotation style is set each time: a lexer refresh may have reset it.
    m_editor->SendScintilla(
        QsciScintilla::SCI_STYLESETFORE, kErrorAnnotationStyle, QColor(0xa8, 0x1f, 0x16));
    m_editor->SendScintilla(
        QsciScintilla::SCI_STYLESETBACK, kErrorAnnotationStyle, QColor(0xfd, 0xec, 0xea));
    m_editor->annotate(lineIndex, QStringLiteral("⚠ ") + text, kErrorAnnotationStyle);
    setToolTip(text);
    // The annotation adds a line below the text; let the card grow to show it.
    m_editor->setFixedHeight(m_editor->contentHeight()
        + int(m_editor->SendScintilla(QsciScintilla::SCI_TEXTHEIGHT, 0)) + 6);
}

void MessageCard::clearError()
{
    if (m_error.isEmpty())
        return;
    m_error.clear();
    m_editor->clearIndicatorRange(0, 0, m_editor->lines(), 0, kErrorIndicator);
    m_editor->clearAnnotations();
    setToolTip(QString());
    m_editor->setFixedHeight(m_editor->contentHeight());
}

} // namespace ps::widgets
