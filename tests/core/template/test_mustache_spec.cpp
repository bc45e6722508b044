// Conformance: every test of the official Mustache spec (v1.3 core modules), run with HTML
// escaping.
#include "template/mustache_template.h"

#include "test_support.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using nlohmann::json;
using ps::tmpl::Escape;
using ps::tmpl::MustacheTemplate;
using ps::tmpl::Partials;

namespace {

const char *const specFiles[]
    = {"comments", "delimiters", "interpolation", "inverted", "partials", "sections"};

// The spec's suite has 136 tests in these six files; a lost file or test must not pass silently.
constexpr int specTestCount = 136;

struct SpecCase
{
    std::string name; // "file: test name"
    json test;
};

std::vector<SpecCase> loadSpec()
{
    std::vector<SpecCase> cases;
    for (const char *file : specFiles) {
        const QByteArray bytes = ps::test::readFile(
            ps::test::dataPath(QStringLiteral("mustache-spec/%1.json").arg(QLatin1String(file))));
        const json spec
            = json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
        if (!spec.is_object() || !spec.contains("tests"))
            continue;
        for (const json &test : spec["tests"])
            cases.push_back({std::string(file) + ": " + test.value("name", ""), test});
    }
    return cases;
}

QByteArray toBytes(const std::string &s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

class TestMustacheSpec : public QObject
{
    Q_OBJECT

private slots:
    void suiteIsComplete()
    {
        const std::vector<SpecCase> cases = loadSpec();
        QCOMPARE(static_cast<int>(cases.size()), specTestCount);
    }

    void conformance_data()
    {
        QTest::addColumn<QByteArray>("test"); // the spec's JSON object for one test
        for (const SpecCase &specCase : loadSpec())
            QTest::newRow(specCase.name.c_str()) << toBytes(specCase.test.dump());
    }

    void conformance()
    {
        QFETCH(QByteArray, test);
        const json spec = json::parse(test.constData(), test.constData() + test.size());
        Partials partials;
        if (spec.contains("partials")) {
            for (auto it = spec["partials"].begin(); it != spec["partials"].end(); ++it)
                partials.emplace(it.key(), it->get<std::string>());
        }
        const std::string rendered = MustacheTemplate::parse(spec["template"].get<std::string>())
                                         .render(spec["data"], Escape::Html, partials);
        QCOMPARE(toBytes(rendered), toBytes(spec["expected"].get<std::string>()));
    }
};

QTEST_APPLESS_MAIN(TestMustacheSpec)
#include "test_mustache_spec.moc"
