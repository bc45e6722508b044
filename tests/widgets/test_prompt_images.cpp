// An image dropped on a message card: stored in the project, shown on the card and in the
// Preview, undone and redone as one step, and sent with the message in the provider's shape; a
// file that is no image is said, not added.

#include "conversation_editor.h"
#include "examples_model.h"
#include "examples_panel.h"
#include "fake_provider_server.h"
#include "image_thumbnails.h"
#include "main_window.h"
#include "metrics_bar.h"
#include "message_card.h"
#include "preview_panel.h"
#include "prompt_document.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/image_store.h"
#include "store/project.h"
#include "util/base64.h"
#include "util/sha256.h"

#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QUrl>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

using namespace ps;

namespace {

// A real 1×1 PNG.
constexpr const char *kPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

// Drags `file` onto `target` and drops it there, as a file manager does.
void dropFile(QWidget *target, const QString &file)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
}

} // namespace

class TestPromptImages : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    fakeprovider::FakeProviderServer m_server;

    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_dir.filePath(name));
        if (file.open(QIODevice::WriteOnly))
            file.write(bytes);
        return file.fileName();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        test::keepSettingsIn(m_dir.filePath(QStringLiteral("settings")));
        m_path = m_dir.filePath(QStringLiteral("images.promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        test::saveTriageVersion(project);
        test::addFakeTargets(project, m_server.baseUrl(), {{"omni", "gpt-4o"}});
    }

    void aDroppedImageIsShownUndoneAndSent()
    {
        const std::string png = *util::base64Decode(kPng);
        const QString file = write(QStringLiteral("dot.png"), QByteArray::fromStdString(png));
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QTRY_COMPARE(bench->promptName(), QStringLiteral("ticket-triage"));
        widgets::PromptDocument *document = bench->document();
        QCOMPARE(document->messages().at(1).role, std::string("user"));
        widgets::MessageCard *card = bench->conversation()->cards().at(1);

        dropFile(card, file);
        QTRY_COMPARE(document->messages().at(1).images.size(), std::size_t(1));
        const model::ImageRef image = document->messages().at(1).images.front();
        QCOMPARE(image.sha256, util::sha256Hex(png));
        QCOMPARE(card->imageLabels(), QStringList {QStringLiteral("PNG 1×1")});
        QTRY_VERIFY2(bench->preview()->plainText().contains(QStringLiteral("Image: image/png 1×1")),
            qPrintable(bench->preview()->plainText()));
        {
            const store::Project project = store::Project::open(m_path.toStdString(), store::ProjectAccess::Read);
            QVERIFY(store::ImageStore(project).contains(image.sha256));
        }

        // One step of the editor's history.
        document->history()->undo();
        QVERIFY(document->messages().at(1).images.empty());
        QTRY_VERIFY(card->imageLabels().isEmpty());
        document->history()->redo();
        QCOMPARE(document->messages().at(1).images.size(), std::size_t(1));

        // The system message takes no images: nothing is offered there.
        dropFile(bench->conversation()->cards().at(0), file);
        QTest::qWait(50);
        QVERIFY(document->messages().at(0).images.empty());

        // Sent with the message, as OpenAI takes it.
        widgets::ResponsePane *pane = window.responseArea()->pane(0);
        pane->setTargetId(QStringLiteral("omni"));
        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(pane->state(), widgets::ResponsePane::State::Done);
        const nlohmann::json body = nlohmann::json::parse(m_server.lastRequestBody());
        QCOMPARE(body["messages"][1]["content"][1]["image_url"]["url"].get<std::string>(),
            std::string("data:image/png;base64,") + kPng);
        // The metrics line says the image's share of the input: gpt-4o, 1×1 at high detail, one
        // tile: 85 + 170.
        QCOMPARE(pane->metricsBar()->metrics()->imageTokens, std::optional<long long>(255));
        QVERIFY2(widgets::metricsText(*pane->metricsBar()->metrics()).contains(QStringLiteral("255 for images")),
            qPrintable(widgets::metricsText(*pane->metricsBar()->metrics())));
    }

    // A saved version's images, opened in a new window, show their pictures (read from the
    // project), not only their kind and size.
    void aReopenedVersionShowsItsPictures()
    {
        const QString path = m_dir.filePath(QStringLiteral("reopened.promptsmith"));
        const std::string png = *util::base64Decode(kPng);
        {
            store::Project project = store::Project::create(path.toStdString());
            store::SaveRequest request;
            request.promptName = "receipts";
            model::Message user;
            user.role = "user";
            user.content = "What was paid?";
            user.images = {store::ImageStore(project).add(png)};
            request.content.messages = {user};
            request.message = "with a receipt";
            project.saveVersion(request);
        }
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QTRY_COMPARE(bench->promptName(), QStringLiteral("receipts"));
        QTRY_COMPARE(bench->conversation()->cards().size(), 1);
        widgets::MessageCard *card = bench->conversation()->cards().at(0);
        QCOMPARE(card->imageLabels(), QStringList {QStringLiteral("PNG 1×1")});
        const auto tileIcon = [card] {
            const auto tiles = card->findChildren<QToolButton *>(QStringLiteral("imageTile"));
            return tiles.size() == 1 ? tiles.front()->icon() : QIcon();
        };
        QTRY_VERIFY(!tileIcon().isNull());
        QVERIFY(bench->thumbnails()->contains(QString::fromStdString(util::sha256Hex(png))));
    }

    // An image for a few-shot example: stored, shown in the Examples table, sent with the
    // example's question when examples go as turns; one undo step takes it back.
    void anExampleShowsAnImage()
    {
        const QString path = m_dir.filePath(QStringLiteral("fewshot.promptsmith"));
        const std::string png = *util::base64Decode(kPng);
        const QString file = write(QStringLiteral("example.png"), QByteArray::fromStdString(png));
        {
            store::Project project = store::Project::create(path.toStdString());
            store::SaveRequest request;
            request.promptName = "fewshot";
            model::Message system;
            system.role = "system";
            system.content = "Label the ticket.";
            model::Message user;
            user.role = "user";
            user.content = "Ticket: {{ticket}}";
            request.content.messages = {system, user};
            model::Example example;
            example.input = {{"ticket", "charged twice"}};
            example.output = "billing";
            request.content.examples = {example};
            request.content.examplesMode = model::ExamplesMode::Turns;
            request.message = "one example";
            project.saveVersion(request);
            test::addFakeTargets(project, m_server.baseUrl(), {{"omni", "gpt-4o"}});
        }
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QTRY_COMPARE(bench->promptName(), QStringLiteral("fewshot"));
        widgets::ExamplesPanel *panel = bench->examples();
        widgets::ExamplesModel *model = panel->model();
        QTRY_COMPARE(model->rowCount(), 1);
        QVERIFY(panel->table()->isColumnHidden(model->imagesColumn())); // no example shows one yet
        QVERIFY(!panel->table()->isColumnHidden(model->outputColumn())); // and only it is hidden
        QTRY_VERIFY(model->inputColumns().contains(QStringLiteral("ticket"))); // the table as the variables make it
        QVERIFY(!panel->imagesButton()->isEnabled()); // nothing selected
        panel->selectRows({0});
        QVERIFY(panel->imagesButton()->isEnabled());
        QCOMPARE(panel->imagesButton()->accessibleName(), QStringLiteral("Images of the selected example"));

        emit panel->imagesOffered(0, {file}); // what Images ▸ Add Images… does with the chosen files
        QTRY_COMPARE(bench->document()->content().examples.at(0).images.size(), std::size_t(1));
        QCOMPARE(bench->document()->content().examples.at(0).images.front().sha256, util::sha256Hex(png));
        const QModelIndex cell = model->index(0, model->imagesColumn());
        QCOMPARE(cell.data(Qt::DisplayRole).toString(), QStringLiteral("1 image"));
        QVERIFY(!panel->table()->isColumnHidden(model->imagesColumn()));
        QTRY_VERIFY(!cell.data(Qt::DecorationRole).isNull()); // its picture
        QVERIFY2(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("sent with this example's question")),
            qPrintable(cell.data(Qt::ToolTipRole).toString()));
        QTRY_VERIFY2(bench->preview()->plainText().contains(QStringLiteral("Image: image/png 1×1")),
            qPrintable(bench->preview()->plainText()));

        widgets::ResponsePane *pane = window.responseArea()->pane(0);
        pane->setTargetId(QStringLiteral("omni"));
        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(pane->state(), widgets::ResponsePane::State::Done);
        const nlohmann::json body = nlohmann::json::parse(m_server.lastRequestBody());
        QCOMPARE(body["messages"].size(), std::size_t(4));
        QCOMPARE(body["messages"][1]["content"][1]["image_url"]["url"].get<std::string>(),
            std::string("data:image/png;base64,") + kPng);
        QVERIFY(body["messages"][3]["content"].is_string()); // the question asked shows none

        bench->document()->history()->undo();
        QVERIFY(bench->document()->content().examples.at(0).images.empty());
        QCOMPARE(model->index(0, model->imagesColumn()).data(Qt::DisplayRole).toString(), QString());
    }

    void aFileThatIsNoImageIsSaidNotAdded()
    {
        const QString file = write(QStringLiteral("notes.png"), "these are notes, not a picture");
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QTRY_COMPARE(bench->promptName(), QStringLiteral("ticket-triage"));
        const std::size_t before = bench->document()->messages().at(1).images.size();
        dropFile(bench->conversation()->cards().at(1), file);
        QTRY_VERIFY2(window.statusText().contains(QStringLiteral("Not added: notes.png")), qPrintable(window.statusText()));
        QCOMPARE(bench->document()->messages().at(1).images.size(), before);
    }
};

QTEST_MAIN(TestPromptImages)
#include "test_prompt_images.moc"
