// One call costs the same wherever it is shown: `run --json`, `eval --output`, `report`, the
// pane's metrics and the session total in the status bar — for a call that fell back, one
// answered from the cache and one that errored (README "Cost").

#include "cli_test_helpers.h"
#include "fake_provider_server.h"
#include "main_window.h"
#include "metrics_bar.h"
#include "response_area.h"
#include "response_pane.h"
#include "window_fixture.h"

#include "util/number_text.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace ps;
using namespace ps::test;
using nlohmann::json;
using widgets::ResponsePane;

namespace {

const json *find(const json &list, const char *key, const char *value)
{
    for (const json &item : list)
        if (item.at(key) == value)
            return &item;
    return nullptr;
}

json readJson(const QString &path)
{
    std::ifstream in(path.toStdString());
    return json::parse(in, nullptr, false);
}

} // namespace

class TestCostAgreement : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;
    fakeprovider::FakeProviderServer m_server;

    CliResult inProject(std::initializer_list<Arg> args)
    {
        return runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args));
    }
    void mustSucceed(std::initializer_list<Arg> args)
    {
        const CliResult result = inProject(args);
        QVERIFY2(result.exitCode == 0, describe(result));
    }
    // `eval` of greet over the one-case dataset, written to `output`; its run's report as JSON.
    json evalAndReport(std::initializer_list<Arg> targets, const QString &output, bool cache)
    {
        QStringList args {QStringLiteral("--project"), m_project, QStringLiteral("eval"),
            QStringLiteral("greet"), QStringLiteral("--dataset"), QStringLiteral("one"),
            QStringLiteral("--output"), output};
        for (const Arg &target : targets)
            args << QStringLiteral("--target") << target.value;
        if (!cache)
            args << QStringLiteral("--no-cache");
        const CliResult result = runCli(args);
        const json written = readJson(output);
        if (!written.is_object()) {
            qWarning("%s", describe(result).constData());
            return nullptr;
        }
        const CliResult report = runCli({QStringLiteral("--project"), m_project,
            QStringLiteral("report"), QString::fromStdString(written.at("run_id")),
            QStringLiteral("--format"), QStringLiteral("json")});
        return {{"eval", written}, {"report", jsonOut(report)}};
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        keepSettingsIn(m_dir.filePath(QStringLiteral("settings")));
        QVERIFY(m_server.start());
        m_project = m_dir.filePath(QStringLiteral("p.promptsmith"));
        const json version = {{"messages",
            {{{"role", "system"}, {"content", "You greet people."}},
                {{"role", "user"}, {"content", "Say hello to Ada please"}}}}};
        QVERIFY(createGreetProject(m_project, version));
        QVERIFY(addFallbackTargets(m_project, m_server.baseUrl()));
        const QString cases = m_dir.filePath(QStringLiteral("one.jsonl"));
        QVERIFY(writeFile(cases, R"({"vars": {"who": "Ada"}})"));
        mustSucceed({"dataset", "import", "one", cases});
    }
    void cleanupTestCase() { m_server.stop(); }

    void fallbackAndErrorAgreeFromTheCliToTheStatusBar()
    {
        const json run = jsonOut(
            inProject({"run", "greet", "--target", "flaky", "--target", "broken", "--json"}));
        const json &fellBack = *find(run.at("results"), "target", "backup");
        QCOMPARE(str(fellBack.at("fell_back_from")), QStringLiteral("flaky"));
        const double cost = fellBack.at("cost_usd").get<double>();
        QVERIFY(cost > 0);
        const json &errored = *find(run.at("results"), "target", "broken");
        QVERIFY(errored.at("error").is_object());
        QVERIFY(errored.at("cost_usd").is_null()); // no usage: no cost, not $0

        // eval sends the same call fresh: the cell, the column and the report say the same.
        const json evaluated
            = evalAndReport({"flaky", "broken"}, m_dir.filePath(QStringLiteral("e1.json")), false);
        QVERIFY(evaluated.is_object());
        const json &cells = evaluated.at("eval").at("cells");
        QCOMPARE(find(cells, "target", "flaky")->at("cost_usd").get<double>(), cost);
        QVERIFY(find(cells, "target", "broken")->at("cost_usd").is_null());
        for (const char *document : {"eval", "report"}) {
            const json &summary = evaluated.at(document).at("summary");
            QCOMPARE(summary.at("flaky").at("cost_usd").get<double>(), cost);
            QVERIFY2(summary.at("broken").at("cost_usd").is_null(), document);
        }

        // The window sends it too: the pane and the session total show the same figure.
        app::MainWindow window;
        QSignalSpy loaded(&window, &app::MainWindow::projectLoaded);
        window.openProject(m_project);
        QTRY_COMPARE(loaded.count(), 1);
        window.show();
        widgets::ResponseArea *area = window.responseArea();
        ResponsePane *fallback = area->pane(0);
        ResponsePane *failing = area->addPane();
        fallback->setTargetId(QStringLiteral("flaky"));
        failing->setTargetId(QStringLiteral("broken"));
        area->runAllAction()->trigger();
        QTRY_COMPARE(fallback->state(), ResponsePane::State::Done);
        QTRY_COMPARE(failing->state(), ResponsePane::State::Failed);

        QCOMPARE(fallback->lastCost(), std::optional<double>(cost));
        QVERIFY(!failing->lastCost());
        const QString shown = QString::fromStdString(util::dollars(cost));
        QVERIFY2(fallback->metricsBar()->text().contains(shown),
            qPrintable(fallback->metricsBar()->text()));
        QCOMPARE(area->sessionCost(), cost); // the error added nothing
        bool inStatusBar = false;
        for (const QLabel *label : window.statusBar()->findChildren<QLabel *>())
            inStatusBar = inStatusBar || label->text() == QStringLiteral("Session: ") + shown;
        QVERIFY2(inStatusBar, qPrintable(shown));
    }

    // The window sends every call fresh, so a cached answer is shown by the CLI's surfaces.
    void cachedCallCostsNothingEverywhere()
    {
        mustSucceed({"run", "greet", "--target", "answers", "--cache", "--json"});
        const json again
            = jsonOut(inProject({"run", "greet", "--target", "answers", "--cache", "--json"}));
        const json &cached = again.at("results").at(0);
        QCOMPARE(cached.at("cached").get<bool>(), true);
        QCOMPARE(cached.at("cost_usd").get<double>(), 0.0);

        const json evaluated
            = evalAndReport({"answers"}, m_dir.filePath(QStringLiteral("e2.json")), true);
        QVERIFY(evaluated.is_object());
        const json &cell = *find(evaluated.at("eval").at("cells"), "target", "answers");
        QCOMPARE(cell.at("cached").get<bool>(), true);
        QCOMPARE(cell.at("cost_usd").get<double>(), 0.0);
        for (const char *document : {"eval", "report"})
            QCOMPARE(
                evaluated.at(document).at("summary").at("answers").at("cost_usd").get<double>(),
                0.0);
    }
};

QTEST_MAIN(TestCostAgreement)
#include "test_cost_agreement.moc"
