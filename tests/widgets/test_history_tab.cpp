// The History tab on the demo project: the diff of ticket-triage v1 → v3 shows the changed
// words, the three parameter changes and the five added examples; Restore v1 gives a draft
// with v1's content hash; moving production to v2 asks, then shows in the tree and in
// `version list`.

#include "cli_test_helpers.h"
#include "diff_view.h"
#include "history_list.h"
#include "history_panel.h"
#include "main_window.h"
#include "project_tree_model.h"
#include "prompt_workbench.h"
#include "window_fixture.h"

#include "store/project.h"

#include <QAbstractItemDelegate>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleOptionViewItem>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTreeView>
#include <QtTest>

using namespace ps;

class TestHistoryTab : public QObject
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

    void diffOfTwoSelectedVersions()
    {
        app::MainWindow window;
        showAndOpen(window);
        widgets::HistoryPanel *history = panel(window);
        QVERIFY(!history->diffButton()->isEnabled());
        selectVersions(history, {1, 3});
        QVERIFY(history->diffButton()->isEnabled());
        QVERIFY(!history->restoreButton()->isEnabled()); // restore takes one version
        history->diffButton()->click();

        widgets::DiffView *diff = history->diffView();
        QVERIFY(diff->isVisible());
        QCOMPARE(diff->title(), QStringLiteral("v1 → v3"));
        const QString text = diff->plainText();
        // The parameters table, a cell a line: name, before, after, as `version diff` has them.
        for (const QString &row : {QStringLiteral("temperature\n0.7\n0\n"),
                 QStringLiteral("max_tokens\n256\n3\n"), QStringLiteral("stop\n[]\n[\"\\n\"]\n")})
            QVERIFY2(text.contains(row), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Examples: 5 added, 0 removed, 0 changed")),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("I was charged twice for my March")), qPrintable(text));
        // Removed and added text is marked, not only listed.
        const QString html = diff->browser()->toHtml();
        QVERIFY(html.contains(QStringLiteral("background-color")));

        // Changed words within a line: v2 → v3 adds {{ticket}} to "Ticket:".
        selectVersions(history, {2, 3});
        history->diffButton()->click();
        QCOMPARE(diff->title(), QStringLiteral("v2 → v3"));
        QVERIFY2(diff->plainText().contains(QStringLiteral("~ Ticket: {{ticket}}")),
            qPrintable(diff->plainText()));
    }

    // Labels are chips in their own column; a long message of several lines is read whole:
    // its row grows to hold it, and grows again when the list gets narrower.
    void rowsShowLabelChipsAndWholeMessages()
    {
        {
            store::Project project = store::Project::open(m_path.toStdString());
            store::SaveRequest request;
            request.promptName = "ticket-triage";
            request.content = project.resolve("ticket-triage@3").content;
            request.content.messages.back().content += " ";
            request.message = "Tighter labels.\nThe second line says why: billing tickets that "
                              "mention an invoice were read as bugs by the old wording, and the "
                              "support team asked for one-word labels.\nA third line, for the "
                              "record.";
            request.author = "pm";
            project.saveVersion(request);
            project.setLabel("ticket-triage", "staging", 4);
        }
        app::MainWindow window;
        showAndOpen(window);
        widgets::HistoryList *list = panel(window)->list();
        QTRY_COMPARE(list->topLevelItemCount(), 4);
        QTreeWidgetItem *newest = list->topLevelItem(0);
        QCOMPARE(newest->data(0, widgets::HistoryList::LabelsRole).toStringList(),
            QStringList {QStringLiteral("staging")});
        QCOMPARE(newest->data(0, widgets::HistoryList::AuthorRole).toString(), QStringLiteral("pm"));
        QVERIFY(newest->data(0, Qt::AccessibleTextRole).toString().startsWith(
            QStringLiteral("v4, staging, Tighter labels.")));

        const QFontMetrics metrics(list->font());
        const int line = metrics.height();
        QCOMPARE(newest->text(0).count(QLatin1Char('\n')), 2);
        // The height the row should have at the list's width now, as its delegate measures it.
        const auto rowHint = [list](int row) {
            QStyleOptionViewItem option;
            option.font = list->font();
            option.widget = list;
            return list->itemDelegate()->sizeHint(option, list->model()->index(row, 0)).height();
        };
        const auto linesAt = [&](int width) {
            return metrics.boundingRect(QRect(0, 0, width - 12, 100000), Qt::TextWordWrap,
                              newest->text(0)).height() / line;
        };
        auto *split = qobject_cast<QSplitter *>(list->parentWidget()->parentWidget());
        QVERIFY(split);
        // Room to make the list wide and then narrow, whatever size the window opened at.
        window.resize(1800, 900);
        QTRY_VERIFY(split->width() > 800);
        split->setSizes({4000, 1}); // the list as wide as it goes
        QTRY_VERIFY(list->viewport()->width() > split->width() / 2);
        const int wide = list->viewport()->width();
        QTRY_COMPARE(list->visualItemRect(newest).height(), rowHint(0));
        const int tall = list->visualItemRect(newest).height();
        QVERIFY(tall >= (1 + linesAt(wide)) * line); // the byline, then every line of it
        // A one-line message: the byline and the message, two lines.
        const int oneLine = list->visualItemRect(list->topLevelItem(3)).height(); // "first try"
        QVERIFY(oneLine >= 2 * line && oneLine + 2 * line <= tall);
        // The list's row is the whole message: nothing past the row's right edge.
        QVERIFY(list->visualItemRect(newest).right() <= list->viewport()->width());

        // Narrower, the message wraps to more lines and the row grows to hold them.
        split->setSizes({1, 4000}); // as narrow as the list's buttons let it be
        QTRY_VERIFY(list->viewport()->width() < wide);
        QVERIFY2(linesAt(list->viewport()->width()) > linesAt(wide),
            "the message must wrap to more lines in the narrow list, or nothing is proved");
        QTRY_COMPARE(list->visualItemRect(newest).height(), rowHint(0));
        QVERIFY(list->visualItemRect(newest).height() > tall);
    }

    void restoreGivesADraftOfTheOldContent()
    {
        app::MainWindow window;
        showAndOpen(window);
        widgets::PromptWorkbench *bench = window.findChild<widgets::PromptWorkbench *>();
        QVERIFY(!bench->document()->isDraft());
        selectVersions(panel(window), {1});
        panel(window)->restoreButton()->click();
        const std::string v1 = store::Project::open(m_path.toStdString()).version("ticket-triage", 1).hash;
        QCOMPARE(bench->content().contentHash(), v1);
        QVERIFY(bench->document()->isDraft());
        QVERIFY2(window.statusText().contains(QStringLiteral("makes it v4")), qPrintable(window.statusText()));

        // Restoring over a draft asks first; Cancel keeps the draft.
        selectVersions(panel(window), {2});
        panel(window)->restoreButton()->click();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("restoreOverDraftBox"))) != nullptr
            && box->isVisible());
        box->button(QMessageBox::Cancel)->click();
        QCOMPARE(bench->content().contentHash(), v1);
    }

    // Opening another version of a prompt with a draft asks first: the draft is never
    // silently dropped.
    void openingAnotherVersionOverADraftAsks()
    {
        app::MainWindow window;
        showAndOpen(window);
        widgets::PromptWorkbench *bench = window.findChild<widgets::PromptWorkbench *>();
        selectVersions(panel(window), {1});
        panel(window)->restoreButton()->click(); // a draft with v1's content
        const std::string draft = bench->content().contentHash();
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        auto *model = qobject_cast<widgets::ProjectTreeModel *>(tree->model());

        tree->setCurrentIndex(model->indexOf(QStringLiteral("ticket-triage"), 2));
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("openOverDraftBox"))) != nullptr
            && box->isVisible());
        box->button(QMessageBox::Cancel)->click();
        QCOMPARE(bench->content().contentHash(), draft);

        tree->setCurrentIndex(model->indexOf(QStringLiteral("ticket-triage"), std::nullopt));
        QCOMPARE(bench->content().contentHash(), draft); // the prompt's row opens the draft
        tree->setCurrentIndex(model->indexOf(QStringLiteral("ticket-triage"), 2));
        QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("openOverDraftBox"))) != nullptr
            && box->isVisible());
        for (QAbstractButton *button : box->buttons())
            if (button->text() == QStringLiteral("Discard Draft and Open"))
                button->click();
        const std::string v2 = store::Project::open(m_path.toStdString()).version("ticket-triage", 2).hash;
        QTRY_COMPARE(bench->content().contentHash(), v2);
    }

    void movingProductionAsksThenShowsEverywhere()
    {
        app::MainWindow window;
        showAndOpen(window);
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        emit panel(window)->labelRequested(2, QStringLiteral("production"));
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("moveProductionBox"))) != nullptr
            && box->isVisible());
        QVERIFY2(box->text().contains(QStringLiteral("from v3 to v2")), qPrintable(box->text()));
        box->findChild<QPushButton *>(QStringLiteral("confirmMoveProduction"))->click();
        QTRY_COMPARE(loaded.count(), 1);

        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        auto *model = qobject_cast<widgets::ProjectTreeModel *>(tree->model());
        QVERIFY(model->indexOf(QStringLiteral("ticket-triage"), 2)
                    .data(widgets::ProjectTreeModel::LabelsRole)
                    .toStringList()
                    .contains(QStringLiteral("production")));
        QVERIFY(!model->indexOf(QStringLiteral("ticket-triage"), 3)
                     .data(widgets::ProjectTreeModel::LabelsRole)
                     .toStringList()
                     .contains(QStringLiteral("production")));
        const test::CliResult listed
            = test::cli({"--project", m_path, "--json", "version", "list", "ticket-triage"});
        QVERIFY2(listed.exitCode == 0, test::describe(listed));
        for (const nlohmann::json &version : test::jsonOut(listed)["versions"]) {
            const bool production = test::dumped(version["labels"]).contains(QStringLiteral("production"));
            QCOMPARE(production, version["number"].get<int>() == 2);
        }

        // A new label needs no question.
        QSignalSpy again(&window, &app::MainWindow::projectLoaded);
        emit panel(window)->labelRequested(1, QStringLiteral("canary"));
        QTRY_COMPARE(again.count(), 1);
        QCOMPARE(store::Project::open(m_path.toStdString()).resolve("ticket-triage@canary").number, 1);
    }

private:
    void showAndOpen(app::MainWindow &window)
    {
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        window.openProject(m_path);
        QTRY_COMPARE(loaded.count(), 1);
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        bench->tabs()->setCurrentWidget(bench->historyPanel());
    }

    static widgets::HistoryPanel *panel(app::MainWindow &window)
    {
        return window.findChild<widgets::PromptWorkbench *>()->historyPanel();
    }

    // Selects the rows of these versions, as Ctrl+clicks do.
    static void selectVersions(widgets::HistoryPanel *history, const QList<int> &numbers)
    {
        widgets::HistoryList *list = history->list();
        list->clearSelection();
        for (int row = 0; row < list->topLevelItemCount(); ++row)
            if (numbers.contains(list->versionAt(row)))
                list->topLevelItem(row)->setSelected(true);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

QTEST_MAIN(TestHistoryTab)
#include "test_history_tab.moc"
