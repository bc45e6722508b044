// The window counts a prompt's tokens as the CLI does: the Preview shows, for the models the panes
// send to, the exact count in each public encoding (the number `tokens --messages` gives for what
// `render` renders) and an estimate, said as one, for the others; the Examples tab says what the
// examples add in the same encoding.

#include "cli_test_helpers.h"
#include "dataset_grid_model.h"
#include "dataset_view.h"
#include "examples_panel.h"
#include "main_window.h"
#include "preview_panel.h"
#include "project_tree_model.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/project.h"

#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTableView>
#include <QTreeView>
#include <QtTest>

using namespace ps;
using nlohmann::json;

class TestTokenCounts : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;

    // `tokens --messages` of what `render NAME --json` renders (with `vars`: K=V), for `model`.
    long long cliCount(const QString &prompt, const QString &model, const QStringList &vars = {})
    {
        QStringList args {QStringLiteral("--project"), m_project, QStringLiteral("--json"), QStringLiteral("render"), prompt};
        for (const QString &var : vars)
            args << QStringLiteral("--var") << var;
        const test::CliResult rendered = test::runCli(args);
        if (rendered.exitCode != 0)
            return -1;
        const QString file = m_dir.filePath(prompt + QStringLiteral(".json"));
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly))
            return -1;
        out.write(rendered.out);
        out.close();
        const test::CliResult counted = test::runCli({QStringLiteral("--json"), QStringLiteral("tokens"),
            QStringLiteral("--messages"), file, QStringLiteral("--model"), model});
        if (counted.exitCode != 0)
            return -1;
        return json::parse(counted.out.toStdString())["tokens"].get<long long>();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_project = test::demoProjectIn(m_dir.path());
        const store::Project project = store::Project::open(m_project.toStdString());
        test::addFakeTargets(project, "http://127.0.0.1:9/v1",
            {{"omni", "gpt-4o"}, {"legacy", "gpt-4-turbo"}, {"claude", "claude-sonnet-4-5"}});
    }

    void thePreviewCountsExactlyForThePanesModels()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_project));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QTRY_COMPARE(bench->promptName(), QStringLiteral("ticket-triage"));
        widgets::ResponseArea *area = window.responseArea();
        area->pane(0)->setTargetId(QStringLiteral("omni"));
        area->addPane()->setTargetId(QStringLiteral("claude"));

        const long long omni = cliCount(QStringLiteral("ticket-triage"), QStringLiteral("gpt-4o"));
        QVERIFY(omni > 100);
        const QString exact = QStringLiteral("%1 tokens (o200k_base: gpt-4o)").arg(QLocale().toString(omni));
        QTRY_VERIFY2(bench->preview()->estimateText().contains(exact), qPrintable(bench->preview()->estimateText()));
        QVERIFY(bench->preview()->estimateText().contains(QStringLiteral("(estimate: claude-sonnet-4-5)")));
        QVERIFY(bench->preview()->estimateText().startsWith(QStringLiteral("2 messages · ")));

        // A gpt-4 pane adds its own encoding's exact count.
        area->addPane()->setTargetId(QStringLiteral("legacy"));
        const long long legacy = cliCount(QStringLiteral("ticket-triage"), QStringLiteral("gpt-4-turbo"));
        const QString second = QStringLiteral("%1 tokens (cl100k_base: gpt-4-turbo)").arg(QLocale().toString(legacy));
        QTRY_VERIFY2(bench->preview()->estimateText().contains(second), qPrintable(bench->preview()->estimateText()));

        // The examples' share is counted in the first encoding, and says so.
        QLabel *summary = bench->examples()->findChild<QLabel *>(QStringLiteral("examplesSummary"));
        QVERIFY(summary);
        QVERIFY2(!bench->examples()->summaryText().contains(QStringLiteral("≈")), qPrintable(bench->examples()->summaryText()));
        QVERIFY(summary->toolTip().contains(QStringLiteral("o200k_base")));

        // Only models without a public encoding: every figure is an estimate.
        const int omniPane = area->pane(0)->id();
        const int legacyPane = area->pane(2)->id();
        area->removePane(legacyPane);
        area->removePane(omniPane);
        QTRY_VERIFY2(!bench->preview()->estimateText().contains(QStringLiteral("o200k_base")),
            qPrintable(bench->preview()->estimateText()));
        QVERIFY(bench->preview()->estimateText().contains(QStringLiteral("≈")));
        QTRY_VERIFY(bench->examples()->summaryText().contains(QStringLiteral("≈")));
    }

    void eachDatasetCaseIsCountedAsTheRunSendsIt()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_project));
        auto *bench = window.findChild<widgets::PromptWorkbench *>();
        QTRY_COMPARE(bench->promptName(), QStringLiteral("ticket-triage"));
        window.responseArea()->pane(0)->setTargetId(QStringLiteral("omni"));
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("projectTree"));
        auto *model = qobject_cast<widgets::ProjectTreeModel *>(tree->model());
        const QModelIndex row = model->match(model->index(0, 0), widgets::ProjectTreeModel::DatasetNameRole,
            QStringLiteral("tickets"), 1, Qt::MatchRecursive | Qt::MatchExactly).value(0);
        QVERIFY(row.isValid());
        tree->setCurrentIndex(row);
        widgets::DatasetView *view = window.datasetView();
        QTRY_COMPARE(view->gridModel()->rowCount(), 12);

        // The second case: its ticket through the open prompt, counted as `tokens` counts it.
        view->grid()->setCurrentIndex(view->gridModel()->index(1, 0));
        const QString ticket = view->gridModel()->index(1, 0).data(Qt::EditRole).toString();
        const long long expected = cliCount(QStringLiteral("ticket-triage"), QStringLiteral("gpt-4o"),
            {QStringLiteral("ticket=") + ticket});
        QVERIFY(expected > 100);
        QTRY_COMPARE(view->caseTokensText(),
            QStringLiteral("Case 2 with ticket-triage: %1 tokens (o200k_base: gpt-4o)").arg(QLocale().toString(expected)));

        // An edit of the case is counted again: a longer ticket, more tokens.
        QVERIFY(view->gridModel()->setData(view->gridModel()->index(1, 0), ticket + QStringLiteral(" It happened twice."), Qt::EditRole));
        QTRY_VERIFY(!view->caseTokensText().contains(QLocale().toString(expected) + QStringLiteral(" tokens")));
        QVERIFY(view->caseTokensText().startsWith(QStringLiteral("Case 2 with ticket-triage: ")));
    }
};

QTEST_MAIN(TestTokenCounts)
#include "test_token_counts.moc"
