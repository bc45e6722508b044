#pragma once

#include "model/version_content.h"

#include <QFuture>
#include <QImage>
#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>
#include <vector>

namespace ps::widgets {
class PromptWorkbench;
}

// Images dropped, pasted or chosen on a message card: read and checked on the store writer's
// thread, stored in the project once by their hash, then added to the message as one undo step,
// with a thumbnail for the card. A file that is no image is said, and the others still added.
// The pictures of images a loaded version already shows are read off the GUI thread.
namespace ps::app {

class ProjectSession;

class PromptImages final : public QObject
{
    Q_OBJECT
public:
    // Both must outlive this.
    PromptImages(ProjectSession *session, widgets::PromptWorkbench *workbench, QObject *parent = nullptr);
    ~PromptImages() override;

    void add(int messageIndex, const QStringList &files, const QList<QImage> &pictures);
    // The same for the few-shot example at `row`.
    void addToExample(int row, const QStringList &files);

signals:
    void statusMessage(const QString &text);

private:
    // Stores the files and pictures on the writer's thread, then hands what was stored to
    // `apply` on this one (unless another prompt is open by then), with their thumbnails made.
    void store(const QStringList &files, const QList<QImage> &pictures,
        std::function<void(const std::vector<model::ImageRef> &)> apply);
    // Reads the pictures of the document's images the cards have none of yet.
    void readMissingThumbnails();

    ProjectSession *m_session;
    widgets::PromptWorkbench *m_workbench;
    QList<QFuture<void>> m_readings; // waited for on destruction: they read through the session
};

} // namespace ps::app
