#include "eval/dataset.h"

#include "eval/code_points.h"
#include "eval/csv_reader.h"
#include "eval/json_schema.h"
#include "util/ascii_text.h"
#include "util/json_depth.h"
#include "util/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <functional>
#include <set>
#include <utility>

namespace ps::eval {

namespace {

using nlohmann::json;

// Raised while reading one case, before its file and line are known; the reader adds them.
DatasetError caseError(const std::string &reason)
{
    return DatasetError({}, 0, reason);
}

std::string quote(std::string_view text)
{
    return "\"" + std::string(text) + "\"";
}

const char *typeName(const json &value)
{
    return value.is_number() ? "a number"
        : value.is_boolean() ? "a boolean"
        : value.is_array()   ? "a list"
        : value.is_object()  ? "an object"
        : value.is_null()    ? "null"
                             : "a string";
}

std::vector<std::string> readTags(const json &tags)
{
    if (tags.is_string())
        return {tags.get<std::string>()};
    const std::string shape = "expected \"tags\" to be a string or a list of strings";
    if (!tags.is_array())
        throw caseError(shape);
    std::vector<std::string> list;
    for (const json &tag : tags) {
        if (!tag.is_string())
            throw caseError(shape);
        list.push_back(tag.get<std::string>());
    }
    return list;
}

json readMessages(const json &messages)
{
    if (!messages.is_array())
        throw caseError("expected \"messages\" to be a list of {\"role\", \"content\"} objects");
    static const std::set<std::string> roles {"system", "user", "assistant", "tool"};
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const json &message = messages[i];
        const std::string where = "\"messages\"[" + std::to_string(i) + "]: ";
        if (!message.is_object())
            throw caseError(where + "expected an object with \"role\" and \"content\"");
        const auto role = message.find("role");
        if (role == message.end() || !role->is_string())
            throw caseError(where + "expected \"role\" to be a string");
        if (!roles.contains(role->get<std::string>()))
            throw caseError(where + "role " + quote(role->get<std::string>())
                + " is not system, user, assistant or tool");
        const auto content = message.find("content");
        if (content == message.end() || !content->is_string())
            throw caseError(where + "expected \"content\" to be a string");
    }
    return messages;
}

// Parses the spec as an evaluation will, plus what only the case can tell: an assertion that
// falls back on the expected output needs one, and a pattern or schema taken from it must
// compile. Throws AssertionError.
void checkAssertion(const json &spec, const std::optional<std::string> &expected)
{
    const Assertion assertion = parseAssertion(spec);
    if (assertion.value || assertion.type == AssertionType::IsJson)
        return;
    if (!expected)
        throw AssertionError(assertion.name() + " has no \"value\" and the case no \"expected\"");
    if (assertion.type == AssertionType::Regex)
        compilePattern(*expected);
    if (assertion.type == AssertionType::JsonSchema) {
        try {
            JsonSchema schema(util::parseJson(*expected));
        } catch (const util::JsonTooDeep &error) {
            throw AssertionError(assertion.name() + ": " + error.what());
        } catch (const json::exception &) {
            throw AssertionError(assertion.name() + ": the \"expected\" is not a JSON schema");
        } catch (const std::invalid_argument &error) {
            throw AssertionError(assertion.name() + ": " + error.what());
        }
    }
}

void checkAssertions(const json &assertions, const std::optional<std::string> &expected)
{
    for (std::size_t i = 0; i < assertions.size(); ++i) {
        try {
            checkAssertion(assertions[i], expected);
        } catch (const AssertionError &error) {
            throw caseError("\"assert\"[" + std::to_string(i) + "]: " + error.what());
        }
    }
}

std::string jsonErrorReason(const json::parse_error &error)
{
    // nlohmann's text starts "[json.exception.parse_error.101] parse error at line 1, column 9:
    // "; the column is what helps on a one-line case.
    std::string detail = error.what();
    if (const auto colon = detail.find(": "); colon != std::string::npos)
        detail = detail.substr(colon + 2);
    if (error.byte == 0) // no position: a number too large for a double
        return "malformed JSON: " + detail;
    return "malformed JSON at column " + std::to_string(error.byte) + ": " + detail;
}

std::string_view withoutBom(std::string_view text)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    return text;
}

