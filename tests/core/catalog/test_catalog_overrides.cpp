// A project's price overrides: stored, replaced, listed, refused when invalid, and kept across
// reopening.
#include "store/database.h"
#include "store/price_overrides.h"
#include "store/project.h"
#include "store/project_file.h"
#include "store/store_error.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace ps;
using Kind = store::StoreError::Kind;

namespace {

store::PriceOverride price(
    const std::string &model, double input, double output, std::optional<double> cached = {})
{
    store::PriceOverride value;
    value.model = model;
    value.input = input;
    value.output = output;
    value.cachedInput = cached;
    return value;
}

std::optional<Kind> errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const store::StoreError &error) {
        return error.kind();
    }
    return std::nullopt;
}

} // namespace

class TestCatalogOverrides : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir.emplace();
        m_path = m_dir->filePath(QStringLiteral("p.promptsmith")).toStdString();
        store::Project::create(m_path);
    }

    void setListAndReplace()
    {
        const store::Project project = store::Project::open(m_path);
        store::PriceOverrides prices(project);
        QVERIFY(prices.list().empty());
        prices.set(price("my-model", 1.5, 6.0));
        prices.set(price("gpt-4o-mini", 0.1, 0.2, 0.05));
        auto list = prices.list();
        QCOMPARE(list.size(), std::size_t(2));
        QCOMPARE(list[0].model, std::string("gpt-4o-mini")); // by model
        QCOMPARE(list[0].cachedInput, std::optional<double>(0.05));
        QCOMPARE(list[1].input, 1.5);
        QCOMPARE(list[1].output, 6.0);
        QVERIFY(!list[1].cachedInput);
        QVERIFY(!list[1].updated.empty());

        prices.set(price("my-model", 2.0, 8.0, 1.0)); // replaces, never duplicates
        QCOMPARE(prices.list().size(), std::size_t(2));
        QCOMPARE(prices.find("my-model")->input, 2.0);
        QCOMPARE(prices.find("my-model")->cachedInput, std::optional<double>(1.0));
        prices.set(price("my-model", 2.0, 8.0)); // and can drop the cached price again
        QVERIFY(!prices.find("my-model")->cachedInput);
        QVERIFY(!prices.find("other"));
    }

    void keptAcrossReopening()
    {
        {
            const store::Project project = store::Project::open(m_path);
            store::PriceOverrides(project).set(price("m", 0.25, 1.25));
        }
        const store::Project reopened = store::Project::open(m_path);
        QCOMPARE(store::PriceOverrides(reopened).find("m")->output, 1.25);
    }

    void invalidPricesAreRefused()
    {
        const store::Project project = store::Project::open(m_path);
        store::PriceOverrides prices(project);
        QCOMPARE(errorOf([&] { prices.set(price("", 1, 1)); }), std::optional(Kind::BadInput));
        QCOMPARE(errorOf([&] { prices.set(price("  ", 1, 1)); }), std::optional(Kind::BadInput));
        QCOMPARE(errorOf([&] { prices.set(price("m", -1, 1)); }), std::optional(Kind::BadInput));
        QCOMPARE(errorOf([&] { prices.set(price("m", 1, -0.5)); }), std::optional(Kind::BadInput));
        QCOMPARE(errorOf([&] { prices.set(price("m", 1, 1, -1)); }), std::optional(Kind::BadInput));
        QCOMPARE(errorOf([&] { prices.set(price("m", std::nan(""), 1)); }),
            std::optional(Kind::BadInput));
        QCOMPARE(
            errorOf([&] { prices.set(price("m", 1, std::numeric_limits<double>::infinity())); }),
            std::optional(Kind::BadInput));
        QVERIFY(prices.list().empty());
        prices.set(price("free-model", 0, 0)); // zero is a price, unlike no price
        QCOMPARE(prices.find("free-model")->input, 0.0);
    }

    void olderFilesGainThePricesTable()
    {
        const std::string path = m_dir->filePath(QStringLiteral("old.promptsmith")).toStdString();
        store::createProjectFile(path, 3);
        const store::Project opened = store::Project::open(path);
        QVERIFY(opened.info().schemaVersion >= 4);
        store::PriceOverrides(opened).set(price("m", 1, 2));
        QCOMPARE(store::PriceOverrides(opened).list().size(), std::size_t(1));
    }

private:
    std::optional<QTemporaryDir> m_dir;
    std::string m_path;
};

QTEST_APPLESS_MAIN(TestCatalogOverrides)
#include "test_catalog_overrides.moc"
