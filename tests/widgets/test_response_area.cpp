// The response panes against the real fake provider: Ctrl+Enter streams into every pane, a fault
// shows in its own pane, Esc stops, and the GUI thread never waits for the network.

#include "answer_view.h"
#include "comparison_runner.h"
#include "error_banner.h"
#include "fake_provider_server.h"
#include "metrics_bar.h"
#include "response_area.h"
#include "response_pane.h"
#include "window_fixture.h"
#include "workspace_snapshot.h"

#include "dispatch/engine.h"
#include "store/project.h"
#include "store/provider_catalog.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtTest>

#include <memory>

using namespace ps;
using widgets::ResponsePane;

namespace {

const char *const ticket = "I was charged twice for May";

// What the fake provider answers a model: its name, then the first 8 words of the user message.
QString expectedReply(const QString &model)
{
    return QStringLiteral("Echo from %1: Ticket: I was charged twice for May").arg(model);
}

} // namespace

class TestResponseArea : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<fakeprovider::FakeProviderServer>();
        QVERIFY(m_server->start());
    }

    void cleanupTestCase() { m_server.reset(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        const QString path = m_dir->filePath(QStringLiteral("panes.promptsmith"));
        {
            store::Project project = store::Project::create(path.toStdString());
            test::addFakeTargets(project, m_server->baseUrl(),
                {
                    {"mini", "gpt-4o-mini"},
                    {"unpriced", "house-model-7"},
                    {"drip30", "fault:drip:30"},
                    {"drip20", "fault:drip:20"},
                    {"drip200", "fault:drip:200"},
                    {"fault-500", "fault:500"},
                    {"fault-context", "fault:context-length"},
                    {"stall", "fault:stall-first:5000"},
                });
        }

        dispatch::DispatcherOptions options;
        options.retry.maxRetries = 0; // a fault shows at once, as the user would see it
        m_engine = std::make_unique<dispatch::Engine>(
            options, [](const std::string &) -> std::optional<std::string> { return {}; });
        m_window = std::make_unique<QWidget>();
        m_window->resize(1200, 600);
        m_area = new widgets::ResponseArea(m_window.get());
        auto *layout = new QVBoxLayout(m_window.get());
        layout->addWidget(m_area);
        m_runner = std::make_unique<app::ComparisonRunner>(*m_engine, m_area);
        m_runner->setPromptSource([] {
            app::PromptSnapshot snapshot;
            snapshot.promptName = "ticket-triage";
            model::Message system;
            system.role = "system";
            system.content = "Label the ticket: billing, bug or other.";
            model::Message user;
            user.role = "user";
            user.content = "Ticket: {{ticket}}";
            snapshot.content.messages = {system, user};
            snapshot.variables = {{"ticket", ticket}};
            return snapshot;
        });
        QVERIFY(offerProject(path));
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanup()
    {
        m_runner.reset();
        m_window.reset();
        m_engine.reset();
        m_dir.reset();
    }

    void ctrlEnterStreamsIntoEveryPaneAndFillsMetrics()
    {
        QCOMPARE(m_area->targets().size(), 8);
        ResponsePane *slow = m_area->pane(0);
        ResponsePane *priced = m_area->addPane();
        QVERIFY(priced);
        slow->setTargetId(QStringLiteral("drip30"));
        priced->setTargetId(QStringLiteral("mini"));
        QSignalSpy cost(m_area, &widgets::ResponseArea::sessionCostChanged);
        QSignalSpy status(m_area, &widgets::ResponseArea::statusChanged);

        QTest::keyClick(m_window.get(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_area->runningCount(), 2);
        QVERIFY(m_area->statusText().contains(QStringLiteral("drip30")));
        // Text shows while the answer is still coming, not only at the end.
        QTRY_VERIFY(slow->isRunning() && !slow->answerText().isEmpty());
        QVERIFY(expectedReply(QStringLiteral("fault:drip:30")).startsWith(slow->answerText()));

        QTRY_COMPARE(slow->state(), ResponsePane::State::Done);
        QTRY_COMPARE(priced->state(), ResponsePane::State::Done);
        QCOMPARE(slow->answerText(), expectedReply(QStringLiteral("fault:drip:30")));
        QCOMPARE(priced->answerText(), expectedReply(QStringLiteral("gpt-4o-mini")));
        QTRY_VERIFY(priced->answerView()->toPlainText().contains(QStringLiteral("charged twice")));

        for (ResponsePane *pane : {slow, priced}) {
            QVERIFY(!pane->errorBanner()->isVisible());
            const auto metrics = pane->metricsBar()->metrics();
            QVERIFY(metrics.has_value());
            QVERIFY(metrics->ttftMs.has_value());
            QVERIFY(metrics->totalMs >= *metrics->ttftMs);
            // Every word of both messages in, every word of the reply out.
            QCOMPARE(metrics->inputTokens.value_or(-1), 14);
            QCOMPARE(metrics->outputTokens.value_or(-1),
                pane->answerText().split(QLatin1Char(' ')).size());
            QCOMPARE(metrics->finishReason, QStringLiteral("stop"));
            QVERIFY(pane->metricsBar()->text().contains(QStringLiteral("TTFT")));
        }
        // The streamed answer took at least its 30 ms per token.
        QVERIFY(slow->metricsBar()->metrics()->totalMs >= 30.0 * 10);
        QVERIFY(slow->metricsBar()->text().contains(QStringLiteral("no price")));
        QVERIFY(priced->metricsBar()->metrics()->costUsd.value_or(0) > 0);
        QVERIFY(priced->metricsBar()->text().contains(QStringLiteral("$0.00000")));
        QCOMPARE(cost.count(), 1);
        QCOMPARE(m_area->sessionCost(), *priced->metricsBar()->metrics()->costUsd);
        QCOMPARE(m_area->runningCount(), 0);
        QCOMPARE(status.last().at(0).toString(), QString());
    }

    void faultShowsInItsOwnPane_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("category");
        QTest::addColumn<int>("status");
        QTest::newRow("server error")
            << QStringLiteral("fault-500") << QStringLiteral("server") << 500;
        QTest::newRow("context length")
            << QStringLiteral("fault-context") << QStringLiteral("context_length") << 400;
    }

    void faultShowsInItsOwnPane()
    {
        QFETCH(QString, target);
        QFETCH(QString, category);
        QFETCH(int, status);
        ResponsePane *failing = m_area->pane(0);
        ResponsePane *fine = m_area->addPane();
        failing->setTargetId(target);
        fine->setTargetId(QStringLiteral("mini"));

        m_area->runAllAction()->trigger();
        QTRY_COMPARE(failing->state(), ResponsePane::State::Failed);
        QTRY_COMPARE(fine->state(), ResponsePane::State::Done);

        const widgets::ErrorBanner *banner = failing->errorBanner();
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->error().category, category);
        QCOMPARE(banner->error().status, status);
        QVERIFY(!banner->message().isEmpty()); // the provider's own words
        QVERIFY(banner->title().contains(widgets::categoryTitle(category)));
        QVERIFY(!fine->errorBanner()->isVisible());
        QCOMPARE(fine->answerText(), expectedReply(QStringLiteral("gpt-4o-mini")));

        // Retry sends the request again, from the banner.
        const int requests = m_server->requestCount();
        QVERIFY(banner->retryButton()->isEnabled());
        QTest::mouseClick(banner->retryButton(), Qt::LeftButton);
        QTRY_COMPARE(m_server->requestCount(), requests + 1);
        QTRY_COMPARE(failing->state(), ResponsePane::State::Failed);
        QCOMPARE(failing->errorBanner()->error().category, category);
    }

    // A target that streamed some text and then failed gives way to its fallback: from the
    // fallback's first words the pane holds only the fallback's text, as `run` prints it.
    void fallbackReplacesTheFailedTargetsText()
    {
        const QString path = m_dir->filePath(QStringLiteral("panes.promptsmith"));
        {
            const store::Project project = store::Project::open(path.toStdString());
            store::TargetRecord cut; // streams a little, is cut off, and falls back
            cut.id = "cut";
            cut.providerId = "fake";
            cut.model = "fault:cut";
            cut.fallbackTargetId = "drip200";
            store::ProviderCatalog(project).addTarget(cut);
        }
        QVERIFY(offerProject(path));
        ResponsePane *pane = m_area->pane(0);
        pane->setTargetId(QStringLiteral("cut"));
        m_area->runAllAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(pane->state() == ResponsePane::State::Running
                && pane->answerText().contains(QStringLiteral("fault:drip:200")),
            20000);
        QVERIFY2(!pane->answerText().contains(QStringLiteral("fault:cut")),
            qPrintable(pane->answerText()));
        QTRY_COMPARE_WITH_TIMEOUT(pane->state(), ResponsePane::State::Done, 20000);
        QCOMPARE(pane->answerText(), expectedReply(QStringLiteral("fault:drip:200")));
    }

    void escStopsAStream()
    {
        ResponsePane *pane = m_area->pane(0);
        pane->setTargetId(QStringLiteral("drip200"));
        QTest::keyClick(m_window.get(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(!pane->answerText().isEmpty());
        QVERIFY(pane->isRunning());
        QVERIFY(m_area->stopAllAction()->isEnabled());

        QElapsedTimer clock;
        clock.start();
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_COMPARE(pane->state(), ResponsePane::State::Stopped);
        // Well before the rest of the answer (a dozen tokens at 200 ms) could have come.
        QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed())));
        const QString full = expectedReply(QStringLiteral("fault:drip:200"));
        QVERIFY(pane->answerText().size() < full.size());
        QVERIFY(full.startsWith(pane->answerText()));
        QVERIFY(!pane->errorBanner()->isVisible()); // stopping is not an error
        QVERIFY(pane->metricsBar()->text().contains(QStringLiteral("stopped")));
        QVERIFY(!m_area->stopAllAction()->isEnabled());
        QVERIFY(pane->runButton()->isEnabled());
    }

    // Done-when #2: while one pane's request stalls 5 s at the provider and five others stream,
    // a repeating timer on the GUI thread keeps firing.
    void guiThreadNeverWaitsForTheNetwork()
    {
        m_area->setPaneCount(6);
        ResponsePane *stalled = m_area->pane(0);
        stalled->setTargetId(QStringLiteral("stall"));
        QList<ResponsePane *> streaming;
        for (int i = 1; i < 6; ++i) {
            streaming << m_area->pane(i);
            m_area->pane(i)->setTargetId(QStringLiteral("drip20"));
        }
        // The streaming panes run again each time they finish, for as long as the stall lasts.
        int streamedAnswers = 0;
        for (ResponsePane *pane : streaming) {
            connect(pane, &ResponsePane::stateChanged, pane, [&, pane](int, ResponsePane::State s) {
                if (s != ResponsePane::State::Done)
                    return;
                ++streamedAnswers;
                if (stalled->isRunning())
                    QTimer::singleShot(0, pane, &ResponsePane::requestRun);
            });
        }

        QElapsedTimer sinceTick;
        qint64 maxGap = 0;
        QTimer ticker;
        ticker.setInterval(50);
        connect(&ticker, &QTimer::timeout, this,
            [&] { maxGap = std::max(maxGap, sinceTick.restart()); });
        sinceTick.start();
        ticker.start();

        m_area->runAll();
        QCOMPARE(m_area->runningCount(), 6);
        QTRY_COMPARE_WITH_TIMEOUT(stalled->state(), ResponsePane::State::Done, 20000);
        for (ResponsePane *pane : streaming)
            QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        ticker.stop();
        maxGap = std::max(maxGap, sinceTick.elapsed());

        qInfo("longest gap between 50 ms ticks: %lld ms; %d streamed answers during the stall",
            maxGap, streamedAnswers);
        QVERIFY(*stalled->metricsBar()->metrics()->ttftMs >= 5000);
        QCOMPARE(stalled->answerText(), expectedReply(QStringLiteral("fault:stall-first:5000")));
        QVERIFY(streamedAnswers >= 10); // they streamed throughout, not only before the stall
        QVERIFY2(maxGap < 500, qPrintable(QStringLiteral("max gap %1 ms").arg(maxGap)));
    }

private:
    // Gives the runner the project's targets and prices as the window does: read with it.
    bool offerProject(const QString &path)
    {
        const app::WorkspaceSnapshot workspace = app::WorkspaceSnapshot::load(path.toStdString());
        if (!workspace.catalog) {
            qWarning() << "cannot read the catalogue:" << workspace.catalogError.c_str();
            return false;
        }
        m_runner->setCatalog(workspace.catalog, workspace.pricing, {});
        return true;
    }

    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<dispatch::Engine> m_engine;
    std::unique_ptr<QWidget> m_window;
    widgets::ResponseArea *m_area = nullptr;
    std::unique_ptr<app::ComparisonRunner> m_runner;
};

QTEST_MAIN(TestResponseArea)
#include "test_response_area.moc"
