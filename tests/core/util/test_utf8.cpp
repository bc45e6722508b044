// The one UTF-8 rule: what the validator, the metrics' decoder, error snippets and the window's
// streaming all count as a character.
#include "util/utf8.h"

#include <QtTest>

using namespace ps::util;

class TestUtf8 : public QObject
{
    Q_OBJECT

private slots:
    void decodesWellFormedCharacters()
    {
        const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"; // a é € 😀
        QCOMPARE(decodeUtf8(text, 0).codePoint, U'a');
        QCOMPARE(decodeUtf8(text, 1).codePoint, U'\u00E9');
        QCOMPARE(decodeUtf8(text, 1).length, std::size_t(2));
        QCOMPARE(decodeUtf8(text, 3).codePoint, U'\u20AC');
        QCOMPARE(decodeUtf8(text, 6).codePoint, U'\U0001F600');
        QCOMPARE(decodeUtf8(text, 6).length, std::size_t(4));
        QVERIFY(isValidUtf8(text));
    }

    void refusesWhatIsNotACharacter_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("continuation first") << QByteArray("\x80");
        QTest::newRow("overlong slash") << QByteArray("\xC0\xAF");
        QTest::newRow("overlong three-byte") << QByteArray("\xE0\x80\xAF");
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80");
        QTest::newRow("past U+10FFFF") << QByteArray("\xF4\x90\x80\x80");
        QTest::newRow("cut off") << QByteArray("\xE2\x82");
        QTest::newRow("bad continuation") << QByteArray("\xC3\x41");
    }
    void refusesWhatIsNotACharacter()
    {
        QFETCH(QByteArray, bytes);
        const std::string text = bytes.toStdString();
        QCOMPARE(decodeUtf8(text, 0).length, std::size_t(0));
        QVERIFY(!isValidUtf8(text));
    }

    // A streamed piece that ends inside a character keeps those bytes back; nothing else waits.
    void wholeCharactersPrefixHoldsBackACutCharacter()
    {
        QCOMPARE(wholeCharactersPrefix("abc"), std::size_t(3));
        QCOMPARE(wholeCharactersPrefix("ab\xE2\x82"), std::size_t(2));
        QCOMPARE(wholeCharactersPrefix("ab\xE2"), std::size_t(2));
        QCOMPARE(wholeCharactersPrefix("ab\xE2\x82\xAC"), std::size_t(5));
        QCOMPARE(wholeCharactersPrefix("\xF0\x9F\x98"), std::size_t(0));
        QCOMPARE(wholeCharactersPrefix("ab\x80\x80"), std::size_t(4)); // malformed: not waited for
        QCOMPARE(wholeCharactersPrefix(""), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestUtf8)
#include "test_utf8.moc"
