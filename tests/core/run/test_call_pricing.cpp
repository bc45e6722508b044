// The one pricing rule: what a call costs in `run`, `eval`, reports and the window alike.
#include "run/call_pricing.h"
#include "store/price_overrides.h"
#include "store/project.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ps;

namespace {

dispatch::TargetCall target(std::string id, providers::ProviderKind kind, std::string model)
{
    dispatch::TargetCall call;
    call.targetId = std::move(id);
    call.provider.id = call.targetId;
    call.provider.kind = kind;
    call.request.model = std::move(model);
    return call;
}

dispatch::CallOutcome answer(std::string targetId, std::string model, long long in, long long out)
{
    dispatch::CallOutcome outcome;
    outcome.targetId = std::move(targetId);
    outcome.model = std::move(model);
    outcome.result.usage.inputTokens = in;
    outcome.result.usage.outputTokens = out;
    return outcome;
}

} // namespace

class TestCallPricing : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_project = std::make_unique<store::Project>(
            store::Project::create(m_dir->filePath(QStringLiteral("p.promptsmith")).toStdString()));
        store::PriceOverrides prices(*m_project);
        prices.set({"house-large", 10.0, 30.0, std::nullopt, {}}); // USD per 1M tokens
        prices.set({"house-small", 1.0, 2.0, std::nullopt, {}});
    }
    void cleanup()
    {
        m_project.reset();
        m_dir.reset();
    }

    void answeredCallIsPricedAtItsModel()
    {
        const run::CallPricing pricing(*m_project);
        const auto call = target("large", providers::ProviderKind::OpenAi, "house-large");
        const auto cost = pricing.cost(call, answer("large", "house-large", 1000, 500));
        QVERIFY(cost);
        QCOMPARE(*cost, (1000 * 10.0 + 500 * 30.0) / 1e6);
    }

    // The link that answered is priced, not the head that failed before it.
    void fallbackIsPricedAtTheLinkThatAnswered()
    {
        const run::CallPricing pricing(*m_project);
        auto head = target("large", providers::ProviderKind::OpenAi, "house-large");
        head.fallback = std::make_shared<dispatch::TargetCall>(
            target("small", providers::ProviderKind::OpenAiCompatible, "house-small"));
        auto outcome = answer("small", "house-small", 1000, 500);
        outcome.fellBackFrom = "large";
        QCOMPARE(*pricing.cost(head, outcome), (1000 * 1.0 + 500 * 2.0) / 1e6);
        // The reply named no model: the one the answering link asked for is used.
        outcome.model.clear();
        QCOMPARE(*pricing.cost(head, outcome), (1000 * 1.0 + 500 * 2.0) / 1e6);

        auto toEcho = target("large", providers::ProviderKind::OpenAi, "house-large");
        toEcho.fallback = std::make_shared<dispatch::TargetCall>(
            target("offline", providers::ProviderKind::Echo, "echo"));
        QCOMPARE(pricing.cost(toEcho, answer("offline", "echo", 1000, 500)), std::optional(0.0));
    }

    void cachedCostsNothing()
    {
        const run::CallPricing pricing(*m_project);
        auto outcome = answer("large", "house-large", 1000, 500);
        outcome.cached = true;
        QCOMPARE(
            pricing.cost(target("large", providers::ProviderKind::OpenAi, "house-large"), outcome),
            std::optional(0.0));
    }

    // An error that reported no tokens has no known cost (shown "—"), never a made-up $0; one
    // that did (a stream cut off midway) costs what it used.
    void errorsCostWhatTheyReported()
    {
        const run::CallPricing pricing(*m_project);
        const auto call = target("large", providers::ProviderKind::OpenAi, "house-large");
        dispatch::CallOutcome failed;
        failed.targetId = "large";
        failed.result.error
            = providers::ProviderError {providers::ErrorCategory::Server, "HTTP 500", 500, {}, {}};
        QCOMPARE(pricing.cost(call, failed), std::optional<double>());

        auto cut = answer("large", "house-large", 1000, 100);
        cut.result.error
            = providers::ProviderError {providers::ErrorCategory::Network, "cut off", 0, {}, {}};
        QCOMPARE(*pricing.cost(call, cut), (1000 * 10.0 + 100 * 30.0) / 1e6);
    }

    void unknownModelHasNoPrice()
    {
        const run::CallPricing pricing(*m_project);
        const auto call = target("x", providers::ProviderKind::OpenAi, "no-such-model-anywhere");
        QCOMPARE(pricing.cost(call, answer("x", "no-such-model-anywhere", 10, 10)),
            std::optional<double>());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::Project> m_project;
};

QTEST_APPLESS_MAIN(TestCallPricing)
#include "test_call_pricing.moc"
