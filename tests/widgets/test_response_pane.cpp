// One response pane and the bridge on their own: metrics wording, Markdown/raw/JSON display,
// the error banner and Retry, Copy, and text from another thread arriving batched and whole.

#include "answer_view.h"
#include "call_bridge.h"
#include "error_banner.h"
#include "metrics_bar.h"
#include "response_area.h"
#include "response_pane.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolButton>
#include <QtTest>

#include <thread>

using namespace ps;
using widgets::ResponsePane;

namespace {

QList<widgets::TargetChoice> twoTargets()
{
    return {{QStringLiteral("mini"), QStringLiteral("gpt-4o-mini"), QStringLiteral("openai"),
                QStringLiteral("$0.15 / $0.60 per 1M tokens in / out"), QStringLiteral("key set")},
        {QStringLiteral("haiku"), QStringLiteral("claude-haiku"), QStringLiteral("anthropic"),
            QString(), QStringLiteral("ANTHROPIC_API_KEY not set")}};
}

// The text of every laid-out line of `document`, top to bottom.
QStringList lines(QTextDocument &document)
{
    document.documentLayout()->documentSize(); // lays it out
    QStringList out;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        const QTextLayout *layout = block.layout();
        for (int i = 0; layout && i < layout->lineCount(); ++i) {
            const QTextLine line = layout->lineAt(i);
            out << block.text().mid(line.textStart(), line.textLength());
        }
    }
    return out;
}

// The lines of `text` laid out whole, as one paragraph, as `view`'s document would lay it out.
QStringList linesAsOneParagraph(const widgets::AnswerView &view, const QString &text)
{
    QTextDocument whole;
    whole.setDefaultFont(view.document()->defaultFont());
    whole.setDocumentMargin(view.document()->documentMargin());
    whole.setTextWidth(view.document()->textWidth());
    whole.setPlainText(text);
    return lines(whole);
}

// `count` words of different lengths, each followed by a space: a paragraph that wraps.
QString words(int count)
{
    QString text;
    for (int i = 0; i < count; ++i)
        text += QStringLiteral("word%1 ").arg(i * 37 % 1000);
    return text;
}

} // namespace

class TestResponsePane : public QObject
{
    Q_OBJECT

private slots:
    void formatsDurationsAndCosts()
    {
        QCOMPARE(widgets::formatDuration(212.4), QStringLiteral("212 ms"));
        QCOMPARE(widgets::formatDuration(1432), QStringLiteral("1.43 s"));
        QCOMPARE(widgets::formatDuration(65000), QStringLiteral("1 min 5 s"));
        QCOMPARE(widgets::formatCost(std::nullopt), QStringLiteral("no price"));
        QCOMPARE(widgets::formatCost(0.0), QStringLiteral("$0"));
        QCOMPARE(widgets::formatCost(0.0000228), QStringLiteral("$0.0000228"));
        QCOMPARE(widgets::formatCost(0.00036), QStringLiteral("$0.00036"));
        QCOMPARE(widgets::formatCost(1.5), QStringLiteral("$1.5"));
    }

    void metricsLineNamesEveryMeasure()
    {
        widgets::AnswerMetrics metrics;
        metrics.ttftMs = 212;
        metrics.totalMs = 640;
        metrics.tokensPerSecond = 41.2;
        metrics.inputTokens = 96;
        metrics.outputTokens = 2;
        metrics.costUsd = 0.00004;
        metrics.finishReason = QStringLiteral("stop");
        QCOMPARE(widgets::metricsText(metrics),
            QStringLiteral("212 ms TTFT · 640 ms total · 41 tok/s · 96→2 tok · $0.00004 · stop"));
        metrics.costUsd.reset();
        metrics.ttftMs.reset();
        metrics.attempts = 3;
        QCOMPARE(widgets::metricsText(metrics),
            QStringLiteral("640 ms total · 41 tok/s · 96→2 tok · no price · stop · 3 attempts"));
    }

