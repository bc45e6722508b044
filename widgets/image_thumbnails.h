#pragma once

#include <QHash>
#include <QImage>
#include <QObject>
#include <QString>

// Small pictures of the project's images by their hash, for the message cards: the app fills
// it as images are added or read; a card without one shows the image's kind and size instead.
namespace ps::widgets {

class ImageThumbnails final : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    static constexpr int kSize = 72; // pixels on the longer side

    void add(const QString &sha256, const QImage &thumbnail);
    QImage thumbnail(const QString &sha256) const { return m_images.value(sha256); }
    bool contains(const QString &sha256) const { return m_images.contains(sha256); }

signals:
    void added(const QString &sha256);

private:
    QHash<QString, QImage> m_images;
};

} // namespace ps::widgets
