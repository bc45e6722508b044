// REF resolution (CLI.md "References to versions"): every form and every refusal.
#include "store/project.h"
#include "store_test_util.h"

#include <QTemporaryDir>
#include <QTest>

#include <unordered_map>

using namespace ps;
using namespace ps::test;
using Kind = store::StoreError::Kind;

class TestStoreResolve : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<store::Project> m_project;
    std::string m_hash[4]; // by version number of 'triage'

    store::Project &project() { return *m_project; }

    void expectBadReference(const std::string &ref, const QString &message)
    {
        const auto error = storeErrorOf([&] { project().resolve(ref); });
        QVERIFY2(error, ref.c_str());
        QCOMPARE(error->kind(), Kind::BadReference);
        QCOMPARE(qs(error->what()), message);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_project.emplace(
            store::Project::create(m_dir.filePath(QStringLiteral("p.promptsmith")).toStdString()));
        for (int i = 1; i <= 3; ++i)
            m_hash[i] = project().saveVersion(saveRequest("triage", sampleContent(i))).version.hash;
        project().setLabel("triage", "production", 2);
        project().addPrompt("empty");
        project().saveDraft({"empty", std::nullopt, "a draft is not a version", {}});
    }
    void cleanupTestCase() { m_project.reset(); }

    void everyFormResolves_data()
    {
        QTest::addColumn<QString>("ref");
        QTest::addColumn<int>("number");
        const auto prefix = [this](int n, int length) {
            return QStringLiteral("triage@") + qs(m_hash[n].substr(0, length));
        };
        QTest::newRow("name: newest") << QStringLiteral("triage") << 3;
        QTest::newRow("number") << QStringLiteral("triage@1") << 1;
        QTest::newRow("number with leading zero") << QStringLiteral("triage@02") << 2;
        QTest::newRow("label") << QStringLiteral("triage@production") << 2;
        QTest::newRow("7-digit hash prefix") << prefix(1, 7) << 1;
        QTest::newRow("12-digit hash prefix") << prefix(2, 12) << 2;
        QTest::newRow("full hash") << prefix(3, 64) << 3;
        QTest::newRow("upper-case hash prefix")
            << prefix(1, 10).toUpper().replace(QStringLiteral("TRIAGE"), QStringLiteral("triage"))
            << 1;
    }
    void everyFormResolves()
    {
        QFETCH(QString, ref);
        QFETCH(int, number);
        const auto version = project().resolve(ref.toStdString());
        QCOMPARE(version.number, number);
        QCOMPARE(qs(version.promptName), QStringLiteral("triage"));
        QCOMPARE(qs(version.hash), qs(m_hash[number]));
        QVERIFY(version.content == sampleContent(number));
    }

    void labelsShowOnResolvedVersions()
    {
        QCOMPARE(project().resolve("triage@2").labels, std::vector<std::string> {"production"});
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("ref");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown number")
            << QStringLiteral("triage@9")
            << QStringLiteral("triage@9: prompt 'triage' has no version 9 (newest is v3)");
        QTest::newRow("version zero")
            << QStringLiteral("triage@0")
            << QStringLiteral("triage@0: prompt 'triage' has no version 0 (newest is v3)");
        QTest::newRow("huge number")
            << QStringLiteral("triage@99999999999999999999")
            << QStringLiteral("triage@99999999999999999999: prompt 'triage' has no version "
                              "99999999999999999999 (newest is v3)");
        QTest::newRow("unknown label")
            << QStringLiteral("triage@staging")
            << QStringLiteral("triage@staging: prompt 'triage' has no label 'staging'");
        QTest::newRow("short hash prefix") << QStringLiteral("triage@") + qs(m_hash[1].substr(0, 6))
                                           << QStringLiteral("triage@") + qs(m_hash[1].substr(0, 6))
                + QStringLiteral(": prompt 'triage' has no label '") + qs(m_hash[1].substr(0, 6))
                + QStringLiteral("' (a hash prefix needs at least 7 hex digits)");
        QTest::newRow("unknown prompt") << QStringLiteral(
            "nobody@1") << QStringLiteral("nobody@1: there is no prompt named 'nobody'");
        QTest::newRow("unknown prompt, bare") << QStringLiteral(
            "nobody") << QStringLiteral("nobody: there is no prompt named 'nobody'");
        QTest::newRow("no version yet, draft ignored") << QStringLiteral(
            "empty") << QStringLiteral("empty: prompt 'empty' has no version yet");
        QTest::newRow("empty selector")
            << QStringLiteral("triage@")
            << QStringLiteral("triage@: nothing follows '@' (expected a version number, a label "
                              "or a hash prefix)");
        QTest::newRow("no name") << QStringLiteral("@3")
                                 << QStringLiteral(
                                        "@3: a reference starts with a prompt name (NAME, NAME@N, "
                                        "NAME@LABEL or NAME@HASH)");
        QTest::newRow("empty") << QString()
                               << QStringLiteral(": a reference starts with a prompt name (NAME, "
                                                 "NAME@N, NAME@LABEL or NAME@HASH)");
    }
    void refusals()
    {
        QFETCH(QString, ref);
        QFETCH(QString, message);
        expectBadReference(ref.toStdString(), message);
    }

    void unmatchedHashPrefixIsRefused()
    {
        // A 7-hex prefix that none of the three hashes starts with (letters: not a number).
        std::string prefix;
        for (char c : std::string("abcdef")) {
            prefix = std::string(7, c);
            bool used = false;
            for (int i = 1; i <= 3; ++i)
                used = used || m_hash[i].rfind(prefix, 0) == 0;
            if (!used)
                break;
        }
        expectBadReference("triage@" + prefix,
            qs("triage@" + prefix + ": prompt 'triage' has no label '" + prefix
                + "' and no version whose hash starts with it"));
    }

    void labelsComeBeforeHashPrefixes()
    {
        // A label spelled like v3's hash prefix still means the label.
        const std::string lookalike = m_hash[3].substr(0, 8);
        project().setLabel("triage", lookalike, 1);
        QCOMPARE(project().resolve("triage@" + lookalike).number, 1);
        project().removeLabel("triage", lookalike);
        QCOMPARE(project().resolve("triage@" + lookalike).number, 3);
    }

    void restoredContentResolvesToTheNewestCopy()
    {
        QTemporaryDir dir;
        auto other
            = store::Project::create(dir.filePath(QStringLiteral("r.promptsmith")).toStdString());
        other.saveVersion(saveRequest("p", sampleContent(1)));
        other.saveVersion(saveRequest("p", sampleContent(2)));
        other.restoreVersion("p", 1, "tester");
        const std::string prefix = sampleContent(1).contentHash().substr(0, 7);
        QCOMPARE(other.resolve("p@" + prefix).number, 3);
    }

    void ambiguousHashPrefixIsRefused()
    {
        // Find two contents whose hashes share their first 7 hex digits (a birthday search
        // over 16^7 values needs a few tens of thousands of tries), then save only those two.
        std::unordered_map<std::string, int> seen;
        int first = -1;
        int second = -1;
        for (int seed = 0; seed < 400000 && first < 0; ++seed) {
            const std::string prefix = sampleContent(seed).contentHash().substr(0, 7);
            const auto [it, inserted] = seen.emplace(prefix, seed);
            if (!inserted) {
                first = it->second;
                second = seed;
            }
        }
        QVERIFY2(first >= 0, "no shared 7-digit prefix found");
        const std::string prefix = sampleContent(first).contentHash().substr(0, 7);
        QVERIFY(sampleContent(first).contentHash() != sampleContent(second).contentHash());

        QTemporaryDir dir;
        auto other
            = store::Project::create(dir.filePath(QStringLiteral("a.promptsmith")).toStdString());
        other.saveVersion(saveRequest("p", sampleContent(first)));
        other.saveVersion(saveRequest("p", sampleContent(second)));
        const auto error = storeErrorOf([&] { other.resolve("p@" + prefix); });
        QVERIFY(error);
        QCOMPARE(error->kind(), Kind::BadReference);
        QCOMPARE(qs(error->what()),
            qs("p@" + prefix + ": the hash prefix '" + prefix
                + "' is ambiguous: it matches p@1 and p@2; give more digits"));

        // One more digit than they share tells them apart.
        std::size_t length = 7;
        const std::string a = sampleContent(first).contentHash();
        const std::string b = sampleContent(second).contentHash();
        while (a[length - 1] == b[length - 1])
            ++length;
        QCOMPARE(other.resolve("p@" + a.substr(0, length)).number, 1);
        QCOMPARE(other.resolve("p@" + b.substr(0, length)).number, 2);
    }
};

QTEST_APPLESS_MAIN(TestStoreResolve)
#include "test_store_resolve.moc"
