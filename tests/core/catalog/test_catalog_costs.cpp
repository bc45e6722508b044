// Costs from the compiled-in catalogue on hand-worked examples, and how model ids are matched.
#include "catalog/model_catalog.h"

#include <QTest>

using namespace ps;
using catalog::ModelCatalog;

namespace {

providers::Usage usage(long long input, long long output, std::optional<long long> cached = {})
{
    providers::Usage result;
    result.inputTokens = input;
    result.outputTokens = output;
    result.cachedInputTokens = cached;
    return result;
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-12;
}

} // namespace

class TestCatalogCosts : public QObject
{
    Q_OBJECT

private slots:
    void catalogueIsDatedAndCoversEveryProvider()
    {
        const ModelCatalog &catalog = ModelCatalog::builtIn();
        QCOMPARE(catalog.asOf().size(), std::size_t(10)); // YYYY-MM-DD
        for (const char *model :
            {"gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", "deepseek-chat", "qwen-plus"})
            QVERIFY2(catalog.find(model).has_value(), model);
        // An uncertain price says so.
        QCOMPARE(catalog.find("qwen-plus")->confidence, std::string("L"));
        QCOMPARE(catalog.find("gpt-4o-mini")->confidence, std::string("H"));
    }

    void gpt4oMiniHandWorked()
    {
        // 1,200 x 0.15 / 1M + 300 x 0.60 / 1M = 0.00018 + 0.00018
        const auto cost = ModelCatalog::builtIn().cost("gpt-4o-mini", usage(1200, 300));
        QVERIFY(cost.has_value());
        QVERIFY2(near(*cost, 0.00036), std::to_string(*cost).c_str());
    }

    void cachedInputIsPricedApart()
    {
        // claude-sonnet-4-5: 3 in, 0.30 cached, 15 out. 10,000 input of which 8,000 cached,
        // 500 output: 2,000 x 3 + 8,000 x 0.30 + 500 x 15 = 6,000 + 2,400 + 7,500 per 1M.
        const auto cost
            = ModelCatalog::builtIn().cost("claude-sonnet-4-5", usage(10000, 500, 8000));
        QVERIFY(cost.has_value());
        QVERIFY2(near(*cost, 0.0159), std::to_string(*cost).c_str());
        // DeepSeek's cache hits: 1M in of which 600K hits, 100K out:
        // 0.4 x 0.28 + 0.6 x 0.028 + 0.1 x 0.42 = 0.112 + 0.0168 + 0.042
        const auto deepseek
            = ModelCatalog::builtIn().cost("deepseek-chat", usage(1000000, 100000, 600000));
        QVERIFY(deepseek && near(*deepseek, 0.1708));
    }

    void withoutCachedPriceCachedTokensCostTheInputPrice()
    {
        catalog::ModelPrice price;
        price.input = 2.0;
        price.output = 8.0;
        // 1,000 in (400 cached) + 250 out = 1,000 x 2 + 250 x 8 = 4,000 per 1M
        QVERIFY(near(catalog::costUsd(price, usage(1000, 250, 400)), 0.004));
        price.cachedInput = 0.5; // 600 x 2 + 400 x 0.5 + 250 x 8 = 3,400 per 1M
        QVERIFY(near(catalog::costUsd(price, usage(1000, 250, 400)), 0.0034));
        // Counts the provider did not report count as zero, not as unknown.
        QVERIFY(near(catalog::costUsd(price, providers::Usage {}), 0.0));
    }

    void datedAndPrefixedIdsFindTheirModel()
    {
        const ModelCatalog &catalog = ModelCatalog::builtIn();
        const auto mini = catalog.find("gpt-4o-mini");
        QVERIFY(mini);
        QCOMPARE(catalog.find("gpt-4o-mini-2024-07-18"), mini);
        QCOMPARE(catalog.find("openai/gpt-4o-mini"), mini);
        QCOMPARE(catalog.find("OpenAI/GPT-4o-mini"), mini);
        // The dated id of gpt-4o is gpt-4o, not gpt-4o-mini.
        QCOMPARE(catalog.find("gpt-4o-2024-08-06")->input, 2.50);
        QCOMPARE(catalog.find("claude-sonnet-4-20250514"), catalog.find("claude-sonnet-4"));
        QCOMPARE(catalog.find("claude-3-5-haiku-latest")->input, 0.80);
        QCOMPARE(catalog.find("claude-sonnet-4@20250514"), catalog.find("claude-sonnet-4"));
        QCOMPARE(catalog.find("claude-opus-4-0")->input, 15.0); // an alias
        QCOMPARE(catalog.find("claude-opus-4-5-20251101")->input, 5.0);
        QCOMPARE(catalog.find("models/gemini-2.5-flash")->output, 2.50);
        QCOMPARE(catalog.find("gemini-2.0-flash-001")->input, 0.10);
        QCOMPARE(catalog.cost("openai/gpt-4o-mini-2024-07-18", usage(1200, 300)),
            catalog.cost("gpt-4o-mini", usage(1200, 300)));
    }

    void unknownModelHasNoPrice()
    {
        const ModelCatalog &catalog = ModelCatalog::builtIn();
        QVERIFY(!catalog.find("llama3.2:3b"));
        QVERIFY(!catalog.cost("llama3.2:3b", usage(100, 100)));
        QVERIFY(!catalog.find(""));
        // A model is not priced as a longer name that merely starts like it.
        QVERIFY(!catalog.find("gpt-4"));
        QVERIFY(!catalog.find("gpt-4o-mini-tts"));
    }

    void overridesWinOverTheCatalogue()
    {
        const ModelCatalog overrides("", {{"gpt-4o-mini", {}, {1.0, 2.0, {}, "", ""}}});
        const auto price = catalog::findPrice(
            overrides, ModelCatalog::builtIn(), {"gpt-4o-mini-2024-07-18", "gpt-4o-mini"});
        QVERIFY(price);
        QCOMPARE(price->input, 1.0);
        // The model that answered is tried before the one asked for.
        const auto answered = catalog::findPrice(
            ModelCatalog(), ModelCatalog::builtIn(), {"gpt-4o", "gpt-4o-mini"});
        QVERIFY(answered);
        QCOMPARE(answered->input, 2.50);
        QVERIFY(!catalog::findPrice(overrides, ModelCatalog::builtIn(), {"mystery", ""}));
    }

    void badCatalogueIsRefused()
    {
        QVERIFY_THROWS_EXCEPTION(catalog::CatalogError, ModelCatalog::fromJson("[]"));
        QVERIFY_THROWS_EXCEPTION(catalog::CatalogError,
            ModelCatalog::fromJson(R"({"models": {"m": {"input": -1, "output": 2}}})"));
        QVERIFY_THROWS_EXCEPTION(
            catalog::CatalogError, ModelCatalog::fromJson(R"({"models": {"m": {"input": 1}}})"));
        const ModelCatalog parsed = ModelCatalog::fromJson(
            R"({"as_of": "2026-01-02", "models": {"m": {"input": 1, "output": 2, "cached_input": 0.5}}})");
        QCOMPARE(parsed.asOf(), std::string("2026-01-02"));
        QCOMPARE(parsed.find("M")->cachedInput, std::optional<double>(0.5));
    }
};

QTEST_APPLESS_MAIN(TestCatalogCosts)
#include "test_catalog_costs.moc"
