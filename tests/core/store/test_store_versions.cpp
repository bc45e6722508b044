// Saving, reading, restoring and labelling versions, prompts and drafts.
#include "store/project.h"
#include "store_test_util.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using namespace ps::test;
using Kind = store::StoreError::Kind;

class TestStoreVersions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir *m_dir = nullptr;
    std::string m_path;

    static bool isUtcTimestamp(const std::string &text)
    {
        static const QRegularExpression pattern(
            QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$"));
        return pattern.match(qs(text)).hasMatch();
    }

private slots:
    void init()
    {
        m_dir = new QTemporaryDir;
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("p.promptsmith")).toStdString();
    }
    void cleanup()
    {
        delete m_dir;
        m_dir = nullptr;
    }

    void createRefusesAnExistingPath()
    {
        store::Project::create(m_path);
        const QByteArray before = bytesOf(qs(m_path));
        const auto error = storeErrorOf([&] { store::Project::create(m_path); });
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::AlreadyExists);
        QVERIFY(qs(error->what()).contains(qs(m_path)));
        QCOMPARE(bytesOf(qs(m_path)), before);
    }

    void everyContentFieldSurvivesARoundTrip()
    {
        model::VersionContent content;
        content.messages = {
            {"system", "You label tickets.\nBe brief — «ünïcode» ✓", {}, nlohmann::json::array(), {}},
            {"user", "{{ticket}}", {}, nlohmann::json::array(), {}},
            {"assistant", "", {}, nlohmann::json::parse(R"([{"id":"c1","name":"lookup_order",
                                                           "arguments":{"order":42}}])"), {}},
            {"tool", "{\"status\":\"shipped\"}", "c1", nlohmann::json::array(), {}},
            {"user", "And now?", {}, nlohmann::json::array(), {}},
        };
        content.variables
            = {{"ticket", "my card was charged twice", "the ticket text"}, {"tone", "", ""}};
        content.params.temperature = 0.7;
        content.params.topP = 0.95;
        content.params.maxTokens = 256;
        content.params.stop = {"\n\n", "END"};
        content.params.seed = 7;
        content.params.reasoningEffort = "low";
        content.params.responseFormat = nlohmann::json::parse(
            R"({"type":"json_schema","name":"label","schema":{"type":"object"}})");
        content.params.tools = nlohmann::json::parse(
            R"([{"name":"lookup_order","description":"find an order","parameters":{"type":"object"}}])");
        content.params.extra
            = nlohmann::json::parse(R"({"presence_penalty":0.5,"logit_bias":{"50256":-100}})");
        content.examples = {{nlohmann::json {{"ticket", "charged twice"}}, "billing", "classic",
                                true, {"billing", "easy"}, {}},
            {nlohmann::json {{"ticket", "app crashes"}}, "bug", "", false, {}, {}}};
        content.examplesMode = model::ExamplesMode::Turns;

        store::SaveRequest request = saveRequest("triage", content, "first cut");
        request.author = "Ada Lovelace";
        {
            auto project = store::Project::create(m_path);
            const auto saved = project.saveVersion(request);
            QVERIFY(saved.created);
            QCOMPARE(saved.version.number, 1);
        }
        const auto project = store::Project::open(m_path);
        const auto version = project.version("triage", 1);
        QVERIFY(version.content == content);
        QCOMPARE(qs(version.hash), qs(content.contentHash()));
        QCOMPARE(qs(version.promptName), QStringLiteral("triage"));
        QCOMPARE(qs(version.author), QStringLiteral("Ada Lovelace"));
        QCOMPARE(qs(version.message), QStringLiteral("first cut"));
        QVERIFY(!version.parentNumber);
        QVERIFY2(isUtcTimestamp(version.created), version.created.c_str());
        QVERIFY(version.labels.empty());
        QCOMPARE(project.listVersions("triage").at(0).content, content);
    }

    void savingCreatesThePromptAndNumbersVersions()
    {
        auto project = store::Project::create(m_path);
        QVERIFY(!project.findPrompt("triage"));
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(
                project.saveVersion(saveRequest("triage", sampleContent(i))).version.number, i);
        const auto prompt = project.findPrompt("triage");
        QVERIFY(prompt);
        QCOMPARE(prompt->versionCount, 3);
        QCOMPARE(prompt->latestNumber, 3);
        QVERIFY(isUtcTimestamp(prompt->created));
        const auto versions = project.listVersions("triage", false);
        QCOMPARE(versions.size(), std::size_t(3));
        QCOMPARE(versions[2].number, 3);
        QCOMPARE(qs(versions[2].hash), qs(sampleContent(3).contentHash()));
    }

    void identicalContentMakesNoNewVersion()
    {
        auto project = store::Project::create(m_path);
        project.saveVersion(saveRequest("triage", sampleContent(1)));
        project.saveVersion(saveRequest("triage", sampleContent(2)));
        const auto again = project.saveVersion(saveRequest("triage", sampleContent(2), "same"));
        QVERIFY(!again.created);
        QCOMPARE(again.version.number, 2);
        QCOMPARE(qs(again.version.message), QStringLiteral("edit"));
        QCOMPARE(project.info().versions, 2);
        // Only the newest counts: going back to v1's content is a new version.
        const auto back = project.saveVersion(saveRequest("triage", sampleContent(1)));
        QVERIFY(back.created);
        QCOMPARE(back.version.number, 3);
    }

    void parentIsTheNewestUnlessGiven()
    {
        auto project = store::Project::create(m_path);
        for (int i = 1; i <= 3; ++i)
            project.saveVersion(saveRequest("triage", sampleContent(i)));
        QCOMPARE(project.version("triage", 3).parentNumber, std::optional<int>(2));

        auto request = saveRequest("triage", sampleContent(4));
        request.parentNumber = 1;
        const auto branched = project.saveVersion(request);
        QCOMPARE(branched.version.parentNumber, std::optional<int>(1));
        QCOMPARE(project.version("triage", 4).parentNumber, std::optional<int>(1));

        request = saveRequest("triage", sampleContent(5));
        request.parentNumber = 9;
        const auto error = storeErrorOf([&] { project.saveVersion(request); });
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::NotFound);
        QVERIFY(qs(error->what()).contains(QStringLiteral("no version 9")));
        QCOMPARE(project.info().versions, 4);
    }

    void restoreSavesTheOldContentAsANewVersion()
    {
        auto project = store::Project::create(m_path);
        project.saveVersion(saveRequest("triage", sampleContent(1)));
        project.saveVersion(saveRequest("triage", sampleContent(2)));
        const auto restored = project.restoreVersion("triage", 1, "bob");
        QVERIFY(restored.created);
        QCOMPARE(restored.version.number, 3);
        QCOMPARE(qs(restored.version.message), QStringLiteral("restore v1"));
        QCOMPARE(qs(restored.version.author), QStringLiteral("bob"));
        QCOMPARE(restored.version.parentNumber, std::optional<int>(2));
        QVERIFY(project.version("triage", 3).content == sampleContent(1));
        QCOMPARE(qs(project.version("triage", 3).hash), qs(project.version("triage", 1).hash));

        // Restoring what is already newest changes nothing.
        QVERIFY(!project.restoreVersion("triage", 3, "bob").created);
        const auto custom = project.restoreVersion("triage", 2, "bob", "back to the short one");
        QCOMPARE(qs(custom.version.message), QStringLiteral("back to the short one"));

        const auto error = storeErrorOf([&] { project.restoreVersion("triage", 42, "bob"); });
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::NotFound);
    }

    void versionsCannotBeUpdatedOrDeleted()
    {
        {
            auto project = store::Project::create(m_path);
            project.saveVersion(saveRequest("triage", sampleContent(1), "original"));
        }
        for (const char *sql : {"UPDATE versions SET message = 'tampered'",
                 "UPDATE versions SET content = '{}' WHERE number = 1", "DELETE FROM versions"}) {
            const int rc = rawExec(m_path, sql);
            QCOMPARE(rc & 0xff, SQLITE_CONSTRAINT);
        }
        const auto project = store::Project::open(m_path);
        QCOMPARE(qs(project.version("triage", 1).message), QStringLiteral("original"));
        QVERIFY(project.version("triage", 1).content == sampleContent(1));
    }

    void invalidContentIsRefusedAndNothingWritten()
    {
        auto project = store::Project::create(m_path);
        const auto error = storeErrorOf(
            [&] { project.saveVersion(saveRequest("triage", model::VersionContent {})); });
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::BadInput);
        QVERIFY(qs(error->what()).contains(QStringLiteral("messages")));
        QCOMPARE(project.info().prompts, 0);

        auto badRole = sampleContent(1);
        badRole.messages[0].role = "narrator";
        QCOMPARE(storeErrorOf([&] { project.saveVersion(saveRequest("triage", badRole)); })->kind(),
            Kind::BadInput);
        QCOMPARE(project.info().versions, 0);
    }

    void promptNamesAreChecked_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QByteArray("triage") << true;
        QTest::newRow("spaces and unicode") << QByteArray("Ticket triage — v2 ✓") << true;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("at sign") << QByteArray("tri@ge") << false;
        QTest::newRow("leading space") << QByteArray(" triage") << false;
        QTest::newRow("trailing space") << QByteArray("triage ") << false;
        QTest::newRow("trailing newline") << QByteArray("triage\n") << false;
        QTest::newRow("tab inside") << QByteArray("tri\tage") << false;
        QTest::newRow("DEL") << QByteArray("tri\x7f"
                                           "age")
                             << false;
        QTest::newRow("C1 control") << QByteArray("tri\xc2\x85"
                                                  "age")
                                    << false;
        QTest::newRow("bad UTF-8") << QByteArray("tri\xff"
                                                 "age")
                                   << false;
    }
    void promptNamesAreChecked()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, valid);
        auto project = store::Project::create(m_path);
        const std::string text = name.toStdString();
        const auto viaAdd = storeErrorOf([&] { project.addPrompt(text); });
        const auto viaSave = storeErrorOf([&] {
            project.saveVersion(saveRequest(text + (valid ? "-2" : ""), sampleContent(1)));
        });
        QCOMPARE(!viaAdd, valid);
        QCOMPARE(!viaSave, valid);
        if (!valid) {
            QCOMPARE(viaAdd->kind(), Kind::BadInput);
            QCOMPARE(viaSave->kind(), Kind::BadInput);
            QCOMPARE(project.info().prompts, 0);
        } else {
            QCOMPARE(qs(project.findPrompt(text)->name), qs(text));
        }
    }

    void promptsCarryDescriptionAndTags()
    {
        auto project = store::Project::create(m_path);
        const auto added = project.addPrompt("triage", "labels tickets", {"support", "v2"});
        QCOMPARE(added.versionCount, 0);
        QCOMPARE(added.latestNumber, 0);
        project.addPrompt("answer");
        const auto error = storeErrorOf([&] { project.addPrompt("triage"); });
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::AlreadyExists);

        const auto prompts = project.listPrompts();
        QCOMPARE(prompts.size(), std::size_t(2));
        QCOMPARE(qs(prompts[0].name), QStringLiteral("answer"));
        QCOMPARE(qs(prompts[1].description), QStringLiteral("labels tickets"));
        QCOMPARE(prompts[1].tags, (std::vector<std::string> {"support", "v2"}));
    }

    void labelsPointAtVersionsAndMove()
    {
        auto project = store::Project::create(m_path);
        for (int i = 1; i <= 3; ++i)
            project.saveVersion(saveRequest("triage", sampleContent(i)));
        project.setLabel("triage", "staging", 2);
        project.setLabel("triage", "production", 2);
        project.setLabel("triage", "ab-test.v2_x", 2);
        QCOMPARE(project.version("triage", 2).labels,
            (std::vector<std::string> {"ab-test.v2_x", "production", "staging"}));

        project.setLabel("triage", "staging", 3); // move
        QCOMPARE(project.version("triage", 2).labels,
            (std::vector<std::string> {"ab-test.v2_x", "production"}));
        const auto versions = project.listVersions("triage");
        QCOMPARE(versions[2].labels, std::vector<std::string> {"staging"});
        QVERIFY(versions[0].labels.empty());
        QCOMPARE(project.info().labels, 3);

        project.removeLabel("triage", "production");
        QCOMPARE(project.version("triage", 2).labels, std::vector<std::string> {"ab-test.v2_x"});
        QCOMPARE(storeErrorOf([&] { project.removeLabel("triage", "production"); })->kind(),
            Kind::NotFound);
    }

    void badLabelsAreRefused_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<int>("number");
        QTest::addColumn<int>("kind");
        QTest::newRow("all digits") << QStringLiteral("123") << 1 << int(Kind::BadInput);
        QTest::newRow("empty") << QString() << 1 << int(Kind::BadInput);
        QTest::newRow("space") << QStringLiteral("prod uction") << 1 << int(Kind::BadInput);
        QTest::newRow("at sign") << QStringLiteral("prod@1") << 1 << int(Kind::BadInput);
        QTest::newRow("unknown version") << QStringLiteral("prod") << 7 << int(Kind::NotFound);
    }
    void badLabelsAreRefused()
    {
        QFETCH(QString, label);
        QFETCH(int, number);
        QFETCH(int, kind);
        auto project = store::Project::create(m_path);
        project.saveVersion(saveRequest("triage", sampleContent(1)));
        const auto error
            = storeErrorOf([&] { project.setLabel("triage", label.toStdString(), number); });
        QVERIFY(error);
        QCOMPARE(int(error->kind()), kind);
        QCOMPARE(project.info().labels, 0);
        if (label == QStringLiteral("123"))
            QVERIFY(qs(error->what()).contains(QStringLiteral("all digits")));
    }

    void draftsAreOnePerPromptAndSurviveReopening()
    {
        {
            auto project = store::Project::create(m_path);
            project.saveVersion(saveRequest("triage", sampleContent(1)));
            QVERIFY(!project.draft("triage"));
            project.saveDraft({"triage", 1, "first draft", {}});
            project.saveDraft({"triage", 1, std::string("second\0draft ✓", 15), {}});
            QCOMPARE(project.info().drafts, 1);
            QCOMPARE(project.info().versions, 1);
        }
        auto project = store::Project::open(m_path);
        const auto draft = project.draft("triage");
        QVERIFY(draft);
        QCOMPARE(draft->text, std::string("second\0draft ✓", 15));
        QCOMPARE(draft->baseNumber, std::optional<int>(1));
        QCOMPARE(qs(draft->promptName), QStringLiteral("triage"));
        QVERIFY(isUtcTimestamp(draft->updated));

        project.addPrompt("fresh");
        project.saveDraft({"fresh", std::nullopt, "from scratch", {}});
        QVERIFY(!project.draft("fresh")->baseNumber);

        project.discardDraft("triage");
        QVERIFY(!project.draft("triage"));
        project.discardDraft("triage"); // nothing left: still fine
        QCOMPARE(project.info().drafts, 1);

        QCOMPARE(storeErrorOf([&] {
            project.saveDraft({"nobody", {}, "x", {}});
        })->kind(),
            Kind::NotFound);
        QCOMPARE(storeErrorOf([&] {
            project.saveDraft({"triage", 5, "x", {}});
        })->kind(),
            Kind::NotFound);
    }

    void unknownPromptsAndVersionsAreNotFound()
    {
        auto project = store::Project::create(m_path);
        project.saveVersion(saveRequest("triage", sampleContent(1)));
        const auto noVersion = storeErrorOf([&] { project.version("triage", 4); });
        QVERIFY(noVersion);
        QCOMPARE(noVersion->kind(), Kind::NotFound);
        QCOMPARE(qs(noVersion->what()),
            QStringLiteral("prompt 'triage' has no version 4 (newest is v1)"));
        QCOMPARE(storeErrorOf([&] { project.listVersions("nobody"); })->kind(), Kind::NotFound);
        QCOMPARE(
            storeErrorOf([&] { project.setLabel("nobody", "prod", 1); })->kind(), Kind::NotFound);
    }

    void infoCountsEverything()
    {
        auto project = store::Project::create(m_path);
        project.saveVersion(saveRequest("a", sampleContent(1)));
        project.saveVersion(saveRequest("a", sampleContent(2)));
        project.saveVersion(saveRequest("b", sampleContent(1)));
        project.setLabel("a", "prod", 1);
        project.saveDraft({"b", 1, "draft", {}});
        const auto info = project.info();
        QCOMPARE(qs(info.path), qs(m_path));
        QCOMPARE(info.schemaVersion, store::Project::currentSchemaVersion());
        QCOMPARE(info.prompts, 2);
        QCOMPARE(info.versions, 3);
        QCOMPARE(info.labels, 1);
        QCOMPARE(info.drafts, 1);
    }

    void renamedPromptKeepsItsHistoryDraftAndLabels()
    {
        auto project = store::Project::create(m_path);
        project.saveVersion(saveRequest("triage", sampleContent(1)));
        project.saveVersion(saveRequest("triage", sampleContent(2)));
        project.setLabel("triage", "prod", 1);
        project.saveDraft({"triage", 2, "typing", {}});
        project.renamePrompt("triage", "ticket-triage");
        QVERIFY(!project.findPrompt("triage"));
        QCOMPARE(project.listVersions("ticket-triage").size(), std::size_t(2));
        QCOMPARE(project.resolve("ticket-triage@prod").number, 1);
        QCOMPARE(qs(project.draft("ticket-triage")->text), QStringLiteral("typing"));
        QCOMPARE(project.info().prompts, 1);

        project.addPrompt("other");
        QCOMPARE(storeErrorOf([&] { project.renamePrompt("other", "ticket-triage"); })->kind(),
            Kind::AlreadyExists);
        QCOMPARE(storeErrorOf([&] { project.renamePrompt("other", " spaced"); })->kind(),
            Kind::BadInput);
        QCOMPARE(storeErrorOf([&] { project.renamePrompt("nobody", "x"); })->kind(),
            Kind::NotFound);
        project.renamePrompt("other", "other"); // the same name: nothing to do
    }

    void copiedPromptStartsAtVersionOne()
    {
        auto project = store::Project::create(m_path);
        project.addPrompt("triage", "labels tickets", {"support"});
        project.saveVersion(saveRequest("triage", sampleContent(1)));
        project.saveVersion(saveRequest("triage", sampleContent(2)));
        const model::PromptRecord copy = project.copyPrompt("triage", "triage-b", "ana");
        QCOMPARE(copy.versionCount, 1);
        QCOMPARE(qs(copy.description), QStringLiteral("labels tickets"));
        QCOMPARE(copy.tags, std::vector<std::string> {"support"});
        const model::VersionRecord first = project.version("triage-b", 1);
        QCOMPARE(first.hash, project.version("triage", 2).hash);
        QCOMPARE(qs(first.message), QStringLiteral("copy of triage@2"));
        QCOMPARE(qs(first.author), QStringLiteral("ana"));
        QVERIFY(!first.parentNumber);

        project.addPrompt("empty");
        QCOMPARE(project.copyPrompt("empty", "empty-b", "ana").versionCount, 0);
        QCOMPARE(storeErrorOf([&] { project.copyPrompt("triage", "empty", "ana"); })->kind(),
            Kind::AlreadyExists);
    }

    void removedPromptLeavesTheListButNotTheFile()
    {
        {
            auto project = store::Project::create(m_path);
            project.saveVersion(saveRequest("triage", sampleContent(1)));
            project.saveVersion(saveRequest("triage", sampleContent(2)));
            project.setLabel("triage", "prod", 2);
            project.saveVersion(saveRequest("other", sampleContent(1)));
            project.saveDraft({"triage", 2, "typing", {}});

            const auto refused = storeErrorOf([&] { project.removePrompt("triage", false); });
            QVERIFY(refused);
            QCOMPARE(refused->kind(), Kind::Refused);
            QCOMPARE(qs(refused->what()),
                QStringLiteral("prompt 'triage' is not removed: the label prod (v2) points into "
                               "it, and something may deploy it by label (--force removes it "
                               "anyway)"));
            QCOMPARE(project.info().prompts, 2);

            const store::RemovedPrompt removed = project.removePrompt("triage", true);
            QCOMPARE(removed.versions, 2);
            QCOMPARE(removed.labels, std::vector<std::string> {"prod (v2)"});
            QCOMPARE(project.listPrompts().size(), std::size_t(1));
            QCOMPARE(qs(project.listPrompts().front().name), QStringLiteral("other"));
            QVERIFY(!project.findPrompt("triage"));
            QVERIFY(!project.draft("triage"));
            QCOMPARE(storeErrorOf([&] { project.resolve("triage@prod"); })->kind(),
                Kind::BadReference);
            QCOMPARE(project.info().prompts, 1);
            QCOMPARE(project.info().labels, 0);
            QCOMPARE(storeErrorOf([&] { project.removePrompt("triage", true); })->kind(),
                Kind::NotFound);

            // The name is free again, and a new history starts at v1.
            project.saveVersion(saveRequest("triage", sampleContent(7)));
            QCOMPARE(project.listVersions("triage").size(), std::size_t(1));
        }
        // Nothing saved is gone from the file: the versions, and the draft, are still there.
        QCOMPARE(rawQuery(m_path, "SELECT count(*) FROM versions"), std::string("4"));
        QCOMPARE(rawQuery(m_path, "SELECT count(*) FROM drafts"), std::string("1"));
        QCOMPARE(rawQuery(m_path, "SELECT count(*) FROM prompts WHERE removed IS NOT NULL"),
            std::string("1"));
        // Its tombstone name cannot be reached as a prompt.
        auto project = store::Project::open(m_path);
        const std::string tombstone
            = rawQuery(m_path, "SELECT name FROM prompts WHERE removed IS NOT NULL");
        QVERIFY2(tombstone.find('@') != std::string::npos, tombstone.c_str());
        QVERIFY(!project.findPrompt(tombstone));
        QCOMPARE(storeErrorOf([&] { project.listVersions(tombstone); })->kind(), Kind::NotFound);
    }
};

QTEST_APPLESS_MAIN(TestStoreVersions)
#include "test_store_versions.moc"
