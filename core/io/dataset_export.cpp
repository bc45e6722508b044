#include "io/dataset_export.h"

#include "util/csv_text.h"

#include <algorithm>
#include <set>

namespace ps::io {

using nlohmann::json;

namespace {

// A JSON value as the text a CSV cell holds: strings as they are, anything else as JSON.
std::string cellText(const json &value)
{
    return value.is_string() ? value.get<std::string>() : value.dump();
}

// An assertion as promptfoo's `__expected` cell ("icontains: refund", "rouge-l(0.5): text").
std::string assertionCell(const json &spec)
{
    const std::string type = spec.value("type", std::string());
    std::string cell = type;
    if (const auto threshold = spec.find("threshold"); threshold != spec.end() && threshold->is_number())
        cell += "(" + threshold->dump() + ")";
    const auto value = spec.find("value");
    if (value == spec.end() || value->is_null())
        return (type == "is-json" || type == "not-is-json") && cell == type ? cell : cell + ":";
    if (value->is_array() && std::all_of(value->begin(), value->end(), [](const json &item) { return item.is_string(); })) {
        std::string list;
        for (const json &item : *value)
            list += (list.empty() ? "" : ", ") + item.get<std::string>();
        return cell + ": " + list;
    }
    return cell + ": " + cellText(*value);
}

// What of `original` did not survive as `readBack`, named for the user.
void listLosses(std::size_t index, const eval::DatasetCase &original,
    const eval::DatasetCase &readBack, std::vector<std::string> &lost)
{
    const std::string where = "case " + std::to_string(index + 1) + ": ";
    for (auto entry = original.vars.begin(); entry != original.vars.end(); ++entry) {
        const auto back = readBack.vars.find(entry.key());
        if (back == readBack.vars.end() || *back != entry.value())
            lost.push_back(where + "variable '" + entry.key() + "'"
                + (entry.value().is_string() ? " (its spacing)" : " (not text: it reads back as text)"));
    }
    if (original.expected != readBack.expected)
        lost.push_back(where + "its expected answer as written (spacing, or empty)");
    if (original.tags != readBack.tags)
        lost.push_back(where + "its tags (a tag holding a comma or a semicolon)");
    if (!original.messages.empty())
        lost.push_back(where + "its prior messages");
    if (original.assertions != readBack.assertions)
        lost.push_back(where + "its assertions (weights, options or values a cell cannot hold)");
    for (auto entry = original.extra.begin(); entry != original.extra.end(); ++entry) {
        const auto back = readBack.extra.find(entry.key());
        if (back == readBack.extra.end() || *back != entry.value())
            lost.push_back(where + "its \"" + entry.key() + "\"");
    }
}

} // namespace

DatasetFile datasetAsJsonl(const std::vector<eval::DatasetCase> &cases)
{
    return {eval::datasetJsonl(cases), {}};
}

DatasetFile datasetAsCsv(const std::vector<eval::DatasetCase> &cases)
{
    std::vector<std::string> variables;
    std::set<std::string> seen;
    bool anyExpected = false;
    bool anyTags = false;
    bool anyDescription = false;
    std::size_t assertionColumns = 0;
    for (const eval::DatasetCase &datasetCase : cases) {
        for (auto entry = datasetCase.vars.begin(); entry != datasetCase.vars.end(); ++entry)
            if (seen.insert(entry.key()).second)
                variables.push_back(entry.key());
        anyExpected = anyExpected || datasetCase.expected.has_value();
        anyTags = anyTags || !datasetCase.tags.empty();
        anyDescription = anyDescription || datasetCase.extra.contains("description");
        assertionColumns = std::max(assertionColumns, datasetCase.assertions.size());
    }

    std::string text;
    auto addRow = [&text](const std::vector<std::string> &fields) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            text += (i ? "," : "") + util::csvField(fields[i]);
        text += "\r\n";
    };
    std::vector<std::string> header = variables;
    if (anyExpected)
        header.push_back("expected");
    if (anyTags)
        header.push_back("tags");
    if (anyDescription)
        header.push_back("description");
    for (std::size_t i = 0; i < assertionColumns; ++i)
        header.push_back(i == 0 ? "__expected" : "__expected" + std::to_string(i + 1));
    if (header.empty())
        header.push_back("expected"); // cases with nothing in them still make a readable table
    addRow(header);

    for (const eval::DatasetCase &datasetCase : cases) {
        std::vector<std::string> row;
        for (const std::string &name : variables)
            row.push_back(datasetCase.vars.contains(name) ? cellText(datasetCase.vars[name]) : std::string());
        if (anyExpected)
            row.push_back(datasetCase.expected.value_or(std::string()));
        if (anyTags) {
            std::string tags;
            for (const std::string &tag : datasetCase.tags)
                tags += (tags.empty() ? "" : ", ") + tag;
            row.push_back(tags);
        }
        if (anyDescription)
            row.push_back(datasetCase.extra.contains("description")
                    ? cellText(datasetCase.extra["description"]) : std::string());
        for (std::size_t i = 0; i < assertionColumns; ++i)
            row.push_back(i < datasetCase.assertions.size() ? assertionCell(datasetCase.assertions[i])
                                                            : std::string());
        if (row.size() < header.size())
            row.resize(header.size());
        addRow(row);
    }

    DatasetFile file {text, {}};
    if (cases.empty())
        return file;
    // Read back as `dataset import` would: what differs is what CSV could not carry.
    std::vector<eval::DatasetCase> readBack;
    try {
        readBack = eval::parseCsvDataset(text, "export.csv");
    } catch (const eval::DatasetError &error) {
        file.lost.push_back("the table does not read back (" + std::string(error.what())
            + "); use JSONL");
        return file;
    }
    for (std::size_t i = 0; i < cases.size() && i < readBack.size(); ++i)
        if (!(cases[i] == readBack[i]))
            listLosses(i, cases[i], readBack[i], file.lost);
    return file;
}

} // namespace ps::io
