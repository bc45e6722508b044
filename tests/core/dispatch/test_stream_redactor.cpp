#include "dispatch/stream_redactor.h"
#include "secrets/secret_store.h"

#include <QtTest>

#include <string>
#include <vector>

using ps::dispatch::StreamRedactor;

namespace {

const std::string kKey = "sk-CANARY-0123456789";

// Feeds `text` cut at the given positions; returns the pieces let out, the last from finish().
std::vector<std::string> feed(
    const std::string &secret, const std::string &text, const std::vector<std::size_t> &cuts)
{
    StreamRedactor redactor(secret);
    std::vector<std::string> out;
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
        out.push_back(redactor.push(std::string_view(text).substr(from, cut - from)));
        from = cut;
    }
    out.push_back(redactor.push(std::string_view(text).substr(from)));
    out.push_back(redactor.finish());
    return out;
}

std::string joined(const std::vector<std::string> &pieces)
{
    std::string all;
    for (const auto &piece : pieces)
        all += piece;
    return all;
}

} // namespace

class TestStreamRedactor : public QObject
{
    Q_OBJECT

private slots:
    // Wherever the key is split across pieces, no piece shows it and the whole equals redact().
    void keySplitAnywhereNeverShows_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("once") << QString::fromStdString("Echo: " + kKey + " done");
        QTest::newRow("twice, adjacent") << QString::fromStdString(kKey + kKey);
        QTest::newRow("at the end") << QString::fromStdString("the key is " + kKey);
        QTest::newRow("a near miss then the key")
            << QString::fromStdString("sk-CANARY-01 and sk-CANARY-" + kKey + ".");
        QTest::newRow("prefix repeats") << QString::fromStdString("sk-sk-CANARY-" + kKey);
    }
    void keySplitAnywhereNeverShows()
    {
        QFETCH(QString, text);
        const std::string all = text.toStdString();
        const std::string expected = ps::secrets::redact(all, kKey);
        QVERIFY(expected.find(kKey) == std::string::npos);
        for (std::size_t a = 0; a <= all.size(); ++a) {
            for (std::size_t b = a; b <= all.size(); b += 3) {
                const auto pieces = feed(kKey, all, {a, b});
                for (const auto &piece : pieces)
                    QVERIFY2(piece.find(kKey) == std::string::npos, piece.c_str());
                QCOMPARE(joined(pieces), expected);
            }
        }
    }

    // Text that cannot be the key's beginning is let out at once, not held back.
    void ordinaryTextFlowsAtOnce()
    {
        StreamRedactor redactor(kKey);
        QCOMPARE(redactor.push("Hello "), std::string("Hello "));
        QCOMPARE(redactor.push("world, s"), std::string("world, "));
        QCOMPARE(redactor.push("ure."), std::string("sure."));
        QCOMPARE(redactor.push(" sk-CAN"), std::string(" "));
        QCOMPARE(redactor.finish(), std::string("sk-CAN"));
    }

    // A secret under four bytes, or empty, is left alone, as secrets::redact does; four are not.
    void fourByteSecretIsRedacted()
    {
        QCOMPARE(joined(feed("pw12", "a pw12 b pw", {3, 7})), std::string("a *** b pw"));
    }

    // A short or empty secret is left alone, as secrets::redact does.
    void shortSecretIsNotRedacted()
    {
        const auto pieces = feed("abc", "abcabc and abc", {2, 5}); // under four bytes
        QCOMPARE(joined(pieces), std::string("abcabc and abc"));
        QCOMPARE(pieces.front(), std::string("ab"));
        QCOMPARE(joined(feed("", "plain", {1})), std::string("plain"));
    }
};

QTEST_APPLESS_MAIN(TestStreamRedactor)
#include "test_stream_redactor.moc"
