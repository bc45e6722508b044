#include "image_thumbnails.h"

namespace ps::widgets {

void ImageThumbnails::add(const QString &sha256, const QImage &thumbnail)
{
    m_images.insert(sha256, thumbnail);
    emit added(sha256);
}

} // namespace ps::widgets
