// This machine's approvals of provider destinations: kept in a file outside any project, shared
// safely by processes approving at once, never trusting an unreadable file.
#include "dispatch/trust_check.h"
#include "providers/provider_config.h"
#include "secrets/trust_store.h"

#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <thread>

using namespace ps;
using secrets::ProviderDestination;
using secrets::TrustStore;

namespace {

providers::ProviderConfig config(
    providers::ProviderKind kind, std::string url, std::string variable)
{
    providers::ProviderConfig c;
    c.id = "p";
    c.kind = kind;
    c.baseUrl = std::move(url);
    c.apiKeyEnv = std::move(variable);
    return providers::resolveConfig(c, {});
}

// The file's bytes, through the suites' shared reader.
std::string slurp(const std::filesystem::path &path)
{
    return ps::test::readFile(QString::fromStdString(path.string())).toStdString();
}

} // namespace

class TestTrustStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::filesystem::path file() const
    {
        return std::filesystem::path(m_dir.path().toStdString()) / "cfg" / "promptsmith"
            / "trusted-providers.json";
    }

private slots:
    void init() { std::filesystem::remove_all(file().parent_path()); }

    void destinationIsWhereTheKeyGoes()
    {
        const auto openai = secrets::destinationOf(config(providers::ProviderKind::OpenAi, "", ""));
        QVERIFY(openai);
        QCOMPARE(openai->host, std::string("api.openai.com:443"));
        QCOMPARE(openai->variable, std::string("OPENAI_API_KEY"));
        QVERIFY(!openai->loopback);
        QVERIFY(!secrets::destinationOf(
            config(providers::ProviderKind::Echo, "http://127.0.0.1:1", "AWS_SECRET_ACCESS_KEY")));
    }

    void approvalsPersistAndAreWithdrawn()
    {
        const ProviderDestination openai {"api.openai.com:443", "OPENAI_API_KEY", false};
        {
            TrustStore trust(file());
            QVERIFY(!trust.approves(openai));
            trust.approve(openai, "openai");
            QVERIFY(trust.approves(openai));
        }
        TrustStore reread(file());
        QVERIFY(reread.approves(openai));
        // The pair, not the host: another variable to the same host is not approved.
        QVERIFY(!reread.approves({"api.openai.com:443", "GITHUB_TOKEN", false}));
        QVERIFY(!reread.approves({"api.openai.com:8443", "OPENAI_API_KEY", false}));
        QVERIFY(reread.revoke(openai));
        QVERIFY(!reread.revoke(openai));
        QVERIFY(!TrustStore(file()).approves(openai));
        // Only the user may read or change the approvals.
        const auto perms = std::filesystem::status(file()).permissions();
        QVERIFY((perms & std::filesystem::perms::others_all) == std::filesystem::perms::none);
        QVERIFY((perms & std::filesystem::perms::group_all) == std::filesystem::perms::none);
    }

    void keylessOnThisMachineNeedsNoApproval()
    {
        const TrustStore trust(file());
        QVERIFY(trust.approves({"localhost:11434", "", true}));
        QVERIFY(!trust.approves({"localhost:11434", "OLLAMA_KEY", true}));
        QVERIFY(!trust.approves({"models.example.com:443", "", false}));
    }

    void trustedHostsApproveEveryVariable()
    {
        const TrustStore trust(file(), {" GATEWAY.example.com ", "127.0.0.1:8080", "[::1]"});
        QVERIFY(trust.approves({"gateway.example.com:443", "ANY_KEY", false}));
        QVERIFY(trust.approves({"127.0.0.1:8080", "K", true}));
        QVERIFY(!trust.approves({"127.0.0.1:8081", "K", true}));
        QVERIFY(trust.approves({"[::1]:9", "K", true}));
        QVERIFY(!trust.approves({"example.com:443", "K", false}));
    }

    void unreadableFileApprovesNothingAndIsKept()
    {
        std::filesystem::create_directories(file().parent_path());
        const std::string junk
            = R"({"format": "something-else", "approved": [{"host": "evil:1", "variable": "K"}]})";
        std::ofstream(file()) << junk;
        TrustStore trust(file());
        QVERIFY(!trust.approves({"evil:1", "K", false}));
        QVERIFY(trust.loadError().find(file().string()) != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, trust.approve({"api.openai.com:443", "OPENAI_API_KEY", false}));
        QCOMPARE(slurp(file()), junk);
    }

    void processesApprovingAtOnceKeepEveryApproval()
    {
        // Two stores on one file, as two CLI runs would have: each re-reads under the lock.
        TrustStore first(file());
        TrustStore second(file());
        std::thread a([&] {
            for (int i = 0; i < 25; ++i)
                first.approve({"a" + std::to_string(i) + ":443", "K", false});
        });
        std::thread b([&] {
            for (int i = 0; i < 25; ++i)
                second.approve({"b" + std::to_string(i) + ":443", "K", false});
        });
        a.join();
        b.join();
        const TrustStore reread(file());
        for (int i = 0; i < 25; ++i) {
            QVERIFY(reread.approves({"a" + std::to_string(i) + ":443", "K", false}));
            QVERIFY(reread.approves({"b" + std::to_string(i) + ":443", "K", false}));
        }
    }

    void defaultFileFollowsXdg()
    {
        const auto env = [](std::map<std::string, std::string> values) {
            return [values](const std::string &name) -> std::optional<std::string> {
                const auto found = values.find(name);
                return found == values.end() ? std::nullopt : std::optional(found->second);
            };
        };
        QCOMPARE(TrustStore::defaultFile(env({{"XDG_CONFIG_HOME", "/x/cfg"}, {"HOME", "/h"}})),
            std::filesystem::path("/x/cfg/promptsmith/trusted-providers.json"));
        QCOMPARE(TrustStore::defaultFile(env({{"HOME", "/h"}})),
            std::filesystem::path("/h/.config/promptsmith/trusted-providers.json"));
        // A relative XDG_CONFIG_HOME is invalid by the spec and ignored.
        QCOMPARE(TrustStore::defaultFile(env({{"XDG_CONFIG_HOME", "rel"}, {"HOME", "/h"}})),
            std::filesystem::path("/h/.config/promptsmith/trusted-providers.json"));
    }

    void requireTrustedWalksTheFallbackChain()
    {
        dispatch::TargetCall head;
        head.targetId = "local";
        head.provider = config(providers::ProviderKind::Echo, "", "");
        auto fallback = std::make_shared<dispatch::TargetCall>();
        fallback->targetId = "cloud";
        fallback->provider = config(providers::ProviderKind::OpenAi, "", "");
        fallback->provider.id = "cloud-provider";
        head.fallback = fallback;
        const TrustStore trust(file());
        try {
            dispatch::requireTrusted(head, trust, {});
            QFAIL("a fallback to an unapproved host went through");
        } catch (const dispatch::UntrustedProviderError &error) {
            QCOMPARE(error.providerId(), std::string("cloud-provider"));
            const std::string message = error.what();
            QVERIFY(message.find("OPENAI_API_KEY") != std::string::npos);
            QVERIFY(message.find("api.openai.com:443") != std::string::npos);
            QVERIFY(message.find("provider trust cloud-provider") != std::string::npos);
        }
        const TrustStore ci(file(), {"api.openai.com"});
        dispatch::requireTrusted(head, ci, {});
    }
};

QTEST_APPLESS_MAIN(TestTrustStore)
#include "test_trust_store.moc"
