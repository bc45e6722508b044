// A structured output's schema and a tools list, checked as typed: what is wrong and where.

#include "eval/schema_text_check.h"
#include "util/json_locator.h"

#include <QtTest>

using ps::eval::checkSchemaText;
using ps::eval::checkToolsText;
using ps::eval::TextProblem;

namespace {

QString messageOf(const std::optional<TextProblem> &problem)
{
    return problem ? QString::fromStdString(problem->message) : QStringLiteral("(no problem)");
}

} // namespace

class TestSchemaTextCheck : public QObject
{
    Q_OBJECT

private slots:
    void validSchemasPass()
    {
        QVERIFY(!checkSchemaText(R"({"type": "object",
            "properties": {"label": {"type": "string", "enum": ["billing", "bug", "other"]}},
            "required": ["label"], "additionalProperties": false})"));
        QVERIFY(!checkSchemaText(R"({"type": ["string", "null"]})"));
        QVERIFY(!checkSchemaText("{}"));
    }

    void brokenJsonIsMarkedWhereItBreaks()
    {
        const std::string text = "{\n  \"type\": \"object\",\n  \"properties\": {\n"
                                 "    \"label\" {\"type\": \"string\"}\n  }\n}";
        const auto problem = checkSchemaText(text);
        QVERIFY(problem);
        QVERIFY2(problem->message.starts_with("not JSON: "), problem->message.c_str());
        QVERIFY2(problem->message.find("json.exception") == std::string::npos,
            problem->message.c_str());
        QCOMPARE(problem->position.line, 4);
        QCOMPARE(problem->position.column, 13); // the '{' where ':' was expected
    }

    void aWrongTypeIsMarkedOnItsValue()
    {
        const std::string text = "{\n  \"type\": \"object\",\n  \"properties\": {\n"
                                 "    \"label\": {\"type\": \"strin\"}\n  }\n}";
        const auto problem = checkSchemaText(text);
        QVERIFY(problem);
        QVERIFY2(problem->message.starts_with("properties › label › type: not a JSON Schema type"),
            problem->message.c_str());
        QCOMPARE(problem->position.line, 4);
        QCOMPARE(problem->position.column, 23); // "strin"
    }

    void otherMistakesNameTheirKeyword()
    {
        const std::string text = "{\"type\": \"object\",\n \"required\": \"label\"}";
        const auto problem = checkSchemaText(text);
        QVERIFY(problem);
        QCOMPARE(problem->message, std::string("required: a list of property names, e.g. [\"label\"]"));
        QCOMPARE(problem->position.line, 2);
        QCOMPARE(problem->position.column, 14);

        const auto negative = checkSchemaText(R"({"type": "string", "maxLength": -1})");
        QVERIFY2(negative && negative->message.starts_with("maxLength: "), messageOf(negative).toUtf8());

        const auto list = checkSchemaText("[1, 2]");
        QVERIFY2(list && list->message.find("a schema is a JSON object") != std::string::npos,
            messageOf(list).toUtf8());

        const auto nowhere = checkSchemaText("{\"$ref\": \"#/definitions/missing\"}"); // moc misreads '#' in R"()"
        QVERIFY2(nowhere, "a $ref to nowhere passed");
    }

    void toolsListsAreChecked()
    {
        const std::string good = R"([
  {"name": "lookup_order", "description": "Find an order",
   "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}},
                  "required": ["order_id"]}},
  {"name": "refund", "parameters": {"type": "object"}}
])";
        QVERIFY2(!checkToolsText(good), messageOf(checkToolsText(good)).toUtf8());
        QVERIFY(!checkToolsText("[]"));

        const auto badName = checkToolsText("[{\"name\": \"look up\"}]");
        QVERIFY2(badName && badName->message.find("not a function name") != std::string::npos,
            messageOf(badName).toUtf8());
        QCOMPARE(badName->position.column, 11);

        const auto twice = checkToolsText(R"([{"name": "a"}, {"name": "a"}])");
        QVERIFY2(twice && twice->message.starts_with("tool 2: another tool"), messageOf(twice).toUtf8());

        const std::string badType
            = "[{\"name\": \"a\",\n  \"parameters\": {\"type\": \"object\",\n"
              "    \"properties\": {\"x\": {\"type\": \"integr\"}}}}]";
        const auto deep = checkToolsText(badType);
        QVERIFY(deep);
        QVERIFY2(deep->message.starts_with("tool 1 (a): parameters › properties › x › type: not a"),
            deep->message.c_str());
        QCOMPARE(deep->position.line, 3);

        const auto notObject = checkToolsText(R"([{"name": "a", "parameters": {"type": "array"}}])");
        QVERIFY2(notObject && notObject->message.find("\"type\": \"object\"") != std::string::npos,
            messageOf(notObject).toUtf8());
        QVERIFY(checkToolsText(R"({"name": "a"})"));
        QVERIFY(checkToolsText(R"([{"description": "no name"}])"));
    }

    void locatorFindsNestedValues()
    {
        const std::string text = "{\"a\": [1, {\"b\": \"x\\\"y\", \"c\": [true, null]}]}";
        const auto at = ps::util::locateJsonPath(text, {"a", "1", "c", "1"});
        QCOMPARE(at.line, 1);
        QCOMPARE(text.substr(std::size_t(at.column - 1), 4), std::string("null"));
        // A missing step stops at the deepest value found.
        const auto missing = ps::util::locateJsonPath(text, {"a", "7"});
        QCOMPARE(text.substr(std::size_t(missing.column - 1), 1), std::string("["));
    }
};

QTEST_APPLESS_MAIN(TestSchemaTextCheck)
#include "test_schema_text_check.moc"