// --- CSV -------------------------------------------------------------------------------------

enum class ColumnKind { Variable, Expected, Tags, Description, Assertion, Images, Extra };

ColumnKind columnKind(const std::string &name)
{
    if (name == "expected")
        return ColumnKind::Expected;
    if (name == "tags")
        return ColumnKind::Tags;
    if (name == "description" || name == "__description")
        return ColumnKind::Description;
    if (name.starts_with("__expected")
        && std::all_of(name.begin() + 10, name.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return ColumnKind::Assertion;
    if (name == "__images")
        return ColumnKind::Images; // ours: image files or URLs, separated by ';'
    if (name.starts_with("__"))
        return ColumnKind::Extra; // promptfoo's __prefix, __metadata:..., never a variable
    return ColumnKind::Variable;
}

std::vector<std::string> splitList(std::string_view text, std::string_view separators)
{
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(separators, start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view item = trim(text.substr(start, end - start));
        if (!item.empty())
            items.emplace_back(item);
        start = end + 1;
    }
    return items;
}

std::optional<double> parseNumber(std::string_view text)
{
    double number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return number;
}

// promptfoo types with no counterpart here: refused rather than read as an `equals` of the cell.
bool isForeignAssertionType(std::string_view name)
{
    static constexpr std::array<std::string_view, 14> foreign {"javascript", "python", "fn", "eval",
        "similar", "webhook", "rouge-n", "answer-relevance", "context-recall", "context-relevance",
        "context-faithfulness", "factuality", "model-graded-closedqa", "perplexity"};
    return std::find(foreign.begin(), foreign.end(), name) != foreign.end();
}

// "contains: word", "not-icontains: x", "rouge-l(0.6): text", "is-json", "grade: rubric", or
// plain text meaning equals, as promptfoo's __expected columns read.
json expectedCellToSpec(const std::string &cell)
{
    const std::string_view text = trim(cell);
    if (text == "is-json" || text == "not-is-json")
        return {{"type", text}};
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
        std::string_view prefix = trim(text.substr(0, colon));
        std::optional<double> threshold;
        if (prefix.ends_with(')')) {
            if (const std::size_t open = prefix.find('('); open != std::string_view::npos) {
                threshold = parseNumber(trim(prefix.substr(open + 1, prefix.size() - open - 2)));
                if (threshold)
                    prefix = trim(prefix.substr(0, open));
            }
        }
        const bool negate = prefix.starts_with("not-");
        std::string name(negate ? prefix.substr(4) : prefix);
        if (name == "grade")
            name = "llm-rubric"; // promptfoo's shorthand for the rubric
        if (isForeignAssertionType(name))
            throw AssertionError("promptfoo's " + quote(name) + " assertion is not supported");
        if (const auto type = assertionTypeFromString(name)) {
            const std::string_view rest = trim(text.substr(colon + 1));
            json spec {{"type", (negate ? "not-" : "") + name}};
            if (threshold)
                spec["threshold"] = *threshold;
            if (rest.empty())
                return spec; // "classification:": no value of its own, the case's expected
            switch (*type) {
            case AssertionType::ContainsAny:
            case AssertionType::ContainsAll:
                spec["value"] = splitList(rest, ",");
                break;
            case AssertionType::Latency:
            case AssertionType::Cost:
                if (const auto number = parseNumber(rest))
                    spec["value"] = *number;
                else
                    spec["value"] = rest; // refused by parseAssertion, which names the unit
                break;
            case AssertionType::JsonSchema:
            case AssertionType::Length:
                try {
                    spec["value"] = util::parseJson(rest);
                } catch (const json::parse_error &) {
                    throw AssertionError(name + " needs its value as JSON");
                } catch (const util::JsonTooDeep &error) {
                    throw AssertionError(name + ": " + error.what());
                }
                break;
            case AssertionType::IsJson:
                if (!rest.empty())
                    spec["value"] = rest;
                break;
            default:
                spec["value"] = rest;
            }
            return spec;
        }
    }
    return {{"type", "equals"}, {"value", cell}};
}

struct Column
{
    std::string name;
    ColumnKind kind;
};

std::vector<Column> readHeader(const CsvRecord &header, const std::string &file)
{
    std::vector<Column> columns;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string name(trim(header.fields[i]));
        if (name.empty())
            throw DatasetError(file, header.line,
                "column " + std::to_string(i + 1) + " of the header has no name");
        if (!util::isValidUtf8(name))
            throw DatasetError(file, header.line, "the header is not valid UTF-8");
        if (!seen.insert(name).second)
            throw DatasetError(file, header.line, "column " + quote(name) + " appears twice");
        columns.push_back({name, columnKind(name)});
    }
    return columns;
}

