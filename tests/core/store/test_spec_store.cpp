// A prompt's specs: set (and replaced), listed by name, removed, refused when not a gate, and
// found from any of its versions after the prompt is renamed.
#include "store/project.h"
#include "store/spec_store.h"
#include "store/store_error.h"

#include "store_test_util.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ps;

class TestSpecStore : public QObject
{
    Q_OBJECT

private slots:
    void setListReplaceRemove()
    {
        QTemporaryDir dir;
        store::Project project
            = store::Project::create(dir.filePath(QStringLiteral("p.promptsmith")).toStdString());
        const model::VersionRecord version
            = project.saveVersion(test::saveRequest("triage", test::sampleContent(1))).version;
        store::SpecStore specs(project);
        specs.set("triage", {"routing", "accuracy_low>=0.85", "routing must be reliable", {}});
        specs.set("triage", {"bug-recall", "recall[bug]>=0.8", "", {}});
        auto listed = specs.list("triage");
        QCOMPARE(listed.size(), std::size_t(2));
        QCOMPARE(listed[0].name, std::string("bug-recall")); // by name
        QCOMPARE(listed[1].why, std::string("routing must be reliable"));
        QVERIFY(!listed[1].updated.empty());

        // The same name replaces; the list is found from the version after a rename.
        specs.set("triage", {"routing", "accuracy_low>=0.9", "stricter", {}});
        project.renamePrompt("triage", "routing-prompt");
        listed = specs.listOfVersion(version.id);
        QCOMPARE(listed.size(), std::size_t(2));
        QCOMPARE(listed[1].expression, std::string("accuracy_low>=0.9"));

        const auto refusal = [&](auto call) -> std::string {
            try {
                call();
            } catch (const store::StoreError &error) {
                return error.what();
            }
            return {};
        };
        QVERIFY(refusal([&] { specs.set("routing-prompt", {"x", "recal>=1", "", {}}); })
                    .find("unknown gate metric 'recal'")
            != std::string::npos);
        QVERIFY(refusal([&] { specs.set("routing-prompt", {" ", "accuracy>=1", "", {}}); })
                    .find("needs a name")
            != std::string::npos);
        QVERIFY(refusal([&] { specs.set("nope", {"x", "accuracy>=1", "", {}}); })
                    .find("no prompt named 'nope'")
            != std::string::npos);
        QVERIFY(refusal([&] { specs.remove("routing-prompt", "missing"); }).find("no spec named")
            != std::string::npos);
        specs.remove("routing-prompt", "routing");
        QCOMPARE(specs.list("routing-prompt").size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestSpecStore)
#include "test_spec_store.moc"
