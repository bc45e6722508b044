// Compare versions: the tool bar's switch gives each pane a version of the open prompt (the
// draft, a number, a label) sent to one target; Run all sends each its own rendering with the
// same values, and each version's answers are a stored run of that version.

#include "main_tool_bar.h"
#include "main_window.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "save_version_dialog.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/project.h"
#include "store/run_store.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace ps;
using widgets::ResponsePane;

class TestCompareVersions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = test::demoProjectIn(m_dir->path());
    }

    void cleanup() { m_dir.reset(); }

    void eachPaneRunsItsOwnVersion()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        widgets::ResponseArea *area = window.responseArea();
        auto *toolBar = window.findChild<app::MainToolBar *>();
        QVERIFY(toolBar->compareModels()->isChecked());
        area->setPaneCount(2);
        const QStringList modelTargets = area->paneTargets();

        toolBar->compareVersions()->trigger();
        QCOMPARE(area->compareMode(), widgets::CompareMode::Versions);
        QVERIFY(area->sharedTarget()->isVisible());
        area->sharedTarget()->setCurrentIndex(area->sharedTarget()->findData(QStringLiteral("echo")));
        // The panes spread over the versions, newest first, each named with its labels.
        QCOMPARE(area->pane(0)->versionLabel(), QStringLiteral("v3 · production"));
        QCOMPARE(area->pane(1)->versionLabel(), QStringLiteral("v2 · staging"));
        for (int i = 0; i < 2; ++i)
            QCOMPARE(area->pane(i)->targetId(), QStringLiteral("echo"));

        // An edit makes a draft; a third pane takes it, as the version no pane holds yet.
        test::typeAtEnd(bench, QStringLiteral(" Be brief."));
        ResponsePane *draft = area->addPane();
        QTRY_COMPARE(draft->versionKey(), QStringLiteral("draft"));
        QCOMPARE(draft->versionLabel(), QStringLiteral("Draft (from v3)"));
        QCOMPARE(draft->targetId(), QStringLiteral("echo"));

        const std::size_t runsBefore = runs().size();
        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
        for (int i = 0; i < 3; ++i)
            QTRY_COMPARE(area->pane(i)->state(), ResponsePane::State::Done);
        // echo answers with the last user message as rendered: each version's own words.
        const QString v3 = area->pane(0)->answerText();
        const QString v2 = area->pane(1)->answerText();
        const QString edited = draft->answerText();
        QVERIFY(!v3.isEmpty() && !v2.isEmpty());
        QVERIFY2(v3 != v2, qPrintable(v3));
        QVERIFY2(edited.endsWith(QStringLiteral(" Be brief.")), qPrintable(edited));
        QCOMPARE(edited.chopped(10), v3);

        // Three stored runs, one per version, each holding the answer its pane shows.
        std::vector<model::RunRecord> stored;
        QTRY_VERIFY((stored = runs()).size() == runsBefore + 3);
        QMap<QString, QString> answerOf; // "ticket-triage@3" or "ticket-triage@3 draft"
        {
            const store::Project project = store::Project::open(m_path.toStdString());
            for (std::size_t i = 0; i < 3; ++i) {
                const model::RunRecord &run = stored[i];
                const auto responses = store::RunStore(project).responses(run.id);
                QCOMPARE(responses.size(), std::size_t(1));
                const QString key = QString::fromStdString(run.version)
                    + (run.options.value("draft", false) ? QStringLiteral(" draft") : QString());
                answerOf[key] = QString::fromStdString(responses[0].text);
            }
        }
        QCOMPARE(answerOf.value(QStringLiteral("ticket-triage@3")), v3);
        QCOMPARE(answerOf.value(QStringLiteral("ticket-triage@2")), v2);
        QCOMPARE(answerOf.value(QStringLiteral("ticket-triage@3 draft")), edited);

        // Editing again makes only the draft's answer stale: the others answer saved versions.
        test::typeAtEnd(bench, QStringLiteral(" Really."));
        QTRY_VERIFY(!draft->staleText().isEmpty());
        QCOMPARE(area->pane(0)->staleText(), QString());
        QCOMPARE(area->pane(1)->staleText(), QString());

        // Back to comparing models: the panes have the targets they had before.
        toolBar->compareModels()->trigger();
        QCOMPARE(area->compareMode(), widgets::CompareMode::Models);
        QVERIFY(!area->sharedTarget()->isVisible());
        QCOMPARE(area->paneTargets().mid(0, 2), modelTargets);
        QCOMPARE(area->pane(0)->versionKey(), QString());
    }

    // A version chosen in a pane stays when the list changes (a save adds v4), and a pane whose
    // version is gone (the draft, saved) takes one no pane holds.
    void choicesFollowSaves()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        widgets::ResponseArea *area = window.responseArea();
        area->setPaneCount(2);
        area->setCompareMode(widgets::CompareMode::Versions);
        test::typeAtEnd(bench, QStringLiteral(" Be brief."));
        area->pane(1)->setVersionKey(QStringLiteral("draft"));
        QCOMPARE(area->pane(0)->versionKey(), QStringLiteral("3"));

        QSignalSpy saved(&window, &app::MainWindow::versionSaved);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_S, Qt::ControlModifier);
        widgets::SaveVersionDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<widgets::SaveVersionDialog *>()) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->messageEdit(), QStringLiteral("brief"));
        QTest::keyClick(dialog->messageEdit(), Qt::Key_Return);
        QTRY_COMPARE(saved.count(), 1);
        QTRY_VERIFY(area->pane(1)->versionKey() != QStringLiteral("draft"));
        // v4 is the draft saved; the pane that held the draft holds a version no pane held.
        QCOMPARE(area->pane(0)->versionKey(), QStringLiteral("3"));
        QCOMPARE(area->pane(1)->versionKey(), QStringLiteral("4"));
    }

private:
    std::vector<model::RunRecord> runs() const
    {
        return store::RunStore(store::Project::open(m_path.toStdString())).listRuns();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_MAIN(TestCompareVersions)
#include "test_compare_versions.moc"
