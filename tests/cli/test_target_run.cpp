// The one run of "this prompt to these targets" (run::TargetRun), driven without Qt against the
// fake provider: an answer, a fallback and an error; what it stores equals what `run --json`
// prints and stores for the same targets.
#include "cli_test_helpers.h"
#include "fake_provider_server.h"

#include "dispatch/engine.h"
#include "run/call_pricing.h"
#include "run/run_store_sink.h"
#include "run/target_calls.h"
#include "run/target_run.h"
#include "store/project.h"
#include "store/run_store.h"
#include "template/prompt_renderer.h"

#include <QTemporaryDir>
#include <QTest>

#include <mutex>
#include <optional>
#include <utility>

using namespace ps;
using namespace ps::test;

namespace {

const char *const kTargets[] = {"answers", "flaky", "broken"};

nlohmann::json optionalJson(const std::optional<long long> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

// What a stored response says, in `run --json`'s words, for the fields a rerun reproduces
// (timings and ids differ from run to run).
nlohmann::json storedAsPrinted(const store::ResponseRecord &response)
{
    nlohmann::json error = nullptr;
    if (response.error)
        error = {{"category", response.error->category}, {"message", response.error->message},
            {"status", response.error->status ? nlohmann::json(*response.error->status) : nullptr}};
    return {{"target", response.targetId}, {"model", response.model}, {"text", response.text},
        {"finish_reason",
            response.finishReason.empty() ? nlohmann::json()
                                          : nlohmann::json(response.finishReason)},
        {"usage",
            {{"input_tokens", optionalJson(response.inputTokens)},
                {"output_tokens", optionalJson(response.outputTokens)},
                {"reasoning_tokens", optionalJson(response.reasoningTokens)}}},
        {"cost_usd", response.costUsd ? nlohmann::json(*response.costUsd) : nullptr},
        {"attempts", response.attempts}, {"cached", response.cached},
        {"fell_back_from",
            response.fellBackFrom ? nlohmann::json(*response.fellBackFrom) : nullptr},
        {"error", error}};
}

// The same fields of one result of `run --json`.
nlohmann::json printed(const nlohmann::json &result)
{
    nlohmann::json kept;
    for (const char *key : {"target", "model", "text", "finish_reason", "usage", "cost_usd",
             "attempts", "cached", "fell_back_from", "error"})
        kept[key] = result.at(key);
    return kept;
}

} // namespace

class TestTargetRun : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;
    fakeprovider::FakeProviderServer m_server;

    // The three calls as `run greet --target answers --target flaky --target broken` builds them.
    std::vector<dispatch::TargetCall> calls(const store::Project &project)
    {
        const model::VersionRecord version = project.resolve("greet");
        const tmpl::RenderedPrompt prompt
            = tmpl::renderPrompt(version.content, nlohmann::json {{"name", "Ada"}});
        std::vector<dispatch::TargetCall> built;
        for (const char *target : kTargets)
            built.push_back(run::buildTargetCall(
                project, target, run::chatMessages(prompt), version.content.params, true));
        return built;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        m_project = m_dir.filePath(QStringLiteral("p.promptsmith"));
        const nlohmann::json version = {{"messages",
            {{{"role", "system"}, {"content", "You greet people."}},
                {{"role", "user"}, {"content", "Say hello to {{name}} please"}}}}};
        QVERIFY(createGreetProject(m_project, version));
        QVERIFY(addFallbackTargets(m_project, m_server.baseUrl()));
    }
    void cleanupTestCase() { m_server.stop(); }

