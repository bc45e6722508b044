// Every assertion type a dataset can use: parsing and its refusals, pass, fail, negation, the
// expected-output fallback, edge cases (empty output, identical text, Unicode), judges, and how
// weights and thresholds decide a case.
#include "eval/assertion.h"
#include "eval/assertion_evaluator.h"
#include "eval/case_score.h"
#include "eval/judge.h"

#include <QString>
#include <QTest>

#include <cmath>
#include <set>

using nlohmann::json;
using namespace ps::eval;

namespace {

// Enum names, so a failed comparison reads "rouge-l" rather than a number.
QString named(AssertionType type)
{
    return QString::fromUtf8(toString(type).data(), qsizetype(toString(type).size()));
}

AssertionResult check(const json &spec, std::string_view output, const EvalContext &context = {})
{
    return evaluate(parseAssertion(spec), output, context);
}

bool passes(const json &spec, std::string_view output, const EvalContext &context = {})
{
    return check(spec, output, context).pass;
}

QString parseError(const json &spec)
{
    try {
        parseAssertion(spec);
    } catch (const AssertionError &error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

EvalContext expecting(std::string expected)
{
    EvalContext context;
    context.expected = std::move(expected);
    return context;
}

AssertionResult result(bool pass, double score, double weight)
{
    AssertionResult r;
    r.pass = pass;
    r.score = score;
    r.weight = weight;
    return r;
}

} // namespace

class TestAssertions : public QObject
{
    Q_OBJECT

private slots:
    void parsesTheFields()
    {
        const Assertion a = parseAssertion({{"type", "not-rouge-l"}, {"value", "billing"},
            {"threshold", 0.5}, {"weight", 2}, {"provider", "judge"}});
        QCOMPARE(named(a.type), QStringLiteral("rouge-l"));
        QVERIFY(a.negate);
        QCOMPARE(a.value->get<std::string>(), std::string("billing"));
        QCOMPARE(a.threshold.value(), 0.5);
        QCOMPARE(a.weight, 2.0);
        QCOMPARE(a.provider.value(), std::string("judge"));
        QCOMPARE(a.name(), std::string("not-rouge-l"));
        const Assertion plain = parseAssertion({{"type", "icontains"}});
        QVERIFY(!plain.negate);
        QVERIFY(!plain.value);
        QCOMPARE(plain.weight, 1.0);
        QVERIFY(!plain.threshold);
    }

    void everyTypeNameRoundTrips()
    {
        for (const char *name : {"equals", "contains", "icontains", "starts-with", "regex",
                 "contains-any", "contains-all", "is-json", "json-schema", "length", "latency",
                 "cost", "levenshtein", "bleu", "rouge-1", "rouge-2", "rouge-l", "classification",
                 "llm-rubric", "groundedness"}) {
            const std::optional<AssertionType> type = assertionTypeFromString(name);
            QVERIFY2(type, name);
            QCOMPARE(named(*type), QString::fromUtf8(name));
        }
    }

    void refusesBadAssertionsNamingTheProblem()
    {
        QCOMPARE(parseError({{"type", "contians"}}),
            QStringLiteral("unknown assertion type 'contians'"));
        QCOMPARE(parseError({{"type", "not-fuzzy"}}),
            QStringLiteral("unknown assertion type 'not-fuzzy'"));
        QVERIFY(parseError({{"value", "x"}}).contains(QStringLiteral("\"type\"")));
        QVERIFY(parseError(json::array()).contains(QStringLiteral("object")));
        QVERIFY(parseError({{"type", "regex"}, {"value", "([a-z"}})
                    .startsWith(QStringLiteral("invalid regex '([a-z': ")));
        QVERIFY(parseError({{"type", "json-schema"}, {"value", {{"type", 5}}}})
                    .contains(QStringLiteral("json-schema")));
        QVERIFY(parseError({{"type", "contains"}, {"value", 3}})
                    .contains(QStringLiteral("contains needs a string")));
        QVERIFY(parseError({{"type", "contains-any"}, {"value", {1, 2}}})
                    .contains(QStringLiteral("list of strings")));
        QVERIFY(parseError({{"type", "length"}, {"value", {{"min", -1}}}})
                    .contains(QStringLiteral("length min")));
        QVERIFY(parseError({{"type", "length"}, {"value", {{"min", 5}, {"max", 2}}}})
                    .contains(QStringLiteral("greater than its max")));
        QVERIFY(parseError({{"type", "length"}}).contains(QStringLiteral("length needs")));
        QVERIFY(parseError({{"type", "latency"}, {"threshold", 500}})
                    .contains(QStringLiteral("upper bound")));
        QVERIFY(parseError({{"type", "contains"}, {"value", "a"}, {"threshold", 0.5}})
                    .contains(QStringLiteral("takes no threshold")));
        QVERIFY(parseError({{"type", "bleu"}, {"threshold", 1.5}})
                    .contains(QStringLiteral("from 0 to 1")));
        QVERIFY(parseError({{"type", "bleu"}, {"weight", -1}}).contains(QStringLiteral("weight")));
        QVERIFY(parseError({{"type", "is-json"}, {"value", {{"type", "object"}}}})
                    .contains(QStringLiteral("json-schema")));
    }

    void equalsIsExact()
    {
        QVERIFY(passes({{"type", "equals"}, {"value", "Billing"}}, "Billing"));
        QVERIFY(!passes({{"type", "equals"}, {"value", "Billing"}}, "billing"));
        QVERIFY(!passes({{"type", "equals"}, {"value", "Billing"}}, "Billing "));
        QVERIFY(passes({{"type", "not-equals"}, {"value", "Billing"}}, "billing"));
        QVERIFY(passes({{"type", "equals"}, {"value", ""}}, ""));
        QVERIFY(passes({{"type", "equals"}, {"value", "naïve 東京 👍"}}, "naïve 東京 👍"));
        // A JSON value compares documents, not spelling.
        QVERIFY(passes({{"type", "equals"}, {"value", {{"a", 1}}}}, "{ \"a\" : 1 }"));
        QVERIFY(!passes({{"type", "equals"}, {"value", {{"a", 1}}}}, "{\"a\": 2}"));
    }

    void containsAndStartsWith()
    {
        QVERIFY(passes({{"type", "contains"}, {"value", "refund"}}, "We will refund you."));
        const AssertionResult missing
            = check({{"type", "contains"}, {"value", "Refund"}}, "We will refund you.");
        QVERIFY(!missing.pass);
        QCOMPARE(missing.score, 0.0);
        QCOMPARE(missing.reason, std::string("no \"Refund\""));
        QVERIFY(passes({{"type", "not-contains"}, {"value", "sorry"}}, "Done."));
        QVERIFY(!passes({{"type", "contains"}, {"value", "x"}}, ""));
        QVERIFY(passes({{"type", "contains"}, {"value", "東京"}}, "行き先は東京です"));
        QVERIFY(passes({{"type", "starts-with"}, {"value", "Dear"}}, "Dear Ann,"));
        QVERIFY(!passes({{"type", "starts-with"}, {"value", "Dear"}}, " Dear Ann,"));
        QVERIFY(passes({{"type", "not-starts-with"}, {"value", "Sure!"}}, "No."));
    }

    void icontainsIgnoresCaseBeyondAscii()
    {
        QVERIFY(passes({{"type", "icontains"}, {"value", "BILLING"}}, "a billing issue"));
        QVERIFY(passes({{"type", "icontains"}, {"value", "ÉTÉ"}}, "l'été dernier"));
        QVERIFY(passes({{"type", "icontains"}, {"value", "ΣΟΦΙΑ"}}, "σοφια"));
        QVERIFY(passes({{"type", "icontains"}, {"value", "МОСКВА"}}, "в москва"));
        QVERIFY(passes({{"type", "icontains"}, {"value", "ŁÓDŹ"}}, "w łódź"));
        QVERIFY(passes({{"type", "icontains"}, {"value", "ĲSSEL"}}, "de ĳssel"));
        QVERIFY(passes({{"type", "icontains"}, {"value", "ΆΝΘΡΩΠΟΙ"}}, "οι άνθρωποι"));
        QVERIFY(passes({{"type", "icontains"}, {"value", "istanbul"}}, "İSTANBUL"));
        // Scripts without case compare as they are.
        QVERIFY(passes({{"type", "icontains"}, {"value", "東京"}}, "東京へ"));
        QVERIFY(!passes({{"type", "icontains"}, {"value", "東京"}}, "京都"));
        QVERIFY(!passes({{"type", "icontains"}, {"value", "billing"}}, "a bill"));
        QVERIFY(!passes({{"type", "not-icontains"}, {"value", "ERROR"}}, "an error"));
    }

    void regexSearchesWithEcmaScriptSyntax()
    {
        QVERIFY(passes({{"type", "regex"}, {"value", "\\d{3}-\\d{4}"}}, "call 555-1234"));
        QVERIFY(!passes({{"type", "regex"}, {"value", "^\\d+$"}}, "12a"));
        QVERIFY(passes({{"type", "not-regex"}, {"value", "(?:sorry|apolog)"}}, "Done."));
        QVERIFY(passes({{"type", "regex"}, {"value", "^$"}}, ""));
        // Compiled once when parsed and shared by copies.
        const Assertion a = parseAssertion({{"type", "regex"}, {"value", "a+"}});
        QVERIFY(a.pattern);
        // An invalid pattern that arrives as the expected output fails the check, saying why.
        const AssertionResult bad = check({{"type", "regex"}}, "x", expecting("(oops"));
        QVERIFY(!bad.pass);
        QVERIFY(QString::fromStdString(bad.reason).contains(QStringLiteral("invalid regex")));
        const AssertionResult badNegated = check({{"type", "not-regex"}}, "x", expecting("(oops"));
        QVERIFY(!badNegated.pass);
    }

    void regexSurvivesALongAnswer()
    {
        // std::regex recursed once per character and crashed at 20,000; PCRE2 does not.
        std::string answer(40000, 'a');
        QVERIFY(!passes({{"type", "regex"}, {"value", "^(a|b)*c"}}, answer));
        QVERIFY(!passes({{"type", "regex"}, {"value", "(a|b)*c"}}, answer));
        answer += 'c';
        QVERIFY(passes({{"type", "regex"}, {"value", "^(a|b)*c"}}, answer));
        QVERIFY(passes({{"type", "not-regex"}, {"value", "x"}}, std::string(300000, 'a')));
    }

    // Catastrophic backtracking is cut off and reported, never left to run for minutes.
    void pathologicalRegexIsRefusedNotHung()
    {
        const AssertionResult result
            = check({{"type", "regex"}, {"value", "^(a+)+$"}}, std::string(40, 'a') + "b");
        QVERIFY(!result.pass);
        QVERIFY2(QString::fromStdString(result.reason).contains(QStringLiteral("too costly")),
            result.reason.c_str());
        // Negating it does not turn "could not check" into a pass.
        QVERIFY(!passes({{"type", "not-regex"}, {"value", "^(a+)+$"}}, std::string(40, 'a') + "b"));
    }

    // A quantifier applies to a whole character, not to the last byte of its UTF-8 form.
    void regexIsUtf8Aware()
    {
        QVERIFY(passes({{"type", "regex"}, {"value", "^é{2}$"}}, "éé"));
        QVERIFY(passes({{"type", "regex"}, {"value", "^.{3}$"}}, "東京へ"));
        QVERIFY(!passes({{"type", "regex"}, {"value", "^.{3}$"}}, "東京"));
    }

    void containsAnyAndAll()
    {
        const json words = {"refund", "credit"};
        QVERIFY(passes({{"type", "contains-any"}, {"value", words}}, "a credit note"));
        QVERIFY(!passes({{"type", "contains-any"}, {"value", words}}, "no luck"));
        QVERIFY(!passes({{"type", "contains-all"}, {"value", words}}, "a credit note"));
        QVERIFY(passes({{"type", "contains-all"}, {"value", words}}, "refund or credit"));
        QVERIFY(passes({{"type", "not-contains-any"}, {"value", words}}, ""));
        const AssertionResult missing
            = check({{"type", "contains-all"}, {"value", words}}, "refund only");
        QCOMPARE(missing.reason, std::string("missing \"credit\""));
        // A string is a comma-separated list, as promptfoo reads it.
        QVERIFY(passes({{"type", "contains-all"}, {"value", "café, 東京"}}, "東京のcafé"));
    }

    void isJson()
    {
        QVERIFY(passes({{"type", "is-json"}}, "{\"label\": \"billing\"}"));
        QVERIFY(passes({{"type", "is-json"}}, " [1, 2] "));
        QVERIFY(!passes({{"type", "is-json"}}, "{label: billing}"));
        QVERIFY(!passes({{"type", "is-json"}}, ""));
        QVERIFY(!passes({{"type", "is-json"}}, "```json\n{}\n```"));
        QVERIFY(passes({{"type", "not-is-json"}}, "plain text"));
        // is-json needs no value, so a case's expected output does not matter.
        QVERIFY(passes({{"type", "is-json"}}, "{}", expecting("anything")));
    }

    void jsonSchemaValidates()
    {
        const json schema = {{"type", "object"}, {"required", {"label"}},
            {"properties", {{"label", {{"enum", {"billing", "bug"}}}}}}};
        QVERIFY(passes({{"type", "json-schema"}, {"value", schema}}, "{\"label\": \"bug\"}"));
        const AssertionResult wrong
            = check({{"type", "json-schema"}, {"value", schema}}, "{\"label\": \"other\"}");
        QVERIFY(!wrong.pass);
        QCOMPARE(wrong.reason,
            std::string("Failed to match against any enum values. (at <root>[label])"));
        QVERIFY(!passes({{"type", "json-schema"}, {"value", schema}}, "{}"));
        QVERIFY(!passes({{"type", "json-schema"}, {"value", schema}}, "not json"));
        QCOMPARE(check({{"type", "json-schema"}, {"value", schema}}, "not json").reason,
            std::string("the output is not valid JSON"));
        QVERIFY(passes({{"type", "not-json-schema"}, {"value", schema}}, "{}"));
        // The schema may come from the expected output, as JSON text.
        QVERIFY(passes({{"type", "json-schema"}}, "[1]", expecting("{\"type\": \"array\"}")));
        QVERIFY(!passes({{"type", "json-schema"}}, "[1]", expecting("{\"type\": \"string\"}")));
    }

    void lengthCountsCharactersNotBytes()
    {
        const json range = {{"min", 2}, {"max", 4}};
        QVERIFY(passes({{"type", "length"}, {"value", range}}, "abcd"));
        QVERIFY(!passes({{"type", "length"}, {"value", range}}, "abcde"));
        QVERIFY(!passes({{"type", "length"}, {"value", range}}, "a"));
        // 4 characters, 12 bytes.
        QVERIFY(passes({{"type", "length"}, {"value", range}}, "東京タワ"));
        QVERIFY(passes({{"type", "length"}, {"value", range}}, "👍👍"));
        QVERIFY(passes({{"type", "length"}, {"value", {{"max", 0}}}}, ""));
        QVERIFY(!passes({{"type", "length"}, {"value", {{"min", 1}}}}, ""));
        QVERIFY(passes({{"type", "not-length"}, {"value", {{"max", 3}}}}, "long text"));
        QCOMPARE(check({{"type", "length"}, {"value", {{"max", 3}}}}, "héllo").reason,
            std::string("5 characters, more than 3"));
    }

    void latencyAndCostAreUpperBounds()
    {
        EvalContext context;
        context.latencyMs = 800;
        context.costUsd = 0.002;
        QVERIFY(passes({{"type", "latency"}, {"value", 800}}, "", context));
        QVERIFY(!passes({{"type", "latency"}, {"value", 799.5}}, "", context));
        QVERIFY(passes({{"type", "not-latency"}, {"value", 500}}, "", context));
        QVERIFY(passes({{"type", "cost"}, {"value", 0.01}}, "", context));
        QVERIFY(!passes({{"type", "cost"}, {"value", 0.001}}, "", context));
        // Nothing measured: the check cannot be made, negated or not.
        QVERIFY(!passes({{"type", "latency"}, {"value", 800}}, ""));
        QVERIFY(!passes({{"type", "not-latency"}, {"value", 800}}, ""));
        QCOMPARE(
            check({{"type", "cost"}, {"value", 1}}, "").reason, std::string("the cost is unknown"));
    }

    void levenshteinUsesSimilarityAsThreshold()
    {
        // kitten/sitting: similarity 4/7 = 0.571.
        const AssertionResult low
            = check({{"type", "levenshtein"}, {"value", "sitting"}, {"threshold", 0.5}}, "kitten");
        QVERIFY(low.pass);
        QVERIFY(std::abs(low.score - 4.0 / 7) < 1e-12);
        QVERIFY(
            !passes({{"type", "levenshtein"}, {"value", "sitting"}, {"threshold", 0.6}}, "kitten"));
        // Default threshold 0.8: "café" vs "cafe" is 0.75 and fails; identical text passes.
        QVERIFY(!passes({{"type", "levenshtein"}, {"value", "cafe"}}, "café"));
        QVERIFY(passes({{"type", "levenshtein"}, {"value", "café"}}, "café"));
        // Negated: passes below the threshold and reports 1 − similarity.
        const AssertionResult negated = check(
            {{"type", "not-levenshtein"}, {"value", "sitting"}, {"threshold", 0.6}}, "kitten");
        QVERIFY(negated.pass);
        QVERIFY(std::abs(negated.score - 3.0 / 7) < 1e-12);
        QCOMPARE(negated.reason, std::string("similarity 0.5714 < 0.6 (negated)"));
        QVERIFY(passes({{"type", "levenshtein"}, {"value", ""}}, ""));
    }

    void bleuAndRougeUseTheirScores()
    {
        // BLEU of "the cat on the mat" against "the cat sat on the mat" is 0.4094 (see
        // test_text_metrics): under the default 0.5, over 0.4.
        const AssertionResult bleu
            = check({{"type", "bleu"}, {"value", "the cat sat on the mat"}}, "the cat on the mat");
        QVERIFY(!bleu.pass);
        QVERIFY(std::abs(bleu.score - 0.4093653765389909) < 1e-12);
        QVERIFY(
            QString::fromStdString(bleu.reason).startsWith(QStringLiteral("BLEU 0.4094 < 0.5")));
        QVERIFY(passes({{"type", "bleu"}, {"value", "the cat sat on the mat"}, {"threshold", 0.4}},
            "the cat on the mat"));
        // ROUGE-1 5/6 = 0.833 passes the default 0.75; ROUGE-2 0.6 does not.
        const char *reference = "the cat is on the mat";
        QVERIFY(passes({{"type", "rouge-1"}, {"value", reference}}, "The cat sat on the mat."));
        QVERIFY(!passes({{"type", "rouge-2"}, {"value", reference}}, "The cat sat on the mat."));
        QVERIFY(passes({{"type", "rouge-l"}, {"value", reference}}, "The cat sat on the mat."));
        QVERIFY(passes({{"type", "not-rouge-2"}, {"value", reference}}, "The cat sat on the mat."));
        QVERIFY(!passes({{"type", "rouge-l"}, {"value", reference}}, ""));
        QVERIFY(!passes({{"type", "bleu"}, {"value", reference}}, ""));
        QVERIFY(passes({{"type", "bleu"}, {"value", reference}}, reference));
    }

    void classificationMatchesTheLabelLoosely()
    {
        QVERIFY(passes({{"type", "classification"}, {"value", "billing"}}, "  Billing\n"));
        QVERIFY(!passes({{"type", "classification"}, {"value", "billing"}}, "billing issue"));
        QVERIFY(passes({{"type", "classification"}}, "BUG", expecting("bug")));
        QVERIFY(passes({{"type", "classification"}, {"value", "Négatif"}}, "NÉGATIF"));
        QVERIFY(passes({{"type", "not-classification"}, {"value", "spam"}}, "ham"));
        QVERIFY(!passes({{"type", "classification"}, {"value", "spam"}}, ""));
    }

    void valueFallsBackToTheExpectedOutput()
    {
        QVERIFY(passes({{"type", "icontains"}}, "It is a BILLING issue", expecting("billing")));
        QVERIFY(!passes({{"type", "equals"}}, "bug", expecting("billing")));
        QVERIFY(passes({{"type", "rouge-l"}}, "the cat sat", expecting("the cat sat")));
        // An explicit value wins over the expected output.
        QVERIFY(passes({{"type", "equals"}, {"value", "bug"}}, "bug", expecting("billing")));
        // Neither: the check cannot be made, and negation does not turn that into a pass.
        const AssertionResult none = check({{"type", "contains"}}, "text");
        QVERIFY(!none.pass);
        QCOMPARE(none.reason, std::string("no value, and the case has no expected output"));
        QVERIFY(!passes({{"type", "not-contains"}}, "text"));
    }

    void negationFlipsPassAndScore()
    {
        const AssertionResult plain = check({{"type", "contains"}, {"value", "a"}}, "abc");
        const AssertionResult negated = check({{"type", "not-contains"}, {"value", "a"}}, "abc");
        QVERIFY(plain.pass);
        QCOMPARE(plain.score, 1.0);
        QVERIFY(plain.reason.empty());
        QVERIFY(!negated.pass);
        QCOMPARE(negated.score, 0.0);
        QCOMPARE(negated.type, std::string("not-contains"));
        QCOMPARE(negated.reason, std::string("the output matches, and the assertion is negated"));
    }

    void negationInvertsEveryType()
    {
        EvalContext context;
        context.expected = "billing";
        context.latencyMs = 100;
        context.costUsd = 0.01;
        context.variables = {{"source", "The sky is blue."}};
        context.judge = [](const JudgeRequest &request) {
            const bool good = request.prompt.find("good answer") != std::string::npos;
            return JudgeVerdict {good, good ? 0.9 : 0.2, "judged"};
        };
        const json list = {"a", "b"};
        const char *sentence = "the cat sat on the mat";
        struct Row
        {
            json spec;
            std::string output;
            bool pass;
        };
        const std::vector<Row> rows = {
            {{{"type", "equals"}}, "billing", true},
            {{{"type", "equals"}}, "Billing", false},
            {{{"type", "contains"}, {"value", "bill"}}, "a billing issue", true},
            {{{"type", "contains"}, {"value", "bill"}}, "a refund", false},
            {{{"type", "icontains"}, {"value", "BILL"}}, "a billing issue", true},
            {{{"type", "icontains"}, {"value", "BILL"}}, "a refund", false},
            {{{"type", "starts-with"}, {"value", "Dear"}}, "Dear Ann", true},
            {{{"type", "starts-with"}, {"value", "Dear"}}, "Hi Ann", false},
            {{{"type", "regex"}, {"value", "^\\d+$"}}, "123", true},
            {{{"type", "regex"}, {"value", "^\\d+$"}}, "12a", false},
            {{{"type", "contains-any"}, {"value", list}}, "xa", true},
            {{{"type", "contains-any"}, {"value", list}}, "xy", false},
            {{{"type", "contains-all"}, {"value", list}}, "ab", true},
            {{{"type", "contains-all"}, {"value", list}}, "a", false},
            {{{"type", "is-json"}}, "{}", true},
            {{{"type", "is-json"}}, "{", false},
            {{{"type", "json-schema"}, {"value", {{"type", "array"}}}}, "[]", true},
            {{{"type", "json-schema"}, {"value", {{"type", "array"}}}}, "{}", false},
            {{{"type", "length"}, {"value", {{"max", 3}}}}, "abc", true},
            {{{"type", "length"}, {"value", {{"max", 3}}}}, "abcd", false},
            {{{"type", "latency"}, {"value", 100}}, "", true},
            {{{"type", "latency"}, {"value", 99}}, "", false},
            {{{"type", "cost"}, {"value", 0.01}}, "", true},
            {{{"type", "cost"}, {"value", 0.005}}, "", false},
            {{{"type", "levenshtein"}}, "billing", true},
            {{{"type", "levenshtein"}}, "xyz", false},
            {{{"type", "bleu"}, {"value", sentence}}, sentence, true},
            {{{"type", "bleu"}, {"value", sentence}}, "dogs", false},
            {{{"type", "rouge-1"}, {"value", sentence}}, sentence, true},
            {{{"type", "rouge-1"}, {"value", sentence}}, "dogs", false},
            {{{"type", "rouge-2"}, {"value", sentence}}, sentence, true},
            {{{"type", "rouge-2"}, {"value", sentence}}, "dogs", false},
            {{{"type", "rouge-l"}, {"value", sentence}}, sentence, true},
            {{{"type", "rouge-l"}, {"value", sentence}}, "dogs", false},
            {{{"type", "classification"}}, " Billing ", true},
            {{{"type", "classification"}}, "bug", false},
            {{{"type", "llm-rubric"}, {"value", "be helpful"}}, "a good answer", true},
            {{{"type", "llm-rubric"}, {"value", "be helpful"}}, "a bad one", false},
            {{{"type", "groundedness"}, {"value", "source"}}, "a good answer", true},
            {{{"type", "groundedness"}, {"value", "source"}}, "a bad one", false},
        };
        std::set<std::string> covered;
        for (const Row &row : rows) {
            const std::string label = row.spec.dump() + " on \"" + row.output + "\"";
            const AssertionResult plain = check(row.spec, row.output, context);
            QVERIFY2(plain.pass == row.pass, label.c_str());
            QVERIFY2(plain.score >= 0.0 && plain.score <= 1.0, label.c_str());
            json negatedSpec = row.spec;
            negatedSpec["type"] = "not-" + row.spec["type"].get<std::string>();
            const AssertionResult negated = check(negatedSpec, row.output, context);
            QVERIFY2(negated.pass == !row.pass, label.c_str());
            QVERIFY2(std::abs(negated.score - (1.0 - plain.score)) < 1e-12, label.c_str());
            covered.insert(row.spec["type"].get<std::string>());
        }
        QCOMPARE(covered.size(), std::size_t(20)); // every type, passing and failing
    }

    void judgeTypesNeedAJudge()
    {
        const AssertionResult noJudge
            = check({{"type", "llm-rubric"}, {"value", "is polite"}}, "Thanks!");
        QVERIFY(!noJudge.pass);
        QCOMPARE(noJudge.reason, std::string("llm-rubric needs a judge model"));
        QVERIFY(!passes({{"type", "not-llm-rubric"}, {"value", "is polite"}}, "Thanks!"));
    }

    void llmRubricAsksTheJudge()
    {
        EvalContext context;
        JudgeRequest seen;
        context.judge = [&seen](const JudgeRequest &request) {
            seen = request;
            return JudgeVerdict {true, 0.7, "polite enough"};
        };
        const AssertionResult judged
            = check({{"type", "llm-rubric"}, {"value", "is polite"}, {"provider", "grader"}},
                "Thanks {{rubric}}!", context);
        QVERIFY(judged.pass);
        QCOMPARE(judged.score, 0.7);
        QCOMPARE(judged.reason, std::string("polite enough"));
        QCOMPARE(seen.provider, std::string("grader"));
        // The rubric and the output are in the prompt; the output's braces are left alone.
        QVERIFY(seen.prompt.find("<rubric>\nis polite\n</rubric>") != std::string::npos);
        QVERIFY(seen.prompt.find("<output>\nThanks {{rubric}}!\n</output>") != std::string::npos);
        // A threshold decides by the judge's score instead of its verdict.
        QVERIFY(!check({{"type", "llm-rubric"}, {"value", "x"}, {"threshold", 0.8}}, "y", context)
                     .pass);
        QVERIFY(check({{"type", "not-llm-rubric"}, {"value", "x"}}, "y", context).score < 0.31);
        // A failed call fails the check and says why.
        context.judge = [](const JudgeRequest &) -> JudgeVerdict {
            throw std::runtime_error("rate limited");
        };
        QCOMPARE(check({{"type", "llm-rubric"}, {"value", "x"}}, "y", context).reason,
            std::string("the judge failed: rate limited"));
    }

    void theUsersJudgePromptsReplaceTheDefaults()
    {
        EvalContext context;
        std::string prompt;
        context.judge = [&prompt](const JudgeRequest &request) {
            prompt = request.prompt;
            return JudgeVerdict {true, 1.0, "ok"};
        };
        context.rubricPrompt = "Grade [{{output}}] by [{{rubric}}].";
        context.groundednessPrompt = "Is [{{output}}] backed by [{{source}}]?";
        context.variables = {{"article", "The sky is blue."}};
        QVERIFY(check({{"type", "llm-rubric"}, {"value", "terse"}}, "Hi", context).pass);
        QCOMPARE(prompt, std::string("Grade [Hi] by [terse]."));
        QVERIFY(check({{"type", "groundedness"}, {"value", "article"}}, "Blue", context).pass);
        QCOMPARE(prompt, std::string("Is [Blue] backed by [The sky is blue.]?"));
    }

    void groundednessReadsItsSourceFromAVariable()
    {
        EvalContext context;
        context.variables = {{"article", "Paris is the capital of France."}};
        std::string prompt;
        context.judge = [&prompt](const JudgeRequest &request) {
            prompt = request.prompt;
            return JudgeVerdict {false, 0.5, "the population is not in the source"};
        };
        const AssertionResult result = check({{"type", "groundedness"}, {"value", "article"}},
            "Paris, population 2M, is the capital.", context);
        QVERIFY(!result.pass);
        QCOMPARE(result.reason, std::string("the population is not in the source"));
        QVERIFY(prompt.find("<source>\nParis is the capital of France.\n</source>")
            != std::string::npos);
        const AssertionResult missing
            = check({{"type", "groundedness"}, {"value", "source"}}, "x", context);
        QVERIFY(!missing.pass);
        QVERIFY(QString::fromStdString(missing.reason).contains(QStringLiteral("\"source\"")));
    }

    void readsTheJudgesReply()
    {
        const std::optional<JudgeVerdict> fenced = parseJudgeReply(
            "Here you go:\n```json\n{\"reason\": \"ok\", \"pass\": true, \"score\": 0.9}\n```");
        QVERIFY(fenced);
        QVERIFY(fenced->pass);
        QCOMPARE(fenced->score, 0.9);
        QCOMPARE(fenced->reason, std::string("ok"));
        const std::optional<JudgeVerdict> scoreOnly = parseJudgeReply("{\"score\": 0.4}");
        QVERIFY(scoreOnly && !scoreOnly->pass);
        const std::optional<JudgeVerdict> passOnly = parseJudgeReply("{\"pass\": true}");
        QVERIFY(passOnly && passOnly->score == 1.0);
        QVERIFY(!parseJudgeReply("I think it passes."));
        QVERIFY(!parseJudgeReply("{\"verdict\": \"yes\"}"));
    }

    void aCasePassesWhenEveryAssertionPasses()
    {
        QVERIFY(scoreCase({result(true, 1, 1), result(true, 0.8, 2)}).pass);
        const CaseScore failed = scoreCase({result(true, 1, 1), result(false, 0, 1)});
        QVERIFY(!failed.pass);
        QCOMPARE(failed.score, 0.5);
        // Weight 0 is informational: it neither scores nor fails the case.
        const CaseScore informational = scoreCase({result(true, 1, 1), result(false, 0, 0)});
        QVERIFY(informational.pass);
        QCOMPARE(informational.score, 1.0);
        const CaseScore empty = scoreCase({});
        QVERIFY(empty.pass);
        QCOMPARE(empty.score, 1.0);
    }

    void aThresholdDecidesByTheWeightedScore()
    {
        // (1×1 + 3×0.5 + 1×0) / 5 = 2.5 / 5 = 0.5
        const std::vector<AssertionResult> results
            = {result(true, 1, 1), result(false, 0.5, 3), result(false, 0, 1)};
        QCOMPARE(scoreCase(results).score, 0.5);
        QVERIFY(scoreCase(results, 0.5).pass);
        QVERIFY(!scoreCase(results, 0.51).pass);
        // Weights come from the parsed assertions.
        const AssertionResult weighted
            = check({{"type", "contains"}, {"value", "a"}, {"weight", 3}}, "b");
        QCOMPARE(weighted.weight, 3.0);
        const CaseScore mixed
            = scoreCase({weighted, check({{"type", "contains"}, {"value", "b"}}, "b")}, 0.25);
        QCOMPARE(mixed.score, 0.25);
        QVERIFY(mixed.pass);
    }
};

QTEST_APPLESS_MAIN(TestAssertions)
#include "test_assertions.moc"
