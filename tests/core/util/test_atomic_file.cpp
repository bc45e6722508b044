// Whole-file writes: the old content or the new, never a mix, and never through a link.
#include "util/atomic_file.h"

#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ps::util;
namespace fs = std::filesystem;

namespace {

// The file's bytes, through the suites' shared reader.
std::string slurp(const std::filesystem::path &path)
{
    return ps::test::readFile(QString::fromStdString(path.string())).toStdString();
}

} // namespace

class TestAtomicFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    fs::path path(const char *name) const { return fs::path(m_dir.path().toStdString()) / name; }

private slots:
    void writesAndReplacesWhole()
    {
        writeFileAtomically(path("a.txt"), "first");
        QCOMPARE(slurp(path("a.txt")), std::string("first"));
        fs::permissions(path("a.txt"), fs::perms::owner_read | fs::perms::owner_write);
        writeFileAtomically(path("a.txt"), "second, longer");
        QCOMPARE(slurp(path("a.txt")), std::string("second, longer"));
        // An existing file keeps its permissions.
        QCOMPARE(fs::status(path("a.txt")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
        // Nothing is left beside it.
        int files = 0;
        for (const auto &entry : fs::directory_iterator(m_dir.path().toStdString()))
            files += entry.path().filename().string().starts_with(".a.txt") ? 100 : 1;
        QCOMPARE(files, 1);
    }

    void aSymlinkIsReplacedNotWrittenThrough()
    {
        writeFileAtomically(path("target.txt"), "precious");
        fs::create_symlink(path("target.txt"), path("link.txt"));
        writeFileAtomically(path("link.txt"), "report");
        QCOMPARE(slurp(path("target.txt")), std::string("precious"));
        QVERIFY(!fs::is_symlink(path("link.txt")));
        QCOMPARE(slurp(path("link.txt")), std::string("report"));
    }

    void failureNamesTheFileAndLeavesItAlone()
    {
        writeFileAtomically(path("keep.txt"), "kept");
        try {
            writeFileAtomically(path("no-such-dir/out.txt"), "x");
            QFAIL("a write into a missing folder succeeded");
        } catch (const FileWriteError &error) {
            QVERIFY(std::string(error.what()).find("no-such-dir/out.txt") != std::string::npos);
        }
        QCOMPARE(slurp(path("keep.txt")), std::string("kept"));
        // A folder in the way is not replaced.
        fs::create_directory(path("folder"));
        QVERIFY_THROWS_EXCEPTION(FileWriteError, writeFileAtomically(path("folder"), "x"));
        QVERIFY(fs::is_directory(path("folder")));
    }
};

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "test_atomic_file.moc"