    void markdownRawAndJson()
    {
        widgets::AnswerView view;
        view.appendStreamed(QStringLiteral("# Billing\n\n"));
        view.appendStreamed(QStringLiteral("**charged** twice"));
        QCOMPARE(view.answer(), QStringLiteral("# Billing\n\n**charged** twice"));
        view.finishAnswer(view.answer());
        // Markdown: the markup is rendered, not shown.
        QTRY_COMPARE(view.toPlainText(), QStringLiteral("Billing\ncharged twice"));
        QCOMPARE(view.document()->firstBlock().blockFormat().headingLevel(), 1);
        view.setFormat(widgets::AnswerView::Format::Raw);
        QCOMPARE(view.toPlainText(), QStringLiteral("# Billing\n\n**charged** twice"));

        view.clearAnswer();
        view.finishAnswer(QStringLiteral(" {\"label\":\"billing\",\"scores\":[1,2]}"));
        QVERIFY(view.isJson());
        QTRY_VERIFY(view.toPlainText().contains(QStringLiteral("\n    \"label\": \"billing\"")));
        view.setFormat(widgets::AnswerView::Format::Markdown);
        QVERIFY(view.toPlainText().contains(QStringLiteral("\"scores\": [")));

        view.clearAnswer();
        view.finishAnswer(QStringLiteral("{not json"));
        QVERIFY(!view.isJson());
    }

    // A long paragraph streams in at little cost: the lines already final are split off, so only
    // the last line is laid out again, yet every line reads exactly as in the whole paragraph.
    void longStreamedParagraphWrapsAsOneParagraph_data()
    {
        QTest::addColumn<bool>("markdown");
        QTest::newRow("raw") << false;
        QTest::newRow("markdown") << true;
    }

    void longStreamedParagraphWrapsAsOneParagraph()
    {
        QFETCH(bool, markdown);
        widgets::AnswerView view;
        view.setFormat(
            markdown ? widgets::AnswerView::Format::Markdown : widgets::AnswerView::Format::Raw);
        view.resize(320, 400);
        view.show();
        const QString full = words(400);
        const auto shownText = [&view] {
            return view.toPlainText().remove(QLatin1Char('\n'));
        };
        for (qsizetype at = 0; at < full.size(); at += 45) {
            view.appendStreamed(full.mid(at, 45));
            QTRY_COMPARE(shownText(), full.left(at + 45));
        }
        if (!markdown) { // (live Markdown renders it whole again now and then)
            QVERIFY2(view.document()->blockCount() > 3, "the paragraph was never split");
            QVERIFY(view.document()->lastBlock().length() < 600);
        }

        QCOMPARE(lines(*view.document()), linesAsOneParagraph(view, full));

        // A live Markdown render may already have made the paragraph one block (with the
        // streamed end kept), so the test waits for the text the ended answer shows.
        view.finishAnswer(full);
        QTRY_COMPARE(view.toPlainText(), markdown ? full.trimmed() : full); // Markdown trims
        QCOMPARE(view.document()->blockCount(), 1);
    }

    // The split lines are right at one width only: when the width changes mid-answer (the
    // window is resized, a scroll bar appears) the answer still wraps as one paragraph.
    void streamedParagraphFollowsAWidthChange()
    {
        widgets::AnswerView view;
        view.setFormat(widgets::AnswerView::Format::Raw);
        view.resize(360, 2000); // no scroll bar: the width changes only when the test says
        view.show();
        const QString full = words(300);
        const auto shown = [&view] {
            return view.toPlainText().remove(QLatin1Char('\n'));
        };
        for (qsizetype at = 0; at < full.size(); at += 45) {
            if (at == 900)
                view.resize(233, 2000);
            if (at == 1350)
                view.resize(377, 2000);
            view.appendStreamed(full.mid(at, 45));
            QTRY_COMPARE(shown(), full.left(at + 45));
        }
        QVERIFY(view.document()->textWidth() > 300);
        QCOMPARE(lines(*view.document()), linesAsOneParagraph(view, full));
    }
    // The picker groups targets under their provider, whose key state is said once; each
    // target says its price, or that none is known, before anything is sent.
    void pickerGroupsByProviderWithKeyAndPrice()
    {
        ResponsePane pane(3);
        pane.setTargets(twoTargets());
        QComboBox *picker = pane.findChild<QComboBox *>();
        QCOMPARE(picker->count(), 4); // two headings, two targets
        QCOMPARE(picker->itemText(0), QStringLiteral("openai · key set"));
        QCOMPARE(picker->itemText(2), QStringLiteral("anthropic · ANTHROPIC_API_KEY not set"));
        auto *model = qobject_cast<QStandardItemModel *>(picker->model());
        QVERIFY(!(model->item(0)->flags() & Qt::ItemIsEnabled)); // a heading is not a choice
        QVERIFY(model->item(1)->flags() & Qt::ItemIsEnabled);
        QCOMPARE(pane.targetId(), QStringLiteral("mini")); // the first choice, not a heading
        QVERIFY(picker->itemData(1, Qt::ToolTipRole).toString().contains(QStringLiteral("$0.15")));
        QVERIFY(picker->itemData(3, Qt::ToolTipRole).toString().contains(QStringLiteral("no price")));
        pane.setTargetId(QStringLiteral("haiku"));
        QCOMPARE(picker->currentIndex(), 3);
    }

