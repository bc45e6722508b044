// The window's store writer: every autosave and answer of a project goes through one connection.
#include "store_writer.h"

#include "store/project.h"
#include "store/run_store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ps;

class TestStoreWriter : public QObject
{
    Q_OBJECT

private slots:
    void manyWritesCostOneOpen()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath(QStringLiteral("p.promptsmith")).toStdString();
        {
            store::Project project = store::Project::create(path);
            store::SaveRequest request;
            request.promptName = "triage";
            model::Message message;
            message.role = "user";
            message.content = "Label {{ticket}}";
            request.content.messages = {message};
            request.author = "ada";
            project.saveVersion(request);
        }

        app::StoreWriter writer;
        writer.setProjectPath(QString::fromStdString(path));
        QSignalSpy drafts(&writer, &app::StoreWriter::draftSaved);
        QSignalSpy failures(&writer, &app::StoreWriter::failed);
        constexpr int kWrites = 5;
        for (int i = 0; i < kWrites; ++i)
            writer.saveDraft({"triage", 1, "draft " + std::to_string(i), {}});
        writer.startRun(
            1, QStringLiteral("triage"), 1, {"echo"}, kWrites, nlohmann::json::object());
        for (int i = 0; i < kWrites; ++i) {
            store::ResponseRecord response;
            response.targetId = "echo";
            response.text = "answer " + std::to_string(i);
            writer.addResponse(1, response);
        }
        writer.finishRun(1, model::RunStatus::Complete);
        QTRY_COMPARE(drafts.count(), kWrites);
        QCOMPARE(writer.connectionsOpened(), 1);
        QVERIFY2(failures.isEmpty(),
            failures.isEmpty() ? "" : qPrintable(failures.first().first().toString()));

        {
            const store::Project project = store::Project::open(path, store::ProjectAccess::Read);
            QCOMPARE(project.draft("triage")->text, std::string("draft 4"));
            const store::RunStore runs(project);
            const std::vector<model::RunRecord> stored = runs.listRuns();
            QCOMPARE(stored.size(), std::size_t(1));
            QCOMPARE(stored.front().status, model::RunStatus::Complete);
            QCOMPARE(runs.responses(stored.front().id).size(), std::size_t(kWrites));
        }

        // Another project gets its own connection; the first one's is closed.
        const std::string second = dir.filePath(QStringLiteral("q.promptsmith")).toStdString();
        {
            store::Project project = store::Project::create(second);
            project.addPrompt("triage");
        }
        writer.setProjectPath(QString::fromStdString(second));
        writer.saveDraft({"triage", std::nullopt, "other", {}});
        QTRY_COMPARE(drafts.count(), kWrites + 1);
        QCOMPARE(writer.connectionsOpened(), 2);
    }
};

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "test_store_writer.moc"
