#include "main_window.h"
#include "project_tree_model.h"
#include "version_view.h"

#include "store/project.h"

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace ps;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup() { m_dir.reset(); }

    void showsPromptsVersionsAndLabels()
    {
        const QString path = m_dir->filePath(QStringLiteral("p.promptsmith"));
        {
            store::Project project = store::Project::create(path.toStdString());
            for (int i = 1; i <= 3; ++i) {
                store::SaveRequest request;
                request.promptName = "ticket-triage";
                model::Message message;
                message.role = "system";
                message.content = "Label tickets, take " + std::to_string(i);
                request.content.messages = {message};
                request.message = "take " + std::to_string(i);
                request.author = "Ana";
                project.saveVersion(request);
            }
            project.setLabel("ticket-triage", "production", 3);
            project.setLabel("ticket-triage", "staging", 2);
        }

        app::MainWindow window;
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        window.show();
        window.openProject(path);
        QTRY_COMPARE(loaded.count(), 1);

        auto *tree = window.findChild<QTreeView *>();
        QVERIFY(tree);
        const QAbstractItemModel *model = tree->model();
        const QModelIndex prompts = model->index(0, 0);
        const QModelIndex prompt = model->index(0, 0, prompts);
        QCOMPARE(prompt.data().toString(), QStringLiteral("ticket-triage"));
        QCOMPARE(model->rowCount(prompt), 3);
        // Newest first, with its label.
        const QModelIndex newest = model->index(0, 0, prompt);
        QCOMPARE(newest.data().toString(), QStringLiteral("v3"));
        QCOMPARE(newest.data(widgets::ProjectTreeModel::LabelsRole).toStringList(),
            QStringList {QStringLiteral("production")});
        QCOMPARE(
            model->index(1, 0, prompt).data(widgets::ProjectTreeModel::LabelsRole).toStringList(),
            QStringList {QStringLiteral("staging")});
        QVERIFY(window.windowTitle().contains(QStringLiteral("p.promptsmith")));

        // The newest version is shown at once; picking another shows that one.
        auto *view = window.findChild<widgets::VersionView *>();
        QVERIFY(view);
        auto titleText = [view] {
            QStringList texts;
            for (const QLabel *label : view->findChildren<QLabel *>())
                texts << label->text();
            return texts.join(QLatin1Char('\n'));
        };
        QTRY_VERIFY(titleText().contains(QStringLiteral("ticket-triage · v3")));
        tree->setCurrentIndex(model->index(2, 0, prompt));
        QTRY_VERIFY(titleText().contains(QStringLiteral("ticket-triage · v1")));
        QVERIFY(titleText().contains(QStringLiteral("take 1")));
    }

    void refusesANonProjectWithoutBlocking()
    {
        const QString path = m_dir->filePath(QStringLiteral("notes.promptsmith"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just some notes\n");
        file.close();

        app::MainWindow window;
        QSignalSpy failed(&window, &app::MainWindow::projectFailed);
        window.openProject(path);
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(0).toString().contains(path));
        QVERIFY(window.statusText().contains(path));
        QCOMPARE(QFile(path).size(), qint64(16));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