    void paneShowsAnswerErrorAndRetries()
    {
        ResponsePane pane(7);
        pane.setTargets(twoTargets());
        QCOMPARE(pane.targetId(), QStringLiteral("mini"));
        pane.setTargetId(QStringLiteral("haiku"));
        QSignalSpy run(&pane, &ResponsePane::runRequested);
        QSignalSpy stop(&pane, &ResponsePane::stopRequested);

        QTest::mouseClick(pane.runButton(), Qt::LeftButton);
        QCOMPARE(run.count(), 1);
        QCOMPARE(run.first().at(0).toInt(), 7);
        pane.begin(QStringLiteral("claude-haiku"));
        QVERIFY(pane.isRunning());
        QVERIFY(!pane.runButton()->isEnabled());
        QVERIFY(pane.metricsBar()->text().contains(QStringLiteral("Waiting for claude-haiku")));
        pane.requestRun(); // ignored while running
        QCOMPARE(run.count(), 1);
        QTest::mouseClick(pane.stopButton(), Qt::LeftButton);
        QCOMPARE(stop.count(), 1);

        pane.appendText(QStringLiteral("Bill"));
        widgets::PaneAnswer answer;
        answer.text = QStringLiteral("Bill");
        answer.metrics.totalMs = 900;
        answer.error = widgets::AnswerError {
            QStringLiteral("rate_limit"), QStringLiteral("Rate limit reached for requests"), 429};
        pane.finish(answer);
        QCOMPARE(pane.state(), ResponsePane::State::Failed);
        QVERIFY(!pane.errorBanner()->isHidden());
        QVERIFY(pane.errorBanner()->title().contains(QStringLiteral("Rate limited")));
        QVERIFY(pane.errorBanner()->title().contains(QStringLiteral("HTTP 429")));
        QCOMPARE(pane.errorBanner()->message(), QStringLiteral("Rate limit reached for requests"));
        QTest::mouseClick(pane.errorBanner()->retryButton(), Qt::LeftButton);
        QCOMPARE(run.count(), 2);

        // A new run clears the banner; a stop is not an error.
        pane.begin(QStringLiteral("claude-haiku"));
        QVERIFY(pane.errorBanner()->isHidden());
        answer.error = widgets::AnswerError {QStringLiteral("cancelled"), {}, 0};
        pane.finish(answer);
        QCOMPARE(pane.state(), ResponsePane::State::Stopped);
        QVERIFY(pane.errorBanner()->isHidden());

        pane.copyAnswer();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("Bill"));
    }

    void areaAddsPanesUpToSixAndRunsAll()
    {
        widgets::ResponseArea area;
        area.setTargets(twoTargets());
        QCOMPARE(area.paneCount(), 1);
        QVERIFY(area.addPane());
        // A new pane compares another target than those shown.
        QCOMPARE(area.pane(0)->targetId(), QStringLiteral("mini"));
        QCOMPARE(area.pane(1)->targetId(), QStringLiteral("haiku"));
        area.setPaneCount(10);
        QCOMPARE(area.paneCount(), widgets::ResponseArea::MaxPanes);
        QVERIFY(!area.addPane());
        QVERIFY(!area.addPaneAction()->isEnabled());

        QSignalSpy run(&area, &widgets::ResponseArea::runRequested);
        QSignalSpy running(&area, &widgets::ResponseArea::runningCountChanged);
        area.runAllAction()->trigger();
        // One request carrying the six panes: they run, and are stored, as one run.
        QCOMPARE(run.count(), 1);
        QCOMPARE(run.at(0).at(0).value<QList<widgets::PaneRun>>().size(), 6);
        area.pane(2)->begin(QStringLiteral("gpt-4o-mini"));
        QCOMPARE(running.last().at(0).toInt(), 1);
        QVERIFY(area.stopAllAction()->isEnabled());
        QSignalSpy stop(&area, &widgets::ResponseArea::stopRequested);
        area.removePane(area.pane(2)->id()); // stops it first
        QCOMPARE(stop.count(), 1);
        QCOMPARE(area.paneCount(), 5);
        QCOMPARE(running.last().at(0).toInt(), 0);
        area.setPaneCount(1);
        QCOMPARE(area.paneCount(), 1);
        area.removePane(area.pane(0)->id()); // the last pane stays
        QCOMPARE(area.paneCount(), 1);
    }

    void bridgeBatchesTextFromAnotherThread()
    {
        widgets::CallBridge bridge;
        QSignalSpy texts(&bridge, &widgets::CallBridge::textArrived);
        QString received;
        bool finishedAfterText = false;
        int finished = 0;
        connect(
            &bridge, &widgets::CallBridge::textArrived, this, [&](quint64 id, const QString &text) {
                QCOMPARE(id, quint64(42));
                QCOMPARE(finished, 0);
                received += text;
            });
        connect(&bridge, &widgets::CallBridge::callFinished, this,
            [&](quint64 id, const dispatch::CallOutcome &outcome) {
                QCOMPARE(id, quint64(42));
                ++finished;
                finishedAfterText = received.toStdString() == outcome.result.text;
            });

        const dispatch::CallCallbacks callbacks = bridge.callbacks(42);
        std::string all;
        std::thread network([&callbacks, &all] {
            // "é" is two bytes: send them in two pieces, as a byte stream may cut it.
            const std::string e = "\xC3\xA9";
            for (int i = 0; i < 2000; ++i) {
                callbacks.onText(e.substr(0, 1));
                callbacks.onText(e.substr(1) + " ");
                all += e + " ";
            }
            dispatch::CallOutcome outcome;
            outcome.result.text = all;
            callbacks.onDone(outcome);
        });
        network.join();
        QCOMPARE(texts.count(), 0); // nothing before the GUI thread's event loop runs
        QTRY_COMPARE(finished, 1);
        QVERIFY(finishedAfterText);
        QCOMPARE(received, QString::fromStdString(all));
        QVERIFY(!received.contains(QChar::ReplacementCharacter));
        QVERIFY2(texts.count() < 100, qPrintable(QString::number(texts.count())));
    }

    void bridgeNeverCutsACharacter()
    {
        widgets::CallBridge bridge;
        QString received;
        connect(&bridge, &widgets::CallBridge::textArrived, this,
            [&](quint64, const QString &text) { received += text; });
        const dispatch::CallCallbacks callbacks = bridge.callbacks(3);
        // The first byte of "é" waits for the second, even across two deliveries.
        callbacks.onText("caf\xC3");
        QTRY_COMPARE(received, QStringLiteral("caf"));
        callbacks.onText("\xA9 ok");
        QTRY_COMPARE(received, QStringLiteral("caf\u00e9 ok"));
    }

    void bridgeDropsCallbacksAfterItIsGone()
    {
        dispatch::CallCallbacks callbacks;
        {
            widgets::CallBridge bridge;
            callbacks = bridge.callbacks(1);
        }
        callbacks.onText("late");
        callbacks.onDone({});
        QCoreApplication::processEvents(); // must not reach the destroyed bridge
    }
};

QTEST_MAIN(TestResponsePane)
#include "test_response_pane.moc"
