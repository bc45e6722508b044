// Opening project files: refusing what is not ours untouched, and migrating older schemas.
#include "store/change_probe.h"
#include "store/database.h"
#include "store/project.h"
#include "store/project_file.h"
#include "store_test_util.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace ps;
using namespace ps::test;
using Kind = store::StoreError::Kind;

class TestStoreOpen : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir *m_dir = nullptr;

    QString filePath(const char *name) const { return m_dir->filePath(QString::fromUtf8(name)); }

    void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), bytes.size());
    }

    // A closed project with a few versions (closing checkpoints the log into the file).
    void makeProject(const QString &path, int versions)
    {
        auto project = store::Project::create(path.toStdString());
        for (int i = 1; i <= versions; ++i)
            project.saveVersion(saveRequest("triage", sampleContent(i)));
    }

    // A closed schema-1 project: prompt "triage" with version 1 labelled production.
    void makeVersionOneProject(const QString &path, const model::VersionContent &content)
    {
        auto db = store::createProjectFile(path.toStdString(), 1);
        db->exec("INSERT INTO prompts (id, name, description, tags, created) VALUES "
                 "(1, 'triage', 'labels tickets', '[\"support\"]', '2026-01-02T03:04:05Z')");
        store::Statement insert(*db,
            "INSERT INTO versions (prompt_id, number, hash, parent_id, "
            "author, created, message, content) VALUES "
            "(1, 1, ?, NULL, 'ada', '2026-01-02T03:04:05Z', 'v1', ?)");
        insert.bind(1, content.contentHash()).bind(2, content.toJson().dump());
        insert.run();
        db->exec("INSERT INTO labels (prompt_id, name, version_id) VALUES (1, 'production', 1)");
    }

