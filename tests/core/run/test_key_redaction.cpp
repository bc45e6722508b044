// Keys a server echoes back never reach what is printed or stored: every key of a target's
// fallback chain is blanked from the answer, the error message and the request as stored.
#include "run/key_redaction.h"

#include "secrets/secret_store.h"

#include <QTest>

#include <map>

using namespace ps;

namespace {

dispatch::TargetCall call(const std::string &id, const std::string &keyEnv)
{
    dispatch::TargetCall call;
    call.targetId = id;
    call.provider.id = id + "-provider";
    call.provider.kind = providers::ProviderKind::OpenAiCompatible;
    call.provider.apiKeyEnv = keyEnv;
    return call;
}

} // namespace

class TestKeyRedaction : public QObject
{
    Q_OBJECT

private slots:
    void collectsEveryKeyOfTheChainOnce()
    {
        const std::map<std::string, std::string> env
            = {{"KEY_A", "sk-first-key-123456"}, {"KEY_B", "sk-second-key-654321"}};
        const secrets::EnvSecretStore secrets([&env](const std::string &name) {
            const auto it = env.find(name);
            return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
        });
        dispatch::TargetCall head = call("a", "KEY_A");
        auto middle = std::make_shared<dispatch::TargetCall>(call("b", "KEY_B"));
        middle->fallback = std::make_shared<dispatch::TargetCall>(call("a2", "KEY_A"));
        head.fallback = middle;
        const std::vector<std::string> keys = run::chainKeys(head, secrets);
        QCOMPARE(keys, (std::vector<std::string> {"sk-first-key-123456", "sk-second-key-654321"}));
        // A provider without a key adds nothing.
        QVERIFY(run::chainKeys(call("c", "UNSET"), secrets).empty());
    }

    void blanksTextErrorAndRequest()
    {
        const std::vector<std::string> keys = {"sk-first-key-123456"};
        dispatch::CallOutcome outcome;
        outcome.result.text = "your key is sk-first-key-123456, keep it";
        outcome.result.error = providers::ProviderError {providers::ErrorCategory::Auth,
            "Incorrect API key provided: sk-first-key-123456", 401, {}, {}};
        outcome.renderedRequest = {{"model", "m"}, {"note", "sk-first-key-123456"}};
        const dispatch::CallOutcome redacted = run::redactOutcome(outcome, keys);
        QCOMPARE(redacted.result.text, std::string("your key is ***, keep it"));
        QCOMPARE(redacted.result.error->message, std::string("Incorrect API key provided: ***"));
        QVERIFY(redacted.renderedRequest.at("note") == "***");
        QVERIFY(redacted.renderedRequest.at("model") == "m");
        // Without keys the outcome is unchanged.
        QCOMPARE(run::redactOutcome(outcome, {}).result.text, outcome.result.text);
    }
};

QTEST_APPLESS_MAIN(TestKeyRedaction)
#include "test_key_redaction.moc"