    void drivesAnAnswerAFallbackAndAnError()
    {
        const store::Project project = store::Project::open(m_project.toStdString());
        store::RunStore runs(project);
        const auto sink = std::make_shared<run::RunStoreSink>(runs, project.resolve("greet"));
        std::optional<dispatch::Engine> engine(std::in_place);
        run::TargetRun targetRun(calls(project), run::CallPricing(project), engine->secrets());

        std::vector<std::string> shown(3);
        std::vector<int> discarded(3, 0);
        std::mutex mutex;
        run::SlotObserver observer;
        observer.onText = [&](std::size_t slot, std::string_view text) {
            std::lock_guard lock(mutex);
            shown[slot] += text;
        };
        observer.onTextDiscarded = [&](std::size_t slot) {
            std::lock_guard lock(mutex);
            shown[slot].clear();
            ++discarded[slot];
        };
        targetRun.start(engine->dispatcher(), sink, std::move(observer));
        QVERIFY(targetRun.waitUntilDone(std::chrono::seconds(30)));
        engine.reset();

        const std::vector<run::RunSlot> ended = targetRun.allSlots();
        QCOMPARE(ended.size(), std::size_t(3));
        // Answered: its text as streamed, priced at its model.
        QVERIFY(!ended[0].outcome->result.error);
        QCOMPARE(shown[0], ended[0].outcome->result.text);
        QVERIFY(ended[0].outcome->result.text.find("Echo from gpt-4o-mini") == 0);
        QVERIFY(ended[0].costUsd && *ended[0].costUsd > 0);
        // Fell back: the fallback's text only, priced at the fallback's model.
        QCOMPARE(run::answeringTarget(ended[1]), std::string("backup"));
        QCOMPARE(ended[1].outcome->fellBackFrom.value_or(""), std::string("flaky"));
        QCOMPARE(shown[1], ended[1].outcome->result.text);
        QVERIFY(ended[1].outcome->result.text.find("Echo from gpt-4o") == 0);
        QVERIFY(ended[1].costUsd && *ended[1].costUsd > *ended[0].costUsd); // gpt-4o costs more
        // Errored without usage: no cost at all, not a made-up 0.
        QVERIFY(ended[2].outcome->result.error);
        QCOMPARE(ended[2].outcome->result.error->category, providers::ErrorCategory::ContextLength);
        QVERIFY(!ended[2].costUsd);

        const std::optional<model::RunRecord> stored = runs.findRun(sink->run().id);
        QVERIFY(stored);
        QCOMPARE(stored->status, model::RunStatus::Complete);
        QCOMPARE(stored->done, 3);
        QCOMPARE(stored->targets, (std::vector<std::string> {"answers", "flaky", "broken"}));
        const std::vector<store::ResponseRecord> responses = runs.responses(stored->id);
        QCOMPARE(responses.size(), std::size_t(3));
        for (const run::RunSlot &slot : ended) {
            QVERIFY(slot.stored);
            bool found = false;
            for (const store::ResponseRecord &response : responses) {
                if (response.targetId != run::answeringTarget(slot))
                    continue;
                found = true;
                QCOMPARE(response.text, slot.outcome->result.text);
                QCOMPARE(response.costUsd, slot.costUsd);
                QCOMPARE(response.fellBackFrom, slot.outcome->fellBackFrom);
            }
            QVERIFY2(found, slot.targetId.c_str());
        }
    }

    // What the core run stores is what `run --json` prints and stores, field by field.
    void storesWhatRunJsonPrints()
    {
        std::vector<store::ResponseRecord> direct;
        {
            const store::Project project = store::Project::open(m_project.toStdString());
            store::RunStore runs(project);
            const auto sink = std::make_shared<run::RunStoreSink>(runs, project.resolve("greet"));
            std::optional<dispatch::Engine> engine(std::in_place);
            run::TargetRun targetRun(calls(project), run::CallPricing(project), engine->secrets());
            targetRun.start(engine->dispatcher(), sink, {});
            QVERIFY(targetRun.waitUntilDone(std::chrono::seconds(30)));
            engine.reset();
            direct = runs.responses(sink->run().id);
        }

        const CliResult result = runCli(QStringList {QStringLiteral("--project"), m_project}
            + argList({"run", "greet", "--target", "answers", "--target", "flaky", "--target",
                "broken", "--var", "name=Ada", "--json"}));
        QCOMPARE(result.exitCode, 4); // one target errored (CLI.md: provider error)
        const nlohmann::json document = jsonOut(result);
        QCOMPARE(document["results"].size(), std::size_t(3));

        const store::Project project = store::Project::open(m_project.toStdString());
        const std::vector<store::ResponseRecord> fromCli
            = store::RunStore(project).responses(document["run_id"].get<std::string>());
        QCOMPARE(fromCli.size(), std::size_t(3));
        for (const nlohmann::json &shown : document["results"]) {
            const std::string target = shown["target"];
            for (const std::vector<store::ResponseRecord> *responses :
                {&fromCli, &std::as_const(direct)}) {
                bool found = false;
                for (const store::ResponseRecord &response : *responses) {
                    if (response.targetId != target)
                        continue;
                    found = true;
                    QCOMPARE(dumped(storedAsPrinted(response)), dumped(printed(shown)));
                }
                QVERIFY2(found, target.c_str());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTargetRun)
#include "test_target_run.moc"
