// Token confidence in a pane: asked for, the answer is shaded token by token (one shade each,
// alternatives on hover), the metrics give the mean confidence — the stored tokens' mean — and
// the least sure stretch; a target that cannot give log-probabilities says why instead.

#include "answer_view.h"
#include "fake_provider_server.h"
#include "main_window.h"
#include "metrics_bar.h"
#include "response_area.h"
#include "response_pane.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "providers/chat_types.h"
#include "secrets/trust_store.h"
#include "store/project.h"
#include "store/provider_catalog.h"
#include "store/run_store.h"

#include <QAction>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QToolButton>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace ps;
using widgets::ResponsePane;

class TestTokenConfidence : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<fakeprovider::FakeProviderServer>();
        QVERIFY(m_server->start());
        QVERIFY(m_dir.isValid());
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
        qputenv("ANTHROPIC_API_KEY", "not-a-real-key");
        test::keepSettingsIn(m_dir.filePath(QStringLiteral("settings")));
        m_path = m_dir.filePath(QStringLiteral("p.promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        test::saveTriageVersion(project);
        // The fake provider is unsure of every token for a model named "...unsure...".
        test::addFakeTargets(project, m_server->baseUrl(), {{"unsure", "fake-unsure"}});
        providers::ProviderConfig claude;
        claude.id = "claude";
        claude.kind = providers::ProviderKind::Anthropic;
        claude.baseUrl = m_server->hostUrl();
        store::ProviderCatalog(project).addProvider(claude);
        test::addTarget(project, "haiku", "claude", "fake-small");
        test::approveHere(claude);
    }

    void cleanupTestCase() { m_server.reset(); }

    void theAnswerIsShadedTokenByToken()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        ResponsePane *pane = window.responseArea()->pane(0);
        QTRY_COMPARE(window.responseArea()->targets().size(), 2);
        pane->setTargetId(QStringLiteral("unsure"));
        pane->confidenceAction()->setChecked(true);
        QTRY_VERIFY(pane->runButton()->isEnabled());
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QTRY_VERIFY(pane->answerView()->isShaded());

        // The stored answer holds its tokens; the view shades each once, in order. (The pane
        // ends before the writer thread has committed the answer: the test waits for it.)
        const store::Project project = store::Project::open(m_path.toStdString(),
            store::ProjectAccess::Read);
        const store::RunStore runs(project);
        std::vector<store::ResponseRecord> stored;
        QTRY_VERIFY(!runs.listRuns().empty()
            && !(stored = runs.responses(runs.listRuns().front().id)).empty());
        QCOMPARE(stored.size(), std::size_t(1));
        const std::vector<providers::TokenLogprob> tokens
            = providers::logprobsFromJson(stored.front().logprobs);
        QVERIFY(tokens.size() > 3);
        QStringList shaded;
        int withTips = 0;
        for (QTextBlock block = pane->answerView()->document()->begin(); block.isValid();
             block = block.next())
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                const QTextCharFormat format = it.fragment().charFormat();
                if (format.background().style() == Qt::NoBrush)
                    continue;
                shaded << it.fragment().text();
                withTips += format.toolTip().contains(QStringLiteral("Alternatives:")) ? 1 : 0;
            }
        QCOMPARE(shaded.size(), qsizetype(tokens.size()));
        for (std::size_t i = 0; i < tokens.size(); ++i)
            QCOMPARE(shaded[qsizetype(i)], QString::fromStdString(tokens[i].token));
        QCOMPARE(withTips, shaded.size());

        // The mean shown is the stored tokens' mean; the least sure stretch is named.
        double sum = 0;
        for (const auto &token : tokens)
            sum += token.logprob;
        const auto metrics = pane->metricsBar()->metrics();
        QVERIFY(metrics && metrics->confidence);
        QCOMPARE(*metrics->confidence, std::exp(sum / double(tokens.size())));
        QVERIFY(!metrics->leastSure.isEmpty());
        QVERIFY2(pane->metricsBar()->text().contains(
                     QString::number(*metrics->confidence * 100, 'f', 1) + QStringLiteral("% sure")),
            qPrintable(pane->metricsBar()->text()));

        // Off, the answer reads as text again.
        pane->confidenceAction()->setChecked(false);
        QVERIFY(!pane->answerView()->isShaded());
        QVERIFY(pane->answerView()->toPlainText().startsWith(QStringLiteral("Echo from fake-unsure")));
    }

    // Anthropic offers no log-probabilities: the pane says so rather than shading nothing.
    void aTargetWithoutThemSaysWhy()
    {
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        ResponsePane *pane = window.responseArea()->pane(0);
        QTRY_COMPARE(window.responseArea()->targets().size(), 2);
        pane->setTargetId(QStringLiteral("haiku"));
        pane->confidenceAction()->setChecked(true);
        QTRY_VERIFY(pane->runButton()->isEnabled());
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QVERIFY(!pane->answerView()->isShaded());
        const auto notes = pane->findChildren<QLabel *>();
        bool said = false;
        for (const QLabel *label : notes)
            said = said
                || (label->isVisible()
                    && label->text().contains(QStringLiteral(
                        "No token confidence: log-probabilities left out: Anthropic does not "
                        "offer them")));
        QVERIFY(said);
        QVERIFY(!pane->metricsBar()->metrics()->confidence);
    }

private:
    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_MAIN(TestTokenConfidence)
#include "test_token_confidence.moc"
