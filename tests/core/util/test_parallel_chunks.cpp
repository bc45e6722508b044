// Large reads split over the cores: every item handled exactly once, and an error names the
// first bad item, as a serial loop would.
#include "util/parallel_chunks.h"

#include <QtTest>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

using ps::util::parallelChunks;

class TestParallelChunks : public QObject
{
    Q_OBJECT

private slots:
    void everyItemOnce_data()
    {
        QTest::addColumn<int>("count");
        for (int count : {0, 1, 2047, 2048, 2049, 100001})
            QTest::addRow("%d", count) << count;
    }

    void everyItemOnce()
    {
        QFETCH(int, count);
        std::vector<std::atomic<int>> seen(static_cast<std::size_t>(count));
        std::atomic<int> chunks = 0;
        parallelChunks(std::size_t(count), [&](std::size_t begin, std::size_t end) {
            ++chunks;
            for (std::size_t i = begin; i < end; ++i)
                ++seen[i];
        });
        for (int i = 0; i < count; ++i)
            QCOMPARE(seen[std::size_t(i)].load(), 1);
        QVERIFY(count == 0 ? chunks == 0 : chunks >= 1);
        if (count < 2048)
            QCOMPARE(chunks.load(), count == 0 ? 0 : 1); // small work stays on the caller
    }

    void theFirstBadItemIsReported()
    {
        std::atomic<int> handled = 0;
        try {
            parallelChunks(100000, [&](std::size_t begin, std::size_t end) {
                for (std::size_t i = begin; i < end; ++i) {
                    if (i == 30000 || i == 70000)
                        throw std::runtime_error("item " + std::to_string(i));
                    ++handled;
                }
            });
            QFAIL("the error was lost");
        } catch (const std::runtime_error &error) {
            QCOMPARE(std::string(error.what()), std::string("item 30000"));
        }
        QVERIFY(handled >= 30000); // everything before it was done
    }
};

QTEST_APPLESS_MAIN(TestParallelChunks)
#include "test_parallel_chunks.moc"
