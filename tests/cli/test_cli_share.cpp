// Two projects share prompts through a bare git repository made by the test (CLI.md "Sharing
// through git"): A pushes three versions; B pulls them with their authors and times and pushes a
// fourth; A pulls it; both change one prompt at once and after pulling each has both versions;
// a one-word change is a one-line `git diff`; a label moved on both sides takes the remote's and
// says so; no key reaches the project file or the repository.

#include "cli_test_helpers.h"
#include "image_test_data.h"

#include "store/image_store.h"
#include "store/project.h"
#include "util/base64.h"
#include "util/sha256.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using nlohmann::json;

namespace {

const char *const kSecret = "sk-live-never-in-git-7c1f";

} // namespace

class TestCliShare : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_remote;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString git(const QStringList &args) const
    {
        QProcess process;
        process.start(QStringLiteral("git"), QStringList {QStringLiteral("--git-dir"), m_remote} + args);
        process.waitForFinished(30000);
        if (process.exitCode() != 0)
            qWarning("git %s: %s", qPrintable(args.join(QLatin1Char(' '))), process.readAllStandardError().constData());
        return QString::fromUtf8(process.readAllStandardOutput());
    }

    static json versions(const test::ProjectCli &project, const char *prompt)
    {
        return project.inJson(argList({"version", "list", prompt}))["versions"];
    }

    // A new version of ticket-triage: its newest content with `from` replaced by `to`.
    static void saveEdited(const test::ProjectCli &project, const QString &file, const char *from, const char *to,
        const char *author)
    {
        json content = project.inJson(argList({"version", "show", "ticket-triage"}))["content"];
        std::string text = content["messages"][0]["content"].get<std::string>();
        const std::size_t at = text.find(from);
        QVERIFY(at != std::string::npos);
        text.replace(at, std::strlen(from), to);
        content["messages"][0]["content"] = text;
        QVERIFY(test::writeFile(file, QByteArray::fromStdString(content.dump())));
        const CliResult saved = project.in(argList({"version", "save", "ticket-triage", "--from", file, "-m",
            QString::fromUtf8(to), "--author", author}));
        QVERIFY2(saved.exitCode == 0, describe(saved));
    }

    static QSet<QString> hashes(const json &list)
    {
        QSet<QString> found;
        for (const json &version : list)
            found.insert(test::str(version["hash"]));
        return found;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_remote = path(QStringLiteral("team.git"));
        QProcess init;
        init.start(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("--bare"), QStringLiteral("-q"), m_remote});
        QVERIFY(init.waitForFinished(30000));
        if (init.exitCode() != 0)
            QSKIP("git is not installed: the test's bare repository could not be made");
        qputenv("COMPANY_KEY", kSecret);
    }

    void twoProjectsShareThroughABareRepository()
    {
        const QString pathA = path(QStringLiteral("a.promptsmith"));
        const QString pathB = path(QStringLiteral("b.promptsmith"));
        QCOMPARE(cli({"init", pathA, "--demo"}).exitCode, 0);
        QCOMPARE(cli({"init", pathB}).exitCode, 0);
        const test::ProjectCli a(pathA);
        const test::ProjectCli b(pathB);
        // A provider whose key is in the environment: only the variable's name is in the project.
        QCOMPARE(a.in(argList({"provider", "add", "company", "--kind", "openai-compatible", "--base-url",
                     "http://127.0.0.1:9/v1", "--api-key-env", "COMPANY_KEY"})).exitCode, 0);

        // A pushes ticket-triage's three versions (and the other prompts, labels, the dataset).
        QCOMPARE(a.in(argList({"share", "init", m_remote})).exitCode, 0);
        const json status = a.inJson(argList({"share", "status"}));
        QCOMPARE(status["ahead"].get<int>(), 5);
        QCOMPARE(test::str(status["branch"]), QStringLiteral("main"));
        QVERIFY(status["last_sync"].is_null());
        const CliResult pushed = a.in(argList({"share", "push", "--json"}));
        QVERIFY2(pushed.exitCode == 0, describe(pushed));
        QCOMPARE(test::jsonOut(pushed)["pushed"].get<int>(), 5);
        QCOMPARE(a.inJson(argList({"share", "status"}))["ahead"].get<int>(), 0);

        // B pulls them: the same versions, authors and times, labels and dataset.
        QCOMPARE(b.in(argList({"share", "init", m_remote})).exitCode, 0);
        const CliResult pulled = b.in(argList({"share", "pull", "--json"}));
        QVERIFY2(pulled.exitCode == 0, describe(pulled));
        QCOMPARE(test::jsonOut(pulled)["versions_added"].get<int>(), 5);
        const json fromA = versions(a, "ticket-triage");
        const json inB = versions(b, "ticket-triage");
        QCOMPARE(inB.size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i) {
            for (const char *key : {"hash", "author", "created", "message"})
                QCOMPARE(test::dumped(inB[i][key]), test::dumped(fromA[i][key]));
            QCOMPARE(test::dumped(inB[i]["labels"]), test::dumped(fromA[i]["labels"]));
        }
        QCOMPARE(b.inJson(argList({"dataset", "list"})).dump().find("tickets") != std::string::npos, true);

        // B makes a fourth, one word changed, and pushes it; A pulls it.
        saveEdited(b, path(QStringLiteral("b4.json")), "Classify each ticket", "Sort each ticket", "Dee Park");
        const CliResult bPush = b.in(argList({"share", "push"}));
        QVERIFY2(bPush.exitCode == 0, describe(bPush));
        QVERIFY2(bPush.out.startsWith("Pushed 1 version"), bPush.out);
        const CliResult aPull = a.in(argList({"share", "pull"}));
        QVERIFY2(aPull.exitCode == 0, describe(aPull));
        const json aNow = versions(a, "ticket-triage");
        QCOMPARE(aNow.size(), std::size_t(4));
        QCOMPARE(test::str(aNow[3]["author"]), QStringLiteral("Dee Park"));
        QCOMPARE(test::dumped(aNow[3]["created"]), test::dumped(versions(b, "ticket-triage")[3]["created"]));

        // In git, that version is one changed line of content.yaml, by its author.
        const QString file = QStringLiteral("prompts/ticket-triage/content.yaml");
        const QString commit = git({QStringLiteral("log"), QStringLiteral("-n1"), QStringLiteral("--format=%H"),
                                       QStringLiteral("main"), QStringLiteral("--"), file})
                                   .trimmed();
        QCOMPARE(git({QStringLiteral("log"), QStringLiteral("-n1"), QStringLiteral("--format=%an"), commit}).trimmed(),
            QStringLiteral("Dee Park"));
        const QStringList diff = git({QStringLiteral("diff"), commit + QStringLiteral("~1"), commit, QStringLiteral("--"), file})
                                     .split(QLatin1Char('\n'));
        QStringList changed;
        for (const QString &line : diff)
            if ((line.startsWith(QLatin1Char('+')) || line.startsWith(QLatin1Char('-'))) && !line.startsWith(QStringLiteral("+++"))
                && !line.startsWith(QStringLiteral("---")))
                changed << line;
        QCOMPARE(changed.size(), 2);
        QVERIFY2(changed[0].contains(QStringLiteral("Classify each ticket")), qPrintable(changed.join(QLatin1Char('\n'))));
        QVERIFY2(changed[1].contains(QStringLiteral("Sort each ticket")), qPrintable(changed.join(QLatin1Char('\n'))));

        // Both change the prompt at once: after pulling, each has both versions.
        saveEdited(a, path(QStringLiteral("a5.json")), "exactly one category", "exactly one label", "Ana Ruiz");
        saveEdited(b, path(QStringLiteral("b5.json")), "No punctuation", "Without punctuation", "Dee Park");
        QCOMPARE(b.in(argList({"share", "push"})).exitCode, 0);
        const CliResult aPush = a.in(argList({"share", "push", "--json"}));
        QVERIFY2(aPush.exitCode == 0, describe(aPush));
        const json aPushed = test::jsonOut(aPush);
        QCOMPARE(aPushed["pulled"]["versions_added"].get<int>(), 1); // B's, pulled first
        QVERIFY(aPushed["pulled"]["prompts"][0]["both_changed"].get<bool>());
        QCOMPARE(aPushed["pushed"].get<int>(), 1);
        QCOMPARE(b.in(argList({"share", "pull"})).exitCode, 0);
        QCOMPARE(versions(a, "ticket-triage").size(), std::size_t(6));
        QCOMPARE(hashes(versions(a, "ticket-triage")), hashes(versions(b, "ticket-triage")));

        // A label moved on both sides takes the remote's, and says so.
        QCOMPARE(a.in(argList({"label", "set", "ticket-triage", "production", "5"})).exitCode, 0);
        QCOMPARE(b.in(argList({"label", "set", "ticket-triage", "production", "2"})).exitCode, 0);
        QCOMPARE(b.in(argList({"share", "push"})).exitCode, 0);
        const CliResult conflict = a.in(argList({"share", "pull"}));
        QVERIFY2(conflict.exitCode == 0, describe(conflict));
        QVERIFY2(conflict.err.contains("production on ticket-triage moved on both sides: took the remote's"), conflict.err);
        QCOMPARE(test::str(a.inJson(argList({"version", "show", "ticket-triage@production"}))["hash"]),
            test::str(versions(b, "ticket-triage")[1]["hash"]));

        // No key anywhere: the projects, the local repositories and every object of the remote.
        for (const QString &project : {pathA, pathB})
            QVERIFY(!test::readFile(project).contains(kSecret));
        QProcess objects;
        objects.start(QStringLiteral("git"), {QStringLiteral("--git-dir"), m_remote, QStringLiteral("cat-file"),
                                                 QStringLiteral("--batch-all-objects"), QStringLiteral("--batch")});
        QVERIFY(objects.waitForFinished(30000));
        const QByteArray everything = objects.readAllStandardOutput();
        QVERIFY(everything.size() > 1000);
        QVERIFY(!everything.contains(kSecret));
        QVERIFY(!everything.contains("COMPANY_KEY")); // providers do not travel at all
    }

    // A version's image and a case's image travel with them: pushed as files named by their
    // hash (one file for the one picture), pulled into a project that had neither.
    void imagesTravelWithWhatShowsThem()
    {
        const QString remote = path(QStringLiteral("pictures.git"));
        QProcess init;
        init.start(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("--bare"), QStringLiteral("-q"), remote});
        QVERIFY(init.waitForFinished(30000) && init.exitCode() == 0);
        const std::string png = *util::base64Decode(test::kOnePixelPngBase64);
        const QString folder = path(QStringLiteral("pictures"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(test::writeFile(folder + QStringLiteral("/dot.png"), QByteArray::fromStdString(png)));
        QVERIFY(test::writeFile(folder + QStringLiteral("/look.json"), test::kImageContent));
        QVERIFY(test::writeFile(folder + QStringLiteral("/cases.jsonl"), "{\"vars\": {}, \"images\": [\"dot.png\"]}\n"));

        const QString pathA = path(QStringLiteral("pictures-a.promptsmith"));
        const QString pathB = path(QStringLiteral("pictures-b.promptsmith"));
        QCOMPARE(cli({"init", pathA}).exitCode, 0);
        QCOMPARE(cli({"init", pathB}).exitCode, 0);
        const test::ProjectCli a(pathA);
        const test::ProjectCli b(pathB);
        QCOMPARE(a.in(argList({"prompt", "add", "look"})).exitCode, 0);
        QCOMPARE(a.in(argList({"version", "save", "look", "--from", folder + QStringLiteral("/look.json")})).exitCode, 0);
        QCOMPARE(a.in(argList({"dataset", "import", "shots", folder + QStringLiteral("/cases.jsonl")})).exitCode, 0);
        QCOMPARE(a.in(argList({"share", "init", remote})).exitCode, 0);
        const CliResult pushed = a.in(argList({"share", "push"}));
        QVERIFY2(pushed.exitCode == 0, describe(pushed));

        const std::string sha256 = util::sha256Hex(png);
        QProcess show;
        show.start(QStringLiteral("git"), {QStringLiteral("--git-dir"), remote, QStringLiteral("ls-tree"), QStringLiteral("-r"),
                                              QStringLiteral("--name-only"), QStringLiteral("main")});
        QVERIFY(show.waitForFinished(30000));
        const QStringList files = QString::fromUtf8(show.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(files.contains(QStringLiteral("prompts/images/") + QString::fromStdString(sha256) + QStringLiteral(".png")),
            qPrintable(files.join(QLatin1Char(' '))));
        QCOMPARE(files.filter(QStringLiteral("/images/")).size(), 1);

        QCOMPARE(b.in(argList({"share", "init", remote})).exitCode, 0);
        const CliResult pulled = b.in(argList({"share", "pull"}));
        QVERIFY2(pulled.exitCode == 0, describe(pulled));
        QCOMPARE(test::str(versions(b, "look")[0]["hash"]), test::str(versions(a, "look")[0]["hash"]));
        const store::Project project = store::Project::open(pathB.toStdString(), store::ProjectAccess::Read);
        QCOMPARE(store::ImageStore(project).bytes(sha256), std::optional<std::string>(png));
        QVERIFY(b.inJson(argList({"dataset", "list"})).dump().find("shots") != std::string::npos);
    }

    void outputNeverGoesIntoTheSharedRepository()
    {
        const QString project = path(QStringLiteral("c.promptsmith"));
        QCOMPARE(cli({"init", project, "--demo"}).exitCode, 0);
        const test::ProjectCli c(project);
        QCOMPARE(c.in(argList({"share", "init", m_remote})).exitCode, 0);
        const CliResult into = c.in(argList({"export", "ticket-triage", "-o", project + QStringLiteral(".share/config")}));
        QCOMPARE(into.exitCode, 2);
        // An unreachable repository is said, not a crash.
        const test::ProjectCli d(test::newEmptyProject(m_dir.path(), m_unreachable));
        const CliResult missing = d.in(argList({"share", "init", path(QStringLiteral("no-such.git"))}));
        QCOMPARE(missing.exitCode, 3);
        QVERIFY2(missing.err.contains("no-such.git"), missing.err);
    }

private:
    int m_unreachable = 0;
};

QTEST_GUILESS_MAIN(TestCliShare)
#include "test_cli_share.moc"
