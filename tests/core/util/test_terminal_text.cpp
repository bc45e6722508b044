// Control characters from model text and project strings are shown, not obeyed, on a terminal.
#include "util/terminal_text.h"

#include <QtTest>

using ps::util::escapeControlCharacters;

class TestTerminalText : public QObject
{
    Q_OBJECT

private slots:
    void escapesWhatATerminalWouldObey()
    {
        // An OSC title change, a colour, a carriage return that overwrites, a bell, DEL.
        QCOMPARE(
            escapeControlCharacters("\x1b]0;pwned\x07ok"), std::string("\\x1b]0;pwned\\x07ok"));
        QCOMPARE(escapeControlCharacters("\x1b[31mred"), std::string("\\x1b[31mred"));
        QCOMPARE(escapeControlCharacters("safe\rFAKE"), std::string("safe\\x0dFAKE"));
        QCOMPARE(escapeControlCharacters("a\x7f"), std::string("a\\x7f"));
        // C1 controls in UTF-8 (CSI as U+009B) too.
        QCOMPARE(escapeControlCharacters("x\xc2\x9b"
                                         "31m"),
            std::string("x\\u009b31m"));
    }

    void keepsTextAndLayout()
    {
        const std::string text = "line one\n\tindented · ünïcödé 日本 \xc2\xa0nbsp";
        QCOMPARE(escapeControlCharacters(text), text);
    }
};

QTEST_APPLESS_MAIN(TestTerminalText)
#include "test_terminal_text.moc"
