// Numbers as every surface writes them: a cost reads the same in a pane, the status bar, the
// CLI and a report.
#include "util/number_text.h"

#include <QtTest>

using ps::util::dollars;
using ps::util::fixed;

class TestNumberText : public QObject
{
    Q_OBJECT

private slots:
    void dollarsKeepThreeSignificantDigitsWithoutExponents()
    {
        QCOMPARE(dollars(0.0000228), std::string("$0.0000228"));
        QCOMPARE(dollars(0.00036), std::string("$0.00036"));
        QCOMPARE(dollars(0.012345), std::string("$0.0123"));
        QCOMPARE(dollars(1.5), std::string("$1.5"));
        QCOMPARE(dollars(1234.5678), std::string("$1234.57"));
        QCOMPARE(dollars(0.0), std::string("$0"));
        QCOMPARE(dollars(-1.0), std::string("$0"));
        QCOMPARE(dollars(std::nan("")), std::string("$0"));
        // Unknown is a dash, never a made-up $0.
        QCOMPARE(dollars(std::optional<double>()), std::string("\u2014"));
        QCOMPARE(dollars(std::optional<double>(0.00036)), std::string("$0.00036"));
    }

    void fixedWritesPlainDecimals()
    {
        QCOMPARE(fixed(87.25, 1), std::string("87.2"));
        QCOMPARE(fixed(6.0, 1, true), std::string("+6.0"));
        QCOMPARE(fixed(-6.0, 1, true), std::string("-6.0"));
        QCOMPARE(fixed(1e-9, 3), std::string("0.000"));
    }
};

QTEST_APPLESS_MAIN(TestNumberText)
#include "test_number_text.moc"
