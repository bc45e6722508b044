// Tool calls in a pane, in the OpenAI and the Anthropic wire formats: the fake provider calls the
// prompt's tool; the pane shows it as a call (name, id, pretty arguments), not as text; the mocked
// result typed under it goes back as that format's tool message and the final answer streams in.

#include "fake_provider_server.h"
#include "follow_up_bar.h"
#include "main_window.h"
#include "prompt_document.h"
#include "prompt_workbench.h"
#include "response_area.h"
#include "response_pane.h"
#include "tool_calls_box.h"
#include "window_fixture.h"
#include "window_steps.h"

#include "store/project.h"
#include "store/provider_catalog.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <memory>

using namespace ps;
using widgets::ResponsePane;

class TestToolCalls : public QObject
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
    }

    // Each row its own project: Keep changes the draft.
    void init()
    {
        test::keepSettingsIn(m_dir.filePath(QStringLiteral("settings")));
        m_path = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(".promptsmith"));
        store::Project project = store::Project::create(m_path.toStdString());
        store::SaveRequest request;
        request.promptName = "billing-agent";
        model::Message user;
        user.role = "user";
        user.content = "Was invoice 1042 charged twice?";
        request.content.messages = {user};
        request.content.params.tools = nlohmann::json::array({{{"name", "lookup_invoice"},
            {"description", "Finds an invoice and its payments"},
            {"parameters",
                {{"type", "object"},
                    {"properties", {{"query", {{"type", "string"}}}}},
                    {"required", {"query"}}}}}});
        request.message = "with a tool";
        project.saveVersion(request);
        test::addFakeTargets(project, m_server->baseUrl(), {{"gpt", "fake-small"}});
        providers::ProviderConfig claude;
        claude.id = "claude";
        claude.kind = providers::ProviderKind::Anthropic;
        claude.baseUrl = m_server->hostUrl();
        store::ProviderCatalog(project).addProvider(claude);
        test::addTarget(project, "haiku", "claude", "fake-small");
        test::approveHere(claude);
    }

    void cleanupTestCase() { m_server.reset(); }

    void aMockedResultGoesBackAndTheModelAnswers_data()
    {
        QTest::addColumn<QString>("target");
        QTest::newRow("openai") << QStringLiteral("gpt");
        QTest::newRow("anthropic") << QStringLiteral("haiku");
    }

    void aMockedResultGoesBackAndTheModelAnswers()
    {
        QFETCH(QString, target);
        app::MainWindow window;
        QVERIFY(test::openAndWait(window, m_path));
        ResponsePane *pane = window.responseArea()->pane(0);
        QTRY_COMPARE(window.responseArea()->targets().size(), 2);
        pane->setTargetId(target);
        QTRY_VERIFY(pane->runButton()->isEnabled());
        pane->runButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);

        // Shown as a call, its arguments pretty-printed; not as text.
        widgets::ToolCallsBox *calls = pane->toolCallsBox();
        QVERIFY(calls->isVisible());
        QCOMPARE(calls->callCount(), 1);
        QVERIFY(pane->answerText().isEmpty());
        QCOMPARE(calls->argumentsShown(0),
            QStringLiteral("{\n    \"query\": \"Was invoice 1042 charged twice?\"\n}"));
        QVERIFY(!calls->sendButton()->isEnabled()); // a result is needed first
        const auto first = nlohmann::json::parse(m_server->lastRequestBody());

        calls->resultEdit(0)->setFocus();
        QTest::keyClicks(calls->resultEdit(0), QStringLiteral("{\"payments\": 2, \"refund\": \"due\"}"));
        QVERIFY(calls->sendButton()->isEnabled());
        calls->sendButton()->click();
        QTRY_COMPARE(pane->state(), ResponsePane::State::Done);
        QVERIFY2(pane->answerText().startsWith(QStringLiteral("Echo from fake-small: {\"payments\": 2,")),
            qPrintable(pane->answerText()));
        QVERIFY(!calls->isVisible());

        // The result went back as the format's own tool message, after the model's call.
        const auto body = nlohmann::json::parse(m_server->lastRequestBody());
        const auto &messages = body.at("messages");
        QVERIFY(first.contains("tools"));
        if (target == QStringLiteral("gpt")) {
            const auto &call = messages.at(messages.size() - 2);
            QCOMPARE(call.at("role"), "assistant");
            QCOMPARE(call.at("tool_calls").at(0).at("id"), "call_fake_1");
            QCOMPARE(call.at("tool_calls").at(0).at("function").at("name"), "lookup_invoice");
            const auto &result = messages.back();
            QCOMPARE(result.at("role"), "tool");
            QCOMPARE(result.at("tool_call_id"), "call_fake_1");
            QCOMPARE(result.at("content"), "{\"payments\": 2, \"refund\": \"due\"}");
        } else {
            const auto &call = messages.at(messages.size() - 2);
            QCOMPARE(call.at("role"), "assistant");
            QCOMPARE(call.at("content").at(0).at("type"), "tool_use");
            QCOMPARE(call.at("content").at(0).at("id"), "toolu_fake_1");
            const auto &result = messages.back();
            QCOMPARE(result.at("role"), "user");
            QCOMPARE(result.at("content").at(0).at("type"), "tool_result");
            QCOMPARE(result.at("content").at(0).at("tool_use_id"), "toolu_fake_1");
        }

        // Kept as prompt: the call, its result and the answer, as the version's messages.
        pane->followUpBar()->keepButton()->click();
        const auto &kept = window.findChild<widgets::PromptWorkbench *>()->document()->messages();
        QCOMPARE(kept.size(), std::size_t(4));
        QCOMPARE(kept[1].role, std::string("assistant"));
        QCOMPARE(kept[1].toolCalls.size(), std::size_t(1));
        QCOMPARE(kept[1].toolCalls.at(0).at("name"), "lookup_invoice");
        QCOMPARE(kept[2].role, std::string("tool"));
        QCOMPARE(kept[2].toolCallId, kept[1].toolCalls.at(0).at("id").get<std::string>());
        QCOMPARE(kept[3].role, std::string("assistant"));
    }

private:
    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_MAIN(TestToolCalls)
#include "test_tool_calls.moc"