DatasetCase readRow(const std::vector<Column> &columns, const CsvRecord &row)
{
    DatasetCase result;
    std::vector<std::pair<std::string, std::string>> assertionCells;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const Column &column = columns[i];
        const std::string &cell = row.fields[i];
        if (!util::isValidUtf8(cell))
            throw caseError("column " + quote(column.name) + " is not valid UTF-8");
        switch (column.kind) {
        case ColumnKind::Variable:
            result.vars[column.name] = cell;
            break;
        case ColumnKind::Expected:
            if (!cell.empty())
                result.expected = cell;
            break;
        case ColumnKind::Tags:
            result.tags = splitList(cell, ",;");
            break;
        case ColumnKind::Description:
            if (!cell.empty())
                result.extra["description"] = cell;
            break;
        case ColumnKind::Assertion:
            if (!trim(cell).empty())
                assertionCells.emplace_back(column.name, cell);
            break;
        case ColumnKind::Images:
            if (!trim(cell).empty())
                result.extra["images"] = splitList(cell, ";");
            break;
        case ColumnKind::Extra:
            if (!cell.empty())
                result.extra[column.name] = cell;
            break;
        }
    }
    // After the row, so an assertion may fall back on an `expected` column to its right.
    for (const auto &[name, cell] : assertionCells) {
        try {
            json spec = expectedCellToSpec(cell);
            checkAssertion(spec, result.expected);
            result.assertions.push_back(std::move(spec));
        } catch (const AssertionError &error) {
            throw caseError("column " + quote(name) + ": " + error.what());
        }
    }
    return result;
}

} // namespace

DatasetError::DatasetError(std::string file, int line, std::string reason)
    : std::runtime_error(file.empty() ? reason
            : line > 0                ? file + ":" + std::to_string(line) + ": " + reason
                                      : file + ": " + reason)
    , m_file(std::move(file))
    , m_line(line)
    , m_reason(std::move(reason))
{ }

std::string datasetJsonl(const std::vector<DatasetCase> &cases)
{
    std::string text;
    for (const DatasetCase &item : cases)
        text += item.toJson().dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    return text;
}

json DatasetCase::toJson() const
{
    json result = extra;
    result["vars"] = vars;
    if (expected)
        result["expected"] = *expected;
    result["tags"] = tags;
    result["messages"] = messages;
    result["assert"] = assertions;
    return result;
}

DatasetCase DatasetCase::fromJson(json value)
{
    if (!value.is_object())
        throw caseError(std::string("expected a case to be a JSON object, not ") + typeName(value));
    DatasetCase result;
    for (auto entry = value.begin(); entry != value.end(); ++entry) {
        const std::string &key = entry.key();
        json &field = entry.value();
        if (key == "vars") {
            if (!field.is_object())
                throw caseError("expected \"vars\" to be an object");
            result.vars = std::move(field);
        } else if (key == "expected") {
            if (!field.is_null() && !field.is_string())
                throw caseError(
                    std::string("expected \"expected\" to be a string, not ") + typeName(field));
            if (field.is_string())
                result.expected = std::move(field.get_ref<std::string &>());
        } else if (key == "tags") {
            result.tags = readTags(field);
        } else if (key == "messages") {
            result.messages = readMessages(field);
        } else if (key == "assert") {
            if (!field.is_array())
                throw caseError("expected \"assert\" to be a list of assertions");
            result.assertions = std::move(field);
        } else {
            result.extra[key] = std::move(field);
        }
    }
    checkAssertions(result.assertions, result.expected);
    return result;
}