private slots:
    void init()
    {
        m_dir = new QTemporaryDir;
        QVERIFY(m_dir->isValid());
    }
    void cleanup()
    {
        delete m_dir;
        m_dir = nullptr;
    }

    // The window notices what the CLI (another connection) commits, and only that: reading
    // changes nothing, and each commit is seen once.
    void changeProbeSeesOtherConnectionsCommits()
    {
        const QString path = m_dir->filePath(QStringLiteral("p.promptsmith"));
        makeProject(path, 1);
        store::ChangeProbe probe(path.toStdString());
        QVERIFY(!probe.changed());
        auto project = store::Project::open(path.toStdString());
        QCOMPARE(project.listVersions("triage").size(), std::size_t(1));
        QVERIFY(!probe.changed());
        project.saveVersion(saveRequest("triage", sampleContent(2)));
        QVERIFY(probe.changed());
        QVERIFY(!probe.changed());
        project.setLabel("triage", "production", 2);
        QVERIFY(probe.changed());
    }

    void refusesUntouched_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("problem");
        QTest::newRow("text file") << QStringLiteral("text") << int(Kind::NotAProject)
                                   << QStringLiteral(" is not a Promptsmith project: it is not an "
                                                     "SQLite database");
        QTest::newRow("empty file") << QStringLiteral("empty") << int(Kind::NotAProject)
                                    << QStringLiteral(" is not a Promptsmith project: it is empty");
        QTest::newRow("foreign SQLite") << QStringLiteral("foreign") << int(Kind::NotAProject)
                                        << QStringLiteral(" is not a Promptsmith project: it is an "
                                                          "SQLite database of another program");
        QTest::newRow("truncated project") << QStringLiteral("truncated") << int(Kind::Damaged)
                                           << QStringLiteral(" is damaged: it is truncated");
        QTest::newRow("header only") << QStringLiteral("header") << int(Kind::Damaged)
                                     << QStringLiteral(" is damaged: it is truncated");
        QTest::newRow("newer schema") << QStringLiteral("newer") << int(Kind::TooNew)
                                      << QStringLiteral(" was written by a newer Promptsmith "
                                                        "(schema version 99; this program knows "
                                                        "up to %1)")
                                             .arg(store::Project::currentSchemaVersion());
    }
    void refusesUntouched()
    {
        QFETCH(QString, setup);
        QFETCH(int, kind);
        QFETCH(QString, problem);
        const QString path = filePath("x.promptsmith");
        if (setup == QStringLiteral("text")) {
            writeFile(path, "name,version\ntriage,3\n");
        } else if (setup == QStringLiteral("empty")) {
            writeFile(path, {});
        } else if (setup == QStringLiteral("foreign")) {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr,
                         nullptr, nullptr),
                SQLITE_OK);
            sqlite3_close(db);
        } else if (setup == QStringLiteral("truncated") || setup == QStringLiteral("header")) {
            makeProject(path, 200);
            QFile file(path);
            QVERIFY(file.size() > 8 * 4096);
            QVERIFY(file.resize(setup == QStringLiteral("header") ? 60 : file.size() / 2));
        } else if (setup == QStringLiteral("newer")) {
            makeProject(path, 1);
            QCOMPARE(rawExec(path.toStdString(), "PRAGMA user_version = 99"), SQLITE_OK);
        }
        const QByteArray before = bytesOf(path);
        const QStringList entriesBefore = entriesOf(m_dir->path());

        const auto error = storeErrorOf([&] { store::Project::open(path.toStdString()); });
        QVERIFY(error);
        QCOMPARE(int(error->kind()), kind);
        QCOMPARE(qs(error->what()).left(path.size() + problem.size()), path + problem);

        QCOMPARE(bytesOf(path), before);
        QCOMPARE(entriesOf(m_dir->path()), entriesBefore); // no -wal or -shm left behind
    }

    void refusesAMissingFileWithoutCreatingIt()
    {
        const QString path = filePath("missing.promptsmith");
        const auto error = storeErrorOf([&] { store::Project::open(path.toStdString()); });
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::NotAProject);
        QCOMPARE(qs(error->what()),
            path + QStringLiteral(" is not a Promptsmith project: no such file"));
        QVERIFY(entriesOf(m_dir->path()).isEmpty());
    }

    void refusesADirectory()
    {
        const auto error = storeErrorOf([&] { store::Project::open(m_dir->path().toStdString()); });
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::NotAProject);
        QVERIFY(qs(error->what()).endsWith(QStringLiteral("it is a directory")));
    }

    void marksItsFiles()
    {
        const QString path = filePath("p.promptsmith");
        makeProject(path, 1);
        QCOMPARE(rawQuery(path.toStdString(), "PRAGMA application_id"),
            std::to_string(store::kApplicationId));
        QCOMPARE(rawQuery(path.toStdString(), "PRAGMA user_version"),
            std::to_string(store::Project::currentSchemaVersion()));
        QCOMPARE(rawQuery(path.toStdString(), "PRAGMA journal_mode"), std::string("wal"));
        // Reopening a current project reads it as it was.
        const auto project = store::Project::open(path.toStdString());
        QVERIFY(project.version("triage", 1).content == sampleContent(1));
    }

    void damageFoundAfterOpeningIsReportedAsDamage()
    {
        const QString path = filePath("p.promptsmith");
        makeProject(path, 60);
        // Scribble over every page but the first (the header and schema stay readable).
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 size = file.size();
        for (qint64 offset = 4096; offset < size; offset += 4096) {
            file.seek(offset);
            file.write(QByteArray(64, '\xA5'));
        }
        file.close();
        const auto error = storeErrorOf([&] {
            auto project = store::Project::open(path.toStdString());
            project.listVersions("triage");
        });
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::Damaged);
        QVERIFY(qs(error->what()).startsWith(path + QStringLiteral(" is damaged: ")));
    }

    // Hardening: once a read found damage, the next write (from any connection, as the window's
    // writer has its own) checks the whole file first and refuses; nothing is written. Here the
    // damage is in the versions table only, so the draft's own pages would take the write.
    void writesStopOnceAReadFoundDamage()
    {
        const QString path = filePath("p.promptsmith");
        makeProject(path, 3);
        const int page = std::stoi(rawQuery(
            path.toStdString(), "SELECT rootpage FROM sqlite_schema WHERE name = 'versions'"));
        const int pageSize = std::stoi(rawQuery(path.toStdString(), "PRAGMA page_size"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            file.seek(qint64(page - 1) * pageSize);
            file.write(QByteArray(64, '\xA5'));
        }
        {
            auto project = store::Project::open(path.toStdString());
            const auto error = storeErrorOf([&] { project.listVersions("triage"); });
            QVERIFY(error);
            QCOMPARE(error->kind(), Kind::Damaged);
        }
        const QByteArray damaged = bytesOf(path);
        const auto refused = storeErrorOf([&] {
            store::Project::open(path.toStdString()).saveDraft({"triage", 1, "x", {}});
        });
        QVERIFY(refused);
        QCOMPARE(refused->kind(), Kind::Damaged);
        QCOMPARE(std::string(store::toString(refused->kind())), std::string("damaged"));
        QVERIFY2(qs(refused->what()).contains(QStringLiteral("nothing more is written")),
            refused->what());
        QCOMPARE(bytesOf(path), damaged);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal"))
            || QFileInfo(path + QStringLiteral("-wal")).size() == 0);
    }

    void migratesAVersionOneFileWithItsData()
    {
        const QString path = filePath("old.promptsmith");
        const auto content = sampleContent(7);
        makeVersionOneProject(path, content);
        QCOMPARE(rawQuery(path.toStdString(), "PRAGMA user_version"), std::string("1"));
        QCOMPARE(rawQuery(path.toStdString(),
                     "SELECT count(*) FROM sqlite_schema WHERE name = 'drafts'"),
            std::string("0"));

        auto project = store::Project::open(path.toStdString());
        QCOMPARE(project.info().schemaVersion, store::Project::currentSchemaVersion());
        const auto version = project.resolve("triage@production");
        QCOMPARE(version.number, 1);
        QVERIFY(version.content == content);
        QCOMPARE(qs(version.author), QStringLiteral("ada"));
        QCOMPARE(qs(version.created), QStringLiteral("2026-01-02T03:04:05Z"));
        QCOMPARE(project.findPrompt("triage")->tags, std::vector<std::string> {"support"});

        // The new tables work, and the old rules still hold.
        project.saveDraft({"triage", 1, "draft after upgrade", {}});
        QCOMPARE(project.draft("triage")->text, std::string("draft after upgrade"));
        QCOMPARE(project.saveVersion(saveRequest("triage", sampleContent(8))).version.number, 2);
        QCOMPARE(rawExec(path.toStdString(), "UPDATE versions SET author = 'x'") & 0xff,
            SQLITE_CONSTRAINT);
        QCOMPARE(rawQuery(path.toStdString(), "PRAGMA user_version"),
            std::to_string(store::Project::currentSchemaVersion()));

        // Hardening: the upgrade says so and keeps the old file, which older builds still open.
        QVERIFY(project.upgrade());
        QCOMPARE(project.upgrade()->fromSchema, 1);
        const std::string backup = project.upgrade()->backup.string();
        QCOMPARE(backup, path.toStdString() + ".schema1.bak");
        QCOMPARE(rawQuery(backup, "PRAGMA user_version"), std::string("1"));
        QCOMPARE(rawQuery(backup, "SELECT count(*) FROM versions"), std::string("1"));
        QCOMPARE(rawQuery(backup, "SELECT count(*) FROM sqlite_schema WHERE name = 'drafts'"),
            std::string("0"));
        // An up-to-date file opens without any of that.
        QVERIFY(!store::Project::open(path.toStdString()).upgrade());
        QCOMPARE(store::upgradeBackupPath(path.toStdString(), 1).string(), backup + ".2");
    }

    // Hardening: reading an older file leaves it as it is, for teammates on the older build;
    // the first write upgrades it (and keeps the old file).
    void readingAnOlderFileLeavesItAsItIs()
    {
        const QString path = filePath("old.promptsmith");
        const auto content = sampleContent(7);
        makeVersionOneProject(path, content);
        const QByteArray before = bytesOf(path);
        const QStringList entries = entriesOf(m_dir->path());
        {
            auto project = store::Project::open(path.toStdString(), store::ProjectAccess::Read);
            QCOMPARE(project.olderSchema(), std::optional<int>(1));
            QVERIFY(!project.upgrade());
            QVERIFY(project.isReadOnly());
            QCOMPARE(project.info().schemaVersion, 1);
            // The current schema's queries work on it, the new tables included.
            QVERIFY(project.resolve("triage@production").content == content);
            QVERIFY(!project.draft("triage"));
            const auto error = storeErrorOf([&] { project.saveDraft({"triage", 1, "x", {}}); });
            QVERIFY(error);
            QCOMPARE(error->kind(), Kind::Io);
            QVERIFY2(qs(error->what()).contains(QStringLiteral("read-only")), error->what());
        }
        QCOMPARE(bytesOf(path), before);
        QCOMPARE(entriesOf(m_dir->path()), entries); // no -wal, -shm or backup

        auto project = store::Project::open(path.toStdString(), store::ProjectAccess::Write);
        QVERIFY(!project.olderSchema());
        QVERIFY(project.upgrade());
        QCOMPARE(project.info().schemaVersion, store::Project::currentSchemaVersion());
        QVERIFY(QFile::exists(path + QStringLiteral(".schema1.bak")));
    }

    // A copy of the file alone is current while the project is open, once checkpointed; and
    // copyTo writes a consistent copy at any time, never over an existing file.
    void checkpointAndCopyKeepTheFileCurrent()
    {
        const QString path = filePath("open.promptsmith");
        auto project = store::Project::create(path.toStdString());
        project.checkpoint(); // the empty project's tables are in the file
        project.saveVersion(saveRequest("triage", sampleContent(1)));
        const std::string alone = filePath("alone.promptsmith").toStdString();
        std::filesystem::copy_file(path.toStdString(), alone);
        QCOMPARE(rawQuery(alone, "SELECT count(*) FROM versions"), std::string("0"));
        project.checkpoint();
        std::filesystem::remove(alone);
        std::filesystem::copy_file(path.toStdString(), alone);
        QCOMPARE(rawQuery(alone, "SELECT count(*) FROM versions"), std::string("1"));

        project.saveVersion(saveRequest("triage", sampleContent(2)));
        const std::string copy = filePath("copy.promptsmith").toStdString();
        project.copyTo(copy);
        QCOMPARE(store::Project::open(copy).listVersions("triage", false).size(), std::size_t(2));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, project.copyTo(copy));
    }

    void refusesANewerFileThatAnotherProgramHasOpen()
    {
        // With a live log the header may be stale, so the check must go through SQLite.
        const QString path = filePath("p.promptsmith");
        makeProject(path, 1);
        sqlite3 *other = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &other), SQLITE_OK);
        QCOMPARE(
            sqlite3_exec(other, "PRAGMA user_version = 77", nullptr, nullptr, nullptr), SQLITE_OK);
        QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
        const QByteArray before = bytesOf(path);
        const auto error = storeErrorOf([&] { store::Project::open(path.toStdString()); });
        const QByteArray after = bytesOf(path); // before the other program checkpoints on close
        sqlite3_close(other);
        QCOMPARE(after, before);
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::TooNew);
        QVERIFY(qs(error->what()).contains(QStringLiteral("schema version 77")));
    }

    void opensPathsThatLookLikeUriSyntax()
    {
        // The read-only check opens the file through an SQLite URI; odd names must survive.
        const QString dir = m_dir->filePath(QStringLiteral("a dir #2 ?x=1 %41"));
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + QStringLiteral("/prompts é %20.promptsmith");
        makeProject(path, 2);
        const auto project = store::Project::open(path.toStdString());
        QCOMPARE(project.findPrompt("triage")->latestNumber, 2);
        QCOMPARE(entriesOf(m_dir->path()), QStringList {QStringLiteral("a dir #2 ?x=1 %41")});
    }

    void twoConnectionsSeeEachOthersCommits()
    {
        // The window reads on a worker with its own Project while the editor writes.
        const QString path = filePath("p.promptsmith");
        makeProject(path, 1);
        auto writer = store::Project::open(path.toStdString());
        const auto reader = store::Project::open(path.toStdString()); // the log exists now
        writer.saveVersion(saveRequest("triage", sampleContent(2)));
        writer.setLabel("triage", "production", 2);
        QCOMPARE(reader.resolve("triage@production").number, 2);
        QVERIFY(reader.resolve("triage").content == sampleContent(2));
    }

    void migrationRegistryIsOrdered()
    {
        const auto list = store::migrations();
        QCOMPARE(int(list.size()), store::Project::currentSchemaVersion());
        for (std::size_t i = 0; i < list.size(); ++i) {
            QCOMPARE(list[i].version, int(i) + 1);
            QVERIFY(list[i].description && *list[i].description);
        }
    }
};

QTEST_APPLESS_MAIN(TestStoreOpen)
#include "test_store_open.moc"
