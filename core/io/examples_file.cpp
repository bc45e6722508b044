#include "io/examples_file.h"

#include "eval/dataset.h"
#include "util/ascii_text.h"
#include "util/csv_text.h"

#include <algorithm>

namespace ps::io {

namespace {

using nlohmann::json;

// "enabled" as JSON writes it (true/false) or as a spreadsheet does (TRUE, 0, no, ...).
bool readEnabled(const json &value, const std::string &file, std::size_t index)
{
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_string()) {
        const std::string text = util::asciiLower(value.get<std::string>());
        if (text == "true" || text == "1" || text == "yes" || text.empty())
            return true;
        if (text == "false" || text == "0" || text == "no")
            return false;
    }
    // A CSV record may span lines, so the example is named by its place, not a line.
    throw eval::DatasetError(file, 0,
        "example " + std::to_string(index + 1) + ": \"enabled\" is " + value.dump()
            + ", not true or false");
}

std::string noteOf(const json &extra)
{
    for (const char *key : {"note", "__note", "description"})
        if (const auto it = extra.find(key); it != extra.end() && it->is_string())
            return it->get<std::string>();
    return {};
}

} // namespace

std::vector<model::Example> readExamplesFile(
    std::string_view text, const std::string &file, const std::vector<std::string> &variables)
{
    std::vector<model::Example> examples;
    eval::forEachDatasetCase(text, file, [&](eval::DatasetCase &&item) {
        // A spreadsheet's "note" and "enabled" columns reach us as variables: they are the
        // example's own fields unless the prompt has a variable of that name.
        for (const char *field : {"note", "enabled"})
            if (std::find(variables.begin(), variables.end(), field) == variables.end())
                if (const auto it = item.vars.find(field); it != item.vars.end()) {
                    item.extra[field] = *it;
                    item.vars.erase(it);
                }
        model::Example example;
        example.input = std::move(item.vars);
        example.output = item.expected.value_or("");
        example.tags = std::move(item.tags);
        example.note = noteOf(item.extra);
        for (const char *key : {"enabled", "__enabled"})
            if (const auto it = item.extra.find(key); it != item.extra.end())
                example.enabled = readEnabled(*it, file, examples.size());
        examples.push_back(std::move(example));
    });
    return examples;
}

std::string writeExamplesJsonl(const std::vector<model::Example> &examples)
{
    std::string out;
    for (const model::Example &example : examples) {
        json line = {{"vars", example.input}, {"expected", example.output}, {"tags", example.tags}};
        if (!example.note.empty())
            line["note"] = example.note;
        if (!example.enabled)
            line["enabled"] = false;
        out += line.dump() + "\n";
    }
    return out;
}

std::string writeExamplesCsv(
    const std::vector<model::Example> &examples, const std::vector<std::string> &variables)
{
    std::vector<std::string> columns = variables;
    for (const model::Example &example : examples)
        for (const auto &[name, value] : example.input.items())
            if (std::find(columns.begin(), columns.end(), name) == columns.end())
                columns.push_back(name);
    std::string out;
    for (const std::string &column : columns)
        out += util::csvField(column) + ",";
    out += "expected,tags,__note,__enabled\r\n";
    for (const model::Example &example : examples) {
        for (const std::string &column : columns) {
            const json value = example.input.value(column, json());
            out += util::csvField(value.is_string() ? value.get<std::string>()
                                      : value.is_null() ? std::string()
                                                        : value.dump())
                + ",";
        }
        std::string tags;
        for (const std::string &tag : example.tags)
            tags += (tags.empty() ? "" : ", ") + tag;
        out += util::csvField(example.output) + "," + util::csvField(tags) + ","
            + util::csvField(example.note) + "," + (example.enabled ? "true" : "false") + "\r\n";
    }
    return out;
}

} // namespace ps::io