namespace {

void readJsonlCases(std::string_view text, const std::string &file, const DatasetCaseSink &onCase)
{
    text = withoutBom(text);
    bool any = false;
    int lineNumber = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        DatasetCase datasetCase;
        try {
            datasetCase = DatasetCase::fromJson(util::parseJson(line));
        } catch (const json::parse_error &error) {
            throw DatasetError(file, lineNumber, jsonErrorReason(error));
        } catch (const util::JsonTooDeep &error) {
            throw DatasetError(file, lineNumber, error.what());
        } catch (const DatasetError &error) {
            throw DatasetError(file, lineNumber, error.reason());
        }
        any = true;
        onCase(std::move(datasetCase));
    }
    if (!any)
        throw DatasetError(file, 0, "the file has no cases");
}

void readCsvCases(std::string_view text, const std::string &file, const DatasetCaseSink &onCase)
{
    try {
        CsvReader reader(text);
        const std::optional<CsvRecord> header = reader.next();
        if (!header)
            throw DatasetError(
                file, 0, "the file is empty: a header row naming the columns is needed");
        const std::vector<Column> columns = readHeader(*header, file);
        bool any = false;
        // One record at a time: memory follows the file, not the file times the records'
        // overhead.
        while (const std::optional<CsvRecord> row = reader.next()) {
            if (row->fields.size() != columns.size())
                throw DatasetError(file, row->line,
                    "the row has " + std::to_string(row->fields.size())
                        + (row->fields.size() == 1 ? " field" : " fields") + " but the header has "
                        + std::to_string(columns.size()) + " columns");
            DatasetCase datasetCase;
            try {
                datasetCase = readRow(columns, *row);
            } catch (const DatasetError &error) {
                throw DatasetError(file, row->line, error.reason());
            }
            any = true;
            onCase(std::move(datasetCase));
        }
        if (!any)
            throw DatasetError(file, 0, "the file has no cases below its header row");
    } catch (const CsvError &error) {
        throw DatasetError(file, error.line(), error.what());
    }
}

std::vector<DatasetCase> collect(
    void (*read)(std::string_view, const std::string &, const DatasetCaseSink &),
    std::string_view text, const std::string &file)
{
    std::vector<DatasetCase> cases;
    read(text, file,
        [&cases](DatasetCase &&datasetCase) { cases.push_back(std::move(datasetCase)); });
    return cases;
}

} // namespace

std::vector<DatasetCase> parseJsonlDataset(std::string_view text, const std::string &file)
{
    return collect(readJsonlCases, text, file);
}

std::vector<DatasetCase> parseCsvDataset(std::string_view text, const std::string &file)
{
    return collect(readCsvCases, text, file);
}

void forEachDatasetCase(
    std::string_view text, const std::string &file, const DatasetCaseSink &onCase)
{
    const std::string lower = util::asciiLower(file);
    if (lower.ends_with(".jsonl"))
        return readJsonlCases(text, file, onCase);
    if (lower.ends_with(".csv"))
        return readCsvCases(text, file, onCase);
    throw DatasetError(file, 0, "a dataset is a .jsonl or .csv file");
}

std::vector<DatasetCase> parseDatasetFile(std::string_view text, const std::string &file)
{
    return collect(forEachDatasetCase, text, file);
}

namespace {

// The value of the case's first assertion whose type `wanted` accepts, else its `expected`;
// nullopt when no assertion is of such a type.
template<typename Wanted>
std::optional<std::string> firstAssertionValue(const DatasetCase &datasetCase, Wanted wanted)
{
    if (!datasetCase.assertions.is_array())
        return std::nullopt;
    for (const nlohmann::json &spec : datasetCase.assertions) {
        if (!spec.is_object() || !wanted(spec.value("type", std::string())))
            continue;
        const auto value = spec.find("value");
        if (value != spec.end() && value->is_string())
            return value->get<std::string>();
        return datasetCase.expected;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> expectedLabel(const DatasetCase &datasetCase)
{
    return firstAssertionValue(
        datasetCase, [](const std::string &type) { return type == "classification"; });
}

std::optional<std::string> referenceText(const DatasetCase &datasetCase)
{
    return firstAssertionValue(datasetCase, [](const std::string &type) {
        return type == "bleu" || type == "rouge-1" || type == "rouge-2" || type == "rouge-l"
            || type == "levenshtein";
    });
}

} // namespace ps::eval
