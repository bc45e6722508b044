// The Evaluate tab's batch switch: offered only when every checked target's provider has a
// batch API; a batch run from the tab fills the same cells as the CLI's, from one batch at the
// fake provider; closing the window while the batch runs leaves it running (not cancelled),
// and Resume collects it without sending anything again.

#include "cli_test_helpers.h"
#include "evaluation_view.h"
#include "eval_results_view.h"
#include "fake_provider_server.h"
#include "main_window.h"
#include "project_tree_model.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/project.h"
#include "store/provider_catalog.h"
#include "store/run_store.h"
#include "util/number_text.h"

#include <QCheckBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <memory>

using namespace ps;

class TestEvaluateBatch : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;

    // The demo project with "mini" (openai kind, batchable) and "compat" (openai-compatible).
    bool setUp()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = test::demoProjectIn(m_dir->path());
        m_server = std::make_unique<fakeprovider::FakeProviderServer>();
        if (!m_server->start())
            return false;
        const store::Project project = store::Project::open(m_path.toStdString());
        test::addFakeTargets(project, m_server->baseUrl(), {{"compat", "model-a"}});
        providers::ProviderConfig openai;
        openai.id = "oa";
        openai.kind = providers::ProviderKind::OpenAi;
        openai.baseUrl = m_server->baseUrl();
        store::ProviderCatalog(project).addProvider(openai);
        test::approveHere(openai);
        test::addTarget(project, "mini", "oa", "gpt-4o-mini");
        return true;
    }

    std::vector<store::ResponseRecord> cellsOf(const std::string &runId) const
    {
        const store::Project project = store::Project::open(m_path.toStdString());
        return store::RunStore(project).responses(runId);
    }
    std::vector<model::RunRecord> runs() const
    {
        const store::Project project = store::Project::open(m_path.toStdString());
        return store::RunStore(project).listRuns();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("OPENAI_API_KEY", "sk-window-batch");
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void theSwitchIsOfferedOnlyForTargetsWithABatchApi()
    {
        QVERIFY(setUp());
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        window.showEvaluation();
        widgets::EvaluationView *view = window.evaluationView();
        QCheckBox *batch = view->batchBox();
        QCOMPARE(batch->accessibleName(), QStringLiteral("Send as a batch"));
        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"), {QStringLiteral("compat")});
        QVERIFY(!batch->isEnabled());
        QVERIFY2(batch->toolTip().contains(QStringLiteral("compat cannot")), qPrintable(batch->toolTip()));
        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"), {QStringLiteral("mini")});
        QVERIFY(batch->isEnabled());
        QVERIFY(!view->batchRetryBox()->isEnabled()); // a choice of batch runs only
        // The cost before sending follows the switch: the CLI's batch estimate, said as such.
        const auto estimateOf = [this](bool asBatch) {
            QStringList args {QStringLiteral("--project"), m_path, QStringLiteral("--json"), QStringLiteral("eval"),
                QStringLiteral("ticket-triage@3"), QStringLiteral("--dataset"), QStringLiteral("tickets"),
                QStringLiteral("--target"), QStringLiteral("mini"), QStringLiteral("--estimate")};
            if (asBatch)
                args << QStringLiteral("--batch");
            return test::jsonOut(test::runCli(args))["input_usd"].get<double>();
        };
        const QString live = QString::fromStdString(util::dollars(estimateOf(false)));
        const QString halved = QString::fromStdString(util::dollars(estimateOf(true)));
        QVERIFY(live != halved);
        QTRY_VERIFY2(view->estimateText().contains(QStringLiteral("input ") + live + QStringLiteral(" · ")),
            qPrintable(view->estimateText()));
        batch->setChecked(true);
        QTRY_VERIFY2(view->estimateText().contains(QStringLiteral("input ") + halved + QStringLiteral(" at the batch price")),
            qPrintable(view->estimateText()));
        QVERIFY(view->choice().batch);
        QVERIFY(!view->choice().retryFailedLive);
        QVERIFY(view->batchRetryBox()->isEnabled());
        view->batchRetryBox()->setChecked(true);
        QVERIFY(view->choice().retryFailedLive);
        view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"),
            {QStringLiteral("mini"), QStringLiteral("compat")});
        QVERIFY(!view->choice().batch); // checked, but not for this choice
    }

    void aBatchRunSurvivesClosingAndResumeCollectsIt()
    {
        QVERIFY(setUp());
        m_server->batches().hold(true);
        std::string runId;
        {
            app::MainWindow window;
            QVERIFY(test::openAndWait(window, m_path));
            window.showEvaluation();
            widgets::EvaluationView *view = window.evaluationView();
            view->choose({QStringLiteral("ticket-triage@3")}, QStringLiteral("tickets"), {QStringLiteral("mini")});
            view->cacheBox()->setChecked(false);
            view->batchBox()->setChecked(true);
            QTest::mouseClick(view->runButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(m_server->batches().statusRequests() > 0, 20000);
            // The status line says what the run waits for.
            QTRY_VERIFY_WITH_TIMEOUT(view->progressText().contains(QStringLiteral("at the provider")), 20000);
            QCOMPARE(m_server->batches().batchesCreated(), 1);
            runId = runs().front().id;
        } // the window closes while the batch runs
        QCOMPARE(m_server->batches().batchesCancelled(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromUtf8(model::toString(runs().front().status)), QStringLiteral("incomplete"), 10000);
        QVERIFY(cellsOf(runId).empty());

        m_server->batches().hold(false);
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        QVERIFY(test::selectRunInTree(window, runId));
        widgets::EvaluationView *view = window.evaluationView();
        QTRY_VERIFY_WITH_TIMEOUT(view->resumeButton()->isEnabled(), 10000);
        QTest::mouseClick(view->resumeButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(view->resultsView()->results().status == QStringLiteral("complete"),
            qPrintable(view->progressText()), 30000);
        // The tab says a cell was answered in a batch rather than showing a made-up 0 ms.
        for (const widgets::EvalCellResult &shown : view->resultsView()->results().cells)
            QVERIFY(shown.batched);
        const std::vector<store::ResponseRecord> cells = cellsOf(runId);
        QCOMPARE(cells.size(), std::size_t(12));
        for (const store::ResponseRecord &cell : cells) {
            QVERIFY(cell.batchId.starts_with("batch_fake_"));
            QVERIFY(!cell.error);
            // gpt-4o-mini at the catalogue's $0.15 / $0.60 per 1M tokens, halved for a batch.
            const double full = (double(*cell.inputTokens) * 0.15 + double(*cell.outputTokens) * 0.60) / 1e6;
            QVERIFY(cell.costUsd && qAbs(*cell.costUsd - full / 2) < 1e-12);
        }
        QCOMPARE(m_server->batches().batchesCreated(), 1); // collected, not sent again
        QCOMPARE(m_server->batches().requestsSubmitted(), 12);
    }
};

QTEST_MAIN(TestEvaluateBatch)
#include "test_evaluate_batch.moc"
