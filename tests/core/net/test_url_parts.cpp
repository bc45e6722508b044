// URLs split as libcurl contacts them: what the trust rule approves and what users are shown.
#include "net/url_parts.h"

#include <QtTest>

using ps::net::parseUrl;

class TestUrlParts : public QObject
{
    Q_OBJECT

private slots:
    void hostAndDefaultPorts()
    {
        const auto https = parseUrl("https://API.OpenAI.com/v1");
        QVERIFY(https);
        QCOMPARE(https->scheme, std::string("https"));
        QCOMPARE(https->hostPort(), std::string("api.openai.com:443"));
        QVERIFY(!https->hasUserInfo);
        QCOMPARE(parseUrl("http://localhost:11434")->hostPort(), std::string("localhost:11434"));
        QCOMPARE(parseUrl("http://[::1]:8080/v1")->hostPort(), std::string("[::1]:8080"));
    }

    void userInfoHidesTheRealHost()
    {
        // Shown as api.openai.com by a naive reader; libcurl connects to 127.0.0.1.
        const auto parts = parseUrl("http://api.openai.com:443@127.0.0.1:9999/v1");
        QVERIFY(parts);
        QVERIFY(parts->hasUserInfo);
        QCOMPARE(parts->hostPort(), std::string("127.0.0.1:9999"));
        QCOMPARE(ps::net::withoutUserInfo("https://user:pw@example.com/v1"),
            std::string("https://example.com/v1"));
    }

    void loopbackIsThisMachineOnly()
    {
        for (const char *url : {"http://localhost:1", "http://127.0.0.1", "http://127.5.6.7:80",
                 "http://[::1]", "http://127.1"})
            QVERIFY2(parseUrl(url) && parseUrl(url)->isLoopback(), url);
        for (const char *url : {"http://localhost.example.com", "http://127.0.0.1.example.com",
                 "http://10.0.0.1", "https://api.openai.com"})
            QVERIFY2(parseUrl(url) && !parseUrl(url)->isLoopback(), url);
    }

    void notAUrl()
    {
        QVERIFY(!parseUrl(""));
        QVERIFY(!parseUrl("api.openai.com/v1"));
        QVERIFY(!parseUrl("http://"));
    }
};

QTEST_APPLESS_MAIN(TestUrlParts)
#include "test_url_parts.moc"
