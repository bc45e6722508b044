// File ▸ Export Prompt… shows the file before it is written — the same bytes `export` writes, in
// each format, what a format leaves out beside it — and writes it; File ▸ Import Prompts… shows
// what a file will add (new versions, ones already here, labels, datasets) before it adds them,
// under another name if asked, and never over the project.

#include "cli_test_helpers.h"
#include "export_dialog.h"
#include "import_dialog.h"
#include "main_window.h"
#include "prompt_files.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/project.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

using namespace ps;
using nlohmann::json;

namespace {

QString cliExport(const QString &project, const QStringList &args)
{
    const test::CliResult exported = test::runCli(QStringList {QStringLiteral("--project"), project} + args);
    if (exported.exitCode != 0)
        qWarning("%s", test::describe(exported).constData());
    return QString::fromUtf8(exported.out);
}

void chooseData(QComboBox *combo, const QVariant &data)
{
    const int row = combo->findData(data);
    QVERIFY2(row >= 0, qPrintable(data.toString()));
    combo->setCurrentIndex(row);
}

} // namespace

class TestPromptFiles : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;

    widgets::ExportDialog *exportDialog(app::MainWindow &window)
    {
        return window.findChild<widgets::ExportDialog *>();
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = test::demoProjectIn(m_dir->path());
    }

    void cleanup() { m_dir.reset(); }

    void exportShowsTheFileThenWritesIt()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.promptFiles()->exportAction()->trigger();
        widgets::ExportDialog *dialog = exportDialog(window);
        QVERIFY(dialog);
        QCOMPARE(dialog->prompt(), QStringLiteral("ticket-triage")); // the prompt in the editor

        // Every version as a bundle, with the dataset: the bytes `export` writes, but for the
        // time of export the bundle records.
        auto *datasets = dialog->findChild<QListWidget *>(QStringLiteral("exportDatasets"));
        auto *targets = dialog->findChild<QListWidget *>(QStringLiteral("exportTargets"));
        QVERIFY(targets && !targets->isVisibleTo(dialog)); // a bundle names no target
        QVERIFY(datasets && datasets->isVisibleTo(dialog));
        datasets->item(0)->setCheckState(Qt::Checked);
        QTRY_VERIFY(dialog->previewText().contains(QStringLiteral("\"cases\"")));
        const json shown = json::parse(dialog->previewText().toStdString());
        const json written = json::parse(cliExport(m_path, {QStringLiteral("export"), QStringLiteral("ticket-triage"),
            QStringLiteral("--dataset"), QStringLiteral("tickets")}).toStdString());
        QCOMPARE(test::dumped(shown["versions"]), test::dumped(written["versions"]));
        QCOMPARE(test::dumped(shown["datasets"]), test::dumped(written["datasets"]));

        // One version, for Langfuse: exactly `export ticket-triage@2 --format langfuse`.
        const QList<QComboBox *> combos = dialog->findChildren<QComboBox *>();
        QCOMPARE(combos.size(), 3); // prompt, version, format
        chooseData(combos[2], QStringLiteral("langfuse"));
        chooseData(combos[1], 2);
        const QString expected = cliExport(m_path, {QStringLiteral("export"), QStringLiteral("ticket-triage@2"),
            QStringLiteral("--format"), QStringLiteral("langfuse")});
        QTRY_COMPARE(dialog->previewText(), expected);
        QVERIFY(!datasets->isVisibleTo(dialog)); // Langfuse's file carries no dataset

        // The request body a target sends: the target is asked for, the body is `export`'s.
        chooseData(combos[2], QStringLiteral("openai-request"));
        QVERIFY(targets->isVisibleTo(dialog));
        QCOMPARE(dialog->targets(), QStringList {QStringLiteral("echo")}); // the first, until another is chosen
        QTRY_COMPARE(dialog->previewText(), cliExport(m_path, {QStringLiteral("export"), QStringLiteral("ticket-triage@2"),
            QStringLiteral("--format"), QStringLiteral("openai-request"), QStringLiteral("--target"), QStringLiteral("echo")}));
        chooseData(combos[2], QStringLiteral("langfuse"));
        QTRY_COMPARE(dialog->previewText(), expected);

        // Never over the project; then the file, as shown.
        QSignalSpy exported(window.promptFiles(), &app::PromptFiles::exported);
        window.promptFiles()->saveExportTo(m_path);
        QCOMPARE(exported.count(), 0);
        QVERIFY(dialog->preview()->toPlainText().isEmpty()); // the error shows in its place
        QVERIFY(dialog->preview()->placeholderText().contains(QStringLiteral("would destroy it")));
        chooseData(combos[1], 0);
        chooseData(combos[1], 2); // the preview is made again
        QTRY_COMPARE(dialog->previewText(), expected);
        const QString file = m_dir->filePath(QStringLiteral("triage.langfuse.json"));
        window.promptFiles()->saveExportTo(file);
        QTRY_COMPARE(exported.count(), 1);
        QCOMPARE(QString::fromUtf8(test::readFile(file)), expected);
        QTRY_VERIFY(!exportDialog(window));
    }

    void promptfooExportWritesAFolder()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.promptFiles()->exportAction()->trigger();
        widgets::ExportDialog *dialog = exportDialog(window);
        QVERIFY(dialog);
        const QList<QComboBox *> combos = dialog->findChildren<QComboBox *>();
        chooseData(combos[2], QStringLiteral("promptfoo"));
        chooseData(combos[1], 3);
        QCOMPARE(combos[1]->itemText(0), QStringLiteral("The newest version")); // a config is of one version
        auto *datasets = dialog->findChild<QListWidget *>(QStringLiteral("exportDatasets"));
        auto *targets = dialog->findChild<QListWidget *>(QStringLiteral("exportTargets"));
        QVERIFY(datasets->isVisibleTo(dialog) && targets->isVisibleTo(dialog));
        QCOMPARE(dialog->targets(), QStringList {QStringLiteral("echo")});
        datasets->item(0)->setCheckState(Qt::Checked);
        QTRY_VERIFY(dialog->previewText().contains(QStringLiteral("tests:")));
        QVERIFY(dialog->previewText().startsWith(QStringLiteral("── promptfooconfig.yaml ──\n")));
        QVERIFY(dialog->previewText().contains(QStringLiteral("── prompts/ticket-triage.json ──\n")));

        // Saved into a folder: the same two files `export --format promptfoo -o DIR` writes.
        const QString folder = m_dir->filePath(QStringLiteral("from-window"));
        QSignalSpy exported(window.promptFiles(), &app::PromptFiles::exported);
        window.promptFiles()->saveExportTo(folder);
        QTRY_COMPARE(exported.count(), 1);
        const QString byCli = m_dir->filePath(QStringLiteral("from-cli"));
        cliExport(m_path, {QStringLiteral("export"), QStringLiteral("ticket-triage@3"), QStringLiteral("--format"),
            QStringLiteral("promptfoo"), QStringLiteral("--target"), QStringLiteral("echo"), QStringLiteral("--dataset"),
            QStringLiteral("tickets"), QStringLiteral("-o"), byCli});
        for (const QString &name : {QStringLiteral("promptfooconfig.yaml"), QStringLiteral("prompts/ticket-triage.json")}) {
            const QByteArray written = test::readFile(folder + QLatin1Char('/') + name);
            QVERIFY2(!written.isEmpty(), qPrintable(name));
            QCOMPARE(written, test::readFile(byCli + QLatin1Char('/') + name));
        }
    }

    void importShowsWhatItAddsThenAddsIt()
    {
        // A bundle of ticket-triage from this very project: every version is already here.
        const QString bundle = m_dir->filePath(QStringLiteral("triage.json"));
        QVERIFY(test::writeFile(bundle, cliExport(m_path, {QStringLiteral("export"), QStringLiteral("ticket-triage")}).toUtf8()));

        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.promptFiles()->openImport(bundle);
        QTRY_VERIFY(window.findChild<widgets::ImportDialog *>());
        widgets::ImportDialog *dialog = window.findChild<widgets::ImportDialog *>();
        QTreeWidget *tree = dialog->tree();
        QTRY_COMPARE(tree->topLevelItemCount(), 1);
        QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("ticket-triage"));
        QCOMPARE(tree->topLevelItem(0)->text(1), QStringLiteral("exists: 0 of 3 versions new"));
        QCOMPARE(tree->topLevelItem(0)->child(0)->text(1), QStringLiteral("already here"));
        QVERIFY(!dialog->importButton()->isEnabled()); // nothing to add

        // Under another name, all three are new.
        auto *name = dialog->findChild<QLineEdit *>();
        QVERIFY(name && name->isVisibleTo(dialog));
        name->setText(QStringLiteral("triage-copy"));
        emit name->editingFinished();
        QTRY_COMPARE(tree->topLevelItem(0)->text(1), QStringLiteral("new prompt"));
        QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("triage-copy"));
        QCOMPARE(tree->topLevelItem(0)->childCount(), 5); // three versions, two labels
        QVERIFY(tree->topLevelItem(0)->child(0)->text(0).startsWith(QStringLiteral("v1 · first try · Ana Ruiz")));
        QCOMPARE(tree->topLevelItem(0)->child(0)->text(1), QStringLiteral("added"));
        QCOMPARE(dialog->importButton()->text(), QStringLiteral("&Import 3 Versions"));

        QSignalSpy imported(window.promptFiles(), &app::PromptFiles::imported);
        dialog->importButton()->click();
        QTRY_COMPARE(imported.count(), 1);
        QCOMPARE(imported.at(0).at(0).toString(), QStringLiteral("Imported 3 versions into triage-copy"));
        const store::Project project = store::Project::open(m_path.toStdString(), store::ProjectAccess::Read);
        const auto copies = project.listVersions("triage-copy");
        const auto originals = project.listVersions("ticket-triage");
        QCOMPARE(copies.size(), std::size_t(3));
        for (std::size_t i = 0; i < copies.size(); ++i)
            QCOMPARE(copies[i].hash, originals[i].hash);
        QCOMPARE(project.resolve("triage-copy@production").number, 3);
        // The window follows: the new prompt is in the tree's snapshot.
        QTRY_VERIFY(window.snapshot().versions.count("triage-copy") == 1);
    }

    void aFileThatIsNoPromptSaysWhy()
    {
        const QString file = m_dir->filePath(QStringLiteral("other.json"));
        QVERIFY(test::writeFile(file, "{\"hello\": 1}"));
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        QSignalSpy notes(window.promptFiles(), &app::PromptFiles::statusMessage);
        window.promptFiles()->openImport(file);
        QTRY_VERIFY(!notes.isEmpty() && notes.last().at(0).toString().contains(QStringLiteral("none of the formats")));
        QVERIFY(!window.findChild<widgets::ImportDialog *>());
    }
};

QTEST_MAIN(TestPromptFiles)
#include "test_prompt_files.moc"
