#include "prompt_images.h"

#include "conversation_editor.h"
#include "examples_model.h"
#include "examples_panel.h"
#include "image_thumbnails.h"
#include "project_session.h"
#include "prompt_document.h"
#include "prompt_workbench.h"
#include "store_writer.h"

#include "store/image_store.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace ps::app {

namespace {

struct Stored
{
    std::vector<model::ImageRef> images;
    QList<QImage> thumbnails; // one per image
    QStringList refused; // "name: why"
};

QImage thumbnailOf(const QByteArray &bytes)
{
    const QImage image = QImage::fromData(bytes);
    if (image.isNull())
        return {};
    return image.scaled(widgets::ImageThumbnails::kSize, widgets::ImageThumbnails::kSize, Qt::KeepAspectRatio,
        Qt::SmoothTransformation);
}

} // namespace

PromptImages::PromptImages(ProjectSession *session, widgets::PromptWorkbench *workbench, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_workbench(workbench)
{
    connect(workbench->conversation(), &widgets::ConversationEditor::imagesOffered, this, &PromptImages::add);
    connect(workbench->examples(), &widgets::ExamplesPanel::imagesOffered, this, &PromptImages::addToExample);
    connect(workbench->document(), &widgets::PromptDocument::loaded, this, &PromptImages::readMissingThumbnails);
}

PromptImages::~PromptImages()
{
    for (QFuture<void> &reading : m_readings)
        reading.waitForFinished();
}

void PromptImages::readMissingThumbnails()
{
    QStringList missing;
    const auto note = [&](const std::vector<model::ImageRef> &images) {
        for (const model::ImageRef &image : images) {
            const QString sha256 = QString::fromStdString(image.sha256);
            if (!sha256.isEmpty() && !m_workbench->thumbnails()->contains(sha256) && !missing.contains(sha256))
                missing << sha256;
        }
    };
    for (const model::Message &message : m_workbench->document()->messages())
        note(message.images);
    for (const model::Example &example : m_workbench->document()->content().examples)
        note(example.images);
    if (missing.isEmpty())
        return;
    m_readings.removeIf([](const QFuture<void> &reading) { return reading.isFinished(); });
    const store::ImageFileReader *reader = &m_session->images();
    m_readings << QtConcurrent::run([this, reader, missing] {
        for (const QString &sha256 : missing) {
            const std::optional<std::string> bytes = (*reader)(sha256.toStdString());
            if (!bytes)
                continue; // not in the project: the card keeps the kind and size
            const QImage picture = thumbnailOf(QByteArray::fromStdString(*bytes));
            if (picture.isNull())
                continue;
            QMetaObject::invokeMethod(
                this, [this, sha256, picture] { m_workbench->thumbnails()->add(sha256, picture); }, Qt::QueuedConnection);
        }
    });
}

void PromptImages::add(int messageIndex, const QStringList &files, const QList<QImage> &pictures)
{
    store(files, pictures, [this, messageIndex](const std::vector<model::ImageRef> &added) {
        widgets::PromptDocument *document = m_workbench->document();
        if (std::size_t(messageIndex) >= document->messages().size()
            || document->messages()[std::size_t(messageIndex)].role != "user")
            return;
        std::vector<model::ImageRef> images = document->messages()[std::size_t(messageIndex)].images;
        images.insert(images.end(), added.begin(), added.end());
        document->setImages(std::size_t(messageIndex), std::move(images),
            added.size() == 1 ? tr("Add an image to message %1").arg(messageIndex + 1)
                              : tr("Add %1 images to message %2").arg(added.size()).arg(messageIndex + 1));
    });
}

void PromptImages::addToExample(int row, const QStringList &files)
{
    store(files, {}, [this, row](const std::vector<model::ImageRef> &added) {
        const auto &examples = m_workbench->document()->content().examples;
        if (std::size_t(row) >= examples.size())
            return;
        std::vector<model::ImageRef> images = examples[std::size_t(row)].images;
        images.insert(images.end(), added.begin(), added.end());
        m_workbench->examples()->model()->setImages(row, std::move(images),
            added.size() == 1 ? tr("Add an image to example %1").arg(row + 1)
                              : tr("Add %1 images to example %2").arg(added.size()).arg(row + 1));
    });
}

void PromptImages::store(const QStringList &files, const QList<QImage> &pictures,
    std::function<void(const std::vector<model::ImageRef> &)> apply)
{
    auto stored = std::make_shared<Stored>();
    const QString prompt = m_workbench->promptName();
    m_session->writer()->changeProject(
        [stored, files, pictures](store::Project &project) {
            store::ImageStore images(project);
            const auto keep = [&](const QByteArray &bytes, const QString &name) {
                try {
                    stored->images.push_back(images.add(std::string_view(bytes.constData(), std::size_t(bytes.size()))));
                    stored->thumbnails << thumbnailOf(bytes);
                } catch (const std::exception &error) {
                    stored->refused << name + QStringLiteral(": ") + QString::fromUtf8(error.what());
                }
            };
            for (const QString &path : files) {
                QFile file(path);
                if (file.size() > qint64(store::ImageStore::kMaxImageBytes) || !file.open(QIODevice::ReadOnly)) {
                    stored->refused << QFileInfo(path).fileName() + QStringLiteral(": ")
                            + (file.exists() ? QObject::tr("larger than 20 MB, or unreadable") : QObject::tr("no such file"));
                    continue;
                }
                keep(file.readAll(), QFileInfo(path).fileName());
            }
            for (const QImage &picture : pictures) {
                QByteArray png; // a pasted picture is kept as PNG
                QBuffer buffer(&png);
                buffer.open(QIODevice::WriteOnly);
                picture.save(&buffer, "PNG");
                keep(png, QObject::tr("the pasted picture"));
            }
        },
        [this, stored, prompt, apply = std::move(apply)](const QString &error) {
            if (!error.isEmpty()) {
                emit statusMessage(tr("Could not add the image: %1").arg(error));
                return;
            }
            for (int i = 0; i < int(stored->images.size()); ++i)
                m_workbench->thumbnails()->add(QString::fromStdString(stored->images[std::size_t(i)].sha256), stored->thumbnails[i]);
            // The prompt may have changed meanwhile: then nothing is added.
            if (!stored->images.empty() && m_workbench->promptName() == prompt)
                apply(stored->images);
            if (!stored->refused.isEmpty())
                emit statusMessage(tr("Not added: %1").arg(stored->refused.join(QStringLiteral("; "))));
        });
}

} // namespace ps::app
