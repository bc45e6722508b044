// The native exchange file: a prompt exported and imported elsewhere is the same prompt (every
// version's hash, author, time, message, parent and label, the dataset's cases); an import adds
// and never changes; an edited or hostile file is refused naming the field, with nothing written.

#include "demo/demo_project.h"
#include "io/prompt_bundle.h"
#include "store/dataset_store.h"
#include "store/store_error.h"

#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using nlohmann::json;

namespace {

// The bundle as a file would carry it: written as text and read back.
json throughText(const nlohmann::ordered_json &bundle)
{
    return json::parse(bundle.dump(2));
}

model::VersionContent contentWith(const std::string &system, const std::string &user)
{
    model::VersionContent content;
    content.messages = {{"system", system, {}, json::array(), {}}, {"user", user, {}, json::array(), {}}};
    return content;
}

} // namespace

class TestPromptBundle : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    store::Project newProject()
    {
        return store::Project::create(
            m_dir.filePath(QStringLiteral("p%1.promptsmith").arg(++m_files)).toStdString());
    }
    store::Project demoProject()
    {
        store::Project project = newProject();
        demo::populateDemoProject(project);
        return project;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aPromptComesBackTheSame()
    {
        const store::Project source = demoProject();
        const json bundle = throughText(io::writeBundle(source, {"ticket-triage", {}, {"tickets"}}));
        QCOMPARE(QString::fromStdString(bundle["format"].get<std::string>()), QStringLiteral("promptsmith-bundle"));

        store::Project target = newProject();
        const io::BundleImport imported
            = io::importBundle(target, io::readBundle(bundle), std::nullopt);
        QVERIFY(imported.versions.promptCreated);
        QVERIFY(imported.warnings.empty());

        const auto before = source.listVersions("ticket-triage");
        const auto after = target.listVersions("ticket-triage");
        QCOMPARE(after.size(), before.size());
        QCOMPARE(before.size(), std::size_t(3));
        for (std::size_t i = 0; i < before.size(); ++i) {
            QCOMPARE(after[i].number, before[i].number);
            QCOMPARE(after[i].hash, before[i].hash);
            QCOMPARE(after[i].author, before[i].author);
            QCOMPARE(after[i].created, before[i].created);
            QCOMPARE(after[i].message, before[i].message);
            QCOMPARE(after[i].parentNumber, before[i].parentNumber);
            QCOMPARE(after[i].labels, before[i].labels);
            QVERIFY(after[i].content == before[i].content);
        }
        QCOMPARE(target.findPrompt("ticket-triage")->description, source.findPrompt("ticket-triage")->description);

        const store::DatasetStore sourceSets(source);
        const store::DatasetStore targetSets(target);
        QCOMPARE(imported.datasetsAdded.size(), std::size_t(1));
        QVERIFY(targetSets.cases(targetSets.latest("tickets").id)
            == sourceSets.cases(sourceSets.latest("tickets").id));
        QCOMPARE(targetSets.latest("tickets").source, sourceSets.latest("tickets").source);
    }

    void oneVersionTravelsAlone()
    {
        const store::Project source = demoProject();
        const json bundle = throughText(io::writeBundle(source, {"ticket-triage", 2, {}}));
        QCOMPARE(bundle["versions"].size(), std::size_t(1));
        QVERIFY(bundle["versions"][0]["parent"].is_null()); // its parent is not in the file
        QCOMPARE(bundle["labels"].dump(), std::string("{\"staging\":2}"));
        QVERIFY(bundle["datasets"].empty());

        store::Project target = newProject();
        const auto imported = io::importBundle(target, io::readBundle(bundle), "triage-copy");
        QCOMPARE(imported.versions.versions.size(), std::size_t(1));
        const model::VersionRecord copy = target.version("triage-copy", 1);
        QCOMPARE(copy.hash, source.version("ticket-triage", 2).hash);
        QCOMPARE(copy.labels, std::vector<std::string> {"staging"});
    }

    void anImportAddsAndNeverChanges()
    {
        store::Project source = demoProject();
        store::Project target = demoProject();
        // Here: a v4 of our own and production moved to v2. There: a different v4.
        target.saveVersion({"ticket-triage", contentWith("Ours.", "{{ticket}}"), "ours", "ana", {}, {}});
        target.setLabel("ticket-triage", "production", 2);
        source.saveVersion({"ticket-triage", contentWith("Theirs.", "{{ticket}}"), "theirs", "ben", 3, {}});
        source.setLabel("ticket-triage", "canary", 4);
        const auto hereBefore = target.listVersions("ticket-triage");

        const auto imported = io::importBundle(target,
            io::readBundle(throughText(io::writeBundle(source, {"ticket-triage", {}, {"tickets"}}))),
            std::nullopt);
        QVERIFY(!imported.versions.promptCreated);
        QCOMPARE(imported.versions.versions.size(), std::size_t(4));
        for (int i = 0; i < 3; ++i) { // the same three: not added twice
            QVERIFY(!imported.versions.versions[i].added);
            QCOMPARE(imported.versions.versions[i].number, i + 1);
        }
        QVERIFY(imported.versions.versions[3].added);
        QCOMPARE(imported.versions.versions[3].foreignNumber, 4);
        QCOMPARE(imported.versions.versions[3].number, 5);

        const auto after = target.listVersions("ticket-triage");
        QCOMPARE(after.size(), std::size_t(5));
        for (std::size_t i = 0; i < hereBefore.size(); ++i) {
            QCOMPARE(after[i].hash, hereBefore[i].hash);
            QCOMPARE(after[i].message, hereBefore[i].message);
        }
        QCOMPARE(after[4].author, std::string("ben"));
        QCOMPARE(after[4].parentNumber, std::optional<int>(3)); // its parent there, v3, is v3 here
        // production stays where this project put it; canary, new here, follows the file.
        QCOMPARE(target.resolve("ticket-triage@production").number, 2);
        QCOMPARE(target.resolve("ticket-triage@canary").number, 5);
        QCOMPARE(imported.versions.labelsKept.size(), std::size_t(1));
        QVERIFY(imported.versions.labelsKept[0].starts_with("production stays on v2"));
        QCOMPARE(imported.datasetsUnchanged, std::vector<std::string> {"tickets"});
    }

    void literalTextSurvives()
    {
        store::Project source = newProject();
        const std::string awkward = "{# not a comment #} {% raw %} {{ not_a_var }} \"quoted\" 'single'\n"
                                    "second line\ttab — ¿qué? 退款 🙂 \\ backslash {{{triple}}}";
        source.saveVersion({"awkward", contentWith(awkward, "{{ticket}} {{#examples}}x{{/examples}}"), "m\nline", "é", {}, {}});
        store::Project target = newProject();
        io::importBundle(target,
            io::readBundle(throughText(io::writeBundle(source, {"awkward", {}, {}}))), std::nullopt);
        const model::VersionRecord copy = target.version("awkward", 1);
        QCOMPARE(copy.content.messages[0].content, awkward);
        QCOMPARE(copy.message, std::string("m\nline"));
        QCOMPARE(copy.author, std::string("é"));
        QCOMPARE(copy.hash, source.version("awkward", 1).hash);
    }

    void aBadBundleNamesTheFieldAndWritesNothing_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a bundle") << "format=promptfoo" << "not a Promptsmith bundle";
        QTest::newRow("newer format") << "format_version=2" << "format_version: this bundle was written by a newer Promptsmith";
        QTest::newRow("bad role") << "role=narrator" << "versions[1].content: messages[0].role";
        QTest::newRow("parent after") << "parent=3" << "names version 3 as its parent, which does not come before it";
        QTest::newRow("no versions") << "versions=[]" << "versions: expected a list of one version or more";
        QTest::newRow("label to nowhere") << "label=9" << "label 'production' points at version 9";
        QTest::newRow("bad time") << "created=yesterday" << "is not an ISO 8601 UTC time";
        QTest::newRow("bad case") << "case=string" << "datasets[0].cases[0]";
    }

    void aBadBundleNamesTheFieldAndWritesNothing()
    {
        QFETCH(QString, edit);
        QFETCH(QString, message);
        const store::Project source = demoProject();
        json bundle = throughText(io::writeBundle(source, {"ticket-triage", {}, {"tickets"}}));
        const std::string what = edit.toStdString();
        if (what == "format=promptfoo")
            bundle["format"] = "promptfoo";
        else if (what == "format_version=2")
            bundle["format_version"] = 2;
        else if (what == "role=narrator")
            bundle["versions"][1]["content"]["messages"][0]["role"] = "narrator";
        else if (what == "parent=3")
            bundle["versions"][1]["parent"] = 3;
        else if (what == "versions=[]")
            bundle["versions"] = json::array();
        else if (what == "label=9")
            bundle["labels"]["production"] = 9;
        else if (what == "created=yesterday")
            bundle["versions"][2]["created"] = "yesterday";
        else if (what == "case=string")
            bundle["datasets"][0]["cases"][0] = "a case";

        store::Project target = newProject();
        try {
            io::importBundle(target, io::readBundle(bundle), std::nullopt);
            QFAIL("the bundle was accepted");
        } catch (const std::exception &error) {
            QVERIFY2(std::string(error.what()).find(message.toStdString()) != std::string::npos, error.what());
        }
        QCOMPARE(target.info().versions, std::int64_t(0));
        QCOMPARE(target.info().prompts, std::int64_t(0));
        QCOMPARE(target.info().labels, std::int64_t(0));
    }

    void anEditedVersionIsImportedAndSaid()
    {
        const store::Project source = demoProject();
        json bundle = throughText(io::writeBundle(source, {"ticket-triage", {}, {}}));
        bundle["versions"][2]["content"]["messages"][0]["content"] = "Edited by hand.";
        store::Project target = newProject();
        const auto imported = io::importBundle(target, io::readBundle(bundle), std::nullopt);
        QCOMPARE(imported.warnings.size(), std::size_t(1));
        QVERIFY(imported.warnings[0].starts_with("version 3's content is not the content its hash names"));
        QCOMPARE(target.version("ticket-triage", 3).content.messages[0].content, std::string("Edited by hand."));
    }
};

QTEST_GUILESS_MAIN(TestPromptBundle)
#include "test_prompt_bundle.moc"
