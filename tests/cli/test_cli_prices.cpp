// price set/list and the cost of every `run` answer: the project's price, else the catalogue's,
// else "no price" (never $0); the echo provider costs nothing.
#include "cli_test_helpers.h"

#include "fake_provider_server.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace ps;
using namespace ps::test;

namespace {

constexpr const char *kKey = "sk-fake-prices";

const nlohmann::json *resultFor(const nlohmann::json &document, const std::string &target)
{
    for (const auto &result : document["results"])
        if (result["target"] == target)
            return &result;
    return nullptr;
}

// USD for the tokens a result reports, at prices per 1M tokens.
double expectedCost(const nlohmann::json &result, double input, double output)
{
    return (result["usage"]["input_tokens"].get<double>() * input
               + result["usage"]["output_tokens"].get<double>() * output)
        / 1e6;
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-12;
}

} // namespace

class TestCliPrices : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;
    fakeprovider::FakeProviderServer m_server {fakeprovider::FakeProviderOptions {kKey, {}, {}}};

    CliResult inProject(std::initializer_list<Arg> args)
    {
        return runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args), {},
            {QStringLiteral("OPENAI_API_KEY=") + QString::fromLatin1(kKey)});
    }
    void mustSucceed(std::initializer_list<Arg> args)
    {
        const CliResult result = inProject(args);
        QVERIFY2(result.exitCode == 0, describe(result));
    }
    nlohmann::json runJson()
    {
        const CliResult result = inProject({"run", "greet", "--target", "mini", "--target", "house",
            "--target", "offline", "--json"});
        if (result.exitCode != 0)
            qWarning("%s", describe(result).constData());
        return jsonOut(result);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        m_project = m_dir.filePath(QStringLiteral("p.promptsmith"));
        const nlohmann::json version
            = {{"messages", {{{"role", "user"}, {"content", "Say hello to Ada please"}}}}};
        QVERIFY(createGreetProject(m_project, version));
        mustSucceed({"provider", "add", "oa", "--kind", "openai", "--base-url",
            QString::fromStdString(m_server.baseUrl()), "--timeout", "10"});
        mustSucceed({"provider", "add", "local", "--kind", "echo"});
        // A catalogue model under a provider prefix, a model no catalogue knows, and echo.
        mustSucceed({"target", "add", "mini", "--provider", "oa", "--model", "openai/gpt-4o-mini"});
        mustSucceed({"target", "add", "house", "--provider", "oa", "--model", "house-model"});
        mustSucceed({"target", "add", "offline", "--provider", "local", "--model", "house-model"});
    }
    void cleanupTestCase() { m_server.stop(); }

    void catalogueOrNoPrice()
    {
        const nlohmann::json document = runJson();
        const nlohmann::json *mini = resultFor(document, "mini");
        const nlohmann::json *house = resultFor(document, "house");
        const nlohmann::json *offline = resultFor(document, "offline");
        QVERIFY(mini && house && offline);
        QVERIFY(mini->at("usage")["input_tokens"].get<long long>() > 0);
        // gpt-4o-mini in the catalogue: 0.15 in, 0.60 out.
        QVERIFY2(near((*mini)["cost_usd"].get<double>(), expectedCost(*mini, 0.15, 0.60)),
            qPrintable(dumped(*mini)));
        QVERIFY2((*house)["cost_usd"].is_null(), qPrintable(dumped(*house)));
        QCOMPARE((*offline)["cost_usd"].get<double>(), 0.0);

        // The human metrics line says so rather than showing $0.
        const CliResult text = inProject({"run", "greet", "--target", "house"});
        QVERIFY2(text.exitCode == 0, describe(text));
        QVERIFY2(text.out.contains("no price"), describe(text));
        const CliResult echo = inProject({"run", "greet", "--target", "offline"});
        QVERIFY2(echo.out.contains("cost $0\n"), describe(echo));
    }

    void projectPricesWin()
    {
        mustSucceed({"price", "set", "house-model", "--input", "2", "--output", "4"});
        mustSucceed({"price", "set", "gpt-4o-mini", "--input", "1", "--output", "3"});
        const nlohmann::json document = runJson();
        const nlohmann::json *mini = resultFor(document, "mini");
        const nlohmann::json *house = resultFor(document, "house");
        QVERIFY(mini && house);
        QVERIFY2(near((*house)["cost_usd"].get<double>(), expectedCost(*house, 2, 4)),
            qPrintable(dumped(*house)));
        // The override of gpt-4o-mini also covers the prefixed id the target uses.
        QVERIFY2(near((*mini)["cost_usd"].get<double>(), expectedCost(*mini, 1, 3)),
            qPrintable(dumped(*mini)));
        QCOMPARE((*resultFor(document, "offline"))["cost_usd"].get<double>(), 0.0);

        const CliResult text = inProject({"run", "greet", "--target", "house"});
        QVERIFY2(text.out.contains("cost $"), describe(text));
        QVERIFY2(!text.out.contains("no price"), describe(text));
    }

    void priceListShowsOverridesAndTheCatalogue()
    {
        mustSucceed({"price", "set", "my-model", "--input", "0.5", "--output", "1.5",
            "--cached-input", "0.05"});
        const CliResult result = inProject({"price", "list", "--json"});
        QVERIFY2(result.exitCode == 0, describe(result));
        const nlohmann::json document = jsonOut(result);
        QCOMPARE(document["as_of"].get<std::string>().size(), std::size_t(10));
        bool sawOverride = false;
        bool sawCatalogue = false;
        for (const auto &price : document["prices"]) {
            if (price["model"] == "my-model" && price["origin"] == "project") {
                sawOverride = true;
                QCOMPARE(price["input"].get<double>(), 0.5);
                QCOMPARE(price["cached_input"].get<double>(), 0.05);
            }
            if (price["model"] == "gpt-4o-mini" && price["origin"] == "catalogue") {
                sawCatalogue = true;
                QCOMPARE(price["input"].get<double>(), 0.15);
                QCOMPARE(price["overridden"].get<bool>(), true);
            }
        }
        QVERIFY(sawOverride && sawCatalogue);

        const CliResult text = inProject({"price", "list"});
        QVERIFY2(text.out.contains(
                     QByteArray::fromStdString("as of " + document["as_of"].get<std::string>())),
            describe(text));
    }

    void invalidPricesAreRefused()
    {
        QCOMPARE(inProject({"price", "set", "m", "--input", "-1", "--output", "1"}).exitCode, 3);
        QCOMPARE(inProject({"price", "set", "m", "--input", "1"}).exitCode, 2);
        QCOMPARE(inProject({"price", "set", "m", "--input", "x", "--output", "1"}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliPrices)
#include "test_cli_prices.moc"
